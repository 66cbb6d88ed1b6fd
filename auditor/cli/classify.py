"""`classify`, `check` and `eval`: the classifier on posts, a draft, and labelled posts."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime

import click
from tqdm import tqdm

from auditor.classify import Classifier
from auditor.cli.options import UserError, config_option, lang_option, load_config_or_fail
from auditor.errors import AuditError, InputError
from auditor.jsonl import read_jsonl
from auditor.model import (
    Account,
    Post,
    labelled_post_from_dict,
    post_from_dict,
    verdict_to_dict,
)
from reports.check import render_check
from reports.evaluation import Evaluation


def _progress(iterable, unit: str):
    return tqdm(iterable, unit=unit, file=sys.stderr, disable=not sys.stderr.isatty())


@click.command()
@config_option
@click.option(
    "--input",
    "source",
    type=click.File("rb"),
    default="-",
    show_default=True,
    help="Posts as JSON Lines (spec/FORMATS.md); - for stdin.",
)
@click.option(
    "--output",
    "target",
    type=click.File("w", encoding="utf-8", lazy=True),
    default="-",
    show_default=True,
    help="Verdicts as JSON Lines; - for stdout.",
)
@click.option("--skip-invalid", is_flag=True, help="Skip malformed lines, count and report them.")
@click.option("--trace", is_flag=True, help="Add each finding's decision trace to the output.")
def classify(config_path, source, target, skip_invalid, trace) -> None:
    r"""Classify posts (JSON Lines in, one verdict per post out, same order).

    \b
    Example:
      social-audit classify --config examples/org.toml --input examples/posts.jsonl
    """
    classifier = Classifier(load_config_or_fail(config_path).organisation)
    skipped: list[int] | None = [] if skip_invalid else None
    name = getattr(source, "name", "input")
    try:
        for line_number, data in _progress(read_jsonl(source, name=name, skipped=skipped), "post"):
            try:
                post = post_from_dict(data)
            except InputError as exc:
                if skipped is None:
                    raise InputError(exc.detail, source=name, line=line_number) from None
                skipped.append(line_number)
                continue
            verdict = classifier.classify(post)
            target.write(json.dumps(verdict_to_dict(verdict, trace=trace), ensure_ascii=False))
            target.write("\n")
    except InputError as exc:
        raise UserError(f"{exc} (use --skip-invalid to skip malformed lines)") from None
    if skipped:
        skipped.sort()
        shown = ", ".join(map(str, skipped[:20])) + (" ..." if len(skipped) > 20 else "")
        click.echo(f"Skipped {len(skipped)} invalid line(s): {shown}", err=True)


@click.command()
@config_option
@click.argument("text")
@click.option("--bio", default="", help="The bio of the account you will post from.")
@click.option(
    "--kind", type=click.Choice(["personal", "official"]), default="personal", show_default=True
)
@click.option("--role", default="", help="Your role, e.g. leerkracht or directeur.")
@click.option("--explain", is_flag=True, help="Show the evidence and the rules' reasoning.")
@lang_option
def check(config_path, text, bio, kind, role, explain, lang) -> None:
    r"""Check one draft post before you publish it (protocol rule 8).

    \b
    Example:
      social-audit check --config examples/org.toml --bio "Juf groep 5" \\
          "Wat was Daan uit groep 5 trots vandaag!"
    """
    classifier = Classifier(load_config_or_fail(config_path).organisation)
    post = Post(
        id="draft",
        platform="other",
        created_at=datetime.now(UTC),
        text=text,
        account=Account(handle="draft", kind=kind, bio=bio, role=role),
    )
    click.echo(render_check(post, classifier.classify(post), lang=lang, explain=explain))


@click.command(name="eval")
@config_option
@click.option(
    "--gold", "gold", type=click.File("rb"), required=True, help="Labelled posts (JSON Lines)."
)
@click.option(
    "--misses/--no-misses", default=True, show_default=True, help="List the posts it got wrong."
)
def evaluate_command(config_path, gold, misses) -> None:
    r"""Measure the classifier on labelled posts: precision, recall and F1 per flag.

    \b
    Example:
      social-audit eval --config ../shared/data/org.toml --gold ../shared/data/dev.jsonl
    """
    classifier = Classifier(load_config_or_fail(config_path).organisation)
    result = Evaluation()
    name = getattr(gold, "name", "gold")
    try:
        for line_number, data in _progress(read_jsonl(gold, name=name), "post"):
            try:
                item = labelled_post_from_dict(data)
            except InputError as exc:
                raise InputError(exc.detail, source=name, line=line_number) from None
            result.add(item, classifier.classify(item.post))
    except AuditError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"{result.posts} posts, classifier {classifier.version}")
    click.echo(
        f"{'flag':<20} {'precision':>9} {'recall':>7} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"
    )
    for s in result.scores():
        click.echo(
            f"{s.flag:<20} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f}"
            f" {s.tp:>4} {s.fp:>4} {s.fn:>4}"
        )
    if misses and result.misses:
        click.echo("\nmisses:")
        for miss in result.misses:
            rules = f" ({', '.join(miss.rules)})" if miss.rules else ""
            click.echo(f"  {miss.post_id}  {miss.flag:<20} {miss.kind}{rules}")
