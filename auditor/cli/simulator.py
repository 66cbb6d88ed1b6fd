"""`social-audit simulator`: the platform simulator, run by hand until Ctrl-C.

The simulator is imported when the command runs, not when the CLI loads: the
connectors package loads every platform's client library (about a second),
which the other commands do not need.
"""

from __future__ import annotations

import threading

import click


@click.command("simulator")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8400, show_default=True, help="Port; 0 picks a free one.")
@click.option(
    "--accounts",
    type=click.IntRange(0),
    default=10,
    show_default=True,
    help="Accounts listed per platform.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Draws all posts and faults.")
@click.option(
    "--posts", type=click.IntRange(0), default=30, show_default=True, help="Posts per account."
)
@click.option(
    "--days",
    type=click.FloatRange(min=0, min_open=True),
    default=14,
    show_default=True,
    help="How far back the posts reach.",
)
@click.option(
    "--page-size",
    type=click.IntRange(1),
    default=None,
    help="Most items per page (default: each platform's maximum).",
)
@click.option(
    "--latency",
    type=click.FloatRange(0),
    default=0.0,
    show_default=True,
    help="Seconds added to every answer.",
)
@click.option(
    "--rate-limit",
    type=click.IntRange(1),
    default=None,
    help="Requests per window per token, then 429s.",
)
@click.option(
    "--rate-window",
    type=click.FloatRange(min=0, min_open=True),
    default=900,
    show_default=True,
    help="Seconds in a rate-limit window.",
)
@click.option(
    "--error-rate",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Share of requests answered with a 5xx.",
)
@click.option(
    "--malformed-rate",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Share of answers whose JSON is cut short.",
)
def simulator(
    host,
    port,
    accounts,
    seed,
    posts,
    days,
    page_size,
    latency,
    rate_limit,
    rate_window,
    error_rate,
    malformed_rate,
) -> None:
    r"""Serve simulated X, Facebook, Mastodon and Bluesky APIs until Ctrl-C.

    Prints each platform's base URL and a few accounts with a token the
    simulator accepts. Any other handle works too: accounts are made when asked.

    \b
    Example:
      social-audit simulator --port 8400 --accounts 50 --seed 1
    """
    from datetime import timedelta

    from connectors.simulator import Fault, RateLimit, Simulator

    faults = []
    if error_rate:
        faults.append(Fault("error", rate=error_rate))
    if malformed_rate:
        faults.append(Fault("malformed", rate=malformed_rate))
    sim = Simulator(
        host=host,
        port=port,
        seed=seed,
        accounts=accounts,
        posts_per_account=posts,
        span=timedelta(days=days),
        page_size=page_size,
        latency=latency,
        rate_limit=RateLimit(rate_limit, rate_window) if rate_limit else None,
        faults=tuple(faults),
    )
    with sim:
        for platform in ("x", "facebook", "mastodon", "bluesky"):
            plc = f"  (bluesky_plc = {sim.plc_url()})" if platform == "bluesky" else ""
            click.echo(f"{platform:<9} {sim.base_url(platform)}{plc}")
            for account in sim.accounts(platform)[:3]:
                token = sim.token(platform, account.handle)
                click.echo(f"          {account.handle}  id={account.user_id}  token={token}")
        click.echo("Serving; press Ctrl-C to stop.", err=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            click.echo("Stopped.", err=True)
