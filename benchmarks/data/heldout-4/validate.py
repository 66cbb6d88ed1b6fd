#!/usr/bin/env python3
"""Validate heldout4 (stdlib only).

Usage: python3 validate.py [heldout.jsonl] [org.toml]

Checks
  * every line is a JSON object; required fields present with allowed values
    (spec/FORMATS.md: post + labels, plus a non-empty note in this set);
  * ids h4-001 .. h4-NNN, unique and complete; no duplicate texts;
  * dates in Oct-Dec 2026;
  * label consistency with spec/LABELS.md:
      - missing_disclaimer only on personal accounts and only with work_overlap;
      - rule 1: personal + work_overlap + no personal-title disclaimer in post
        or bio  => missing_disclaimer (checked with a phrase list; a label that
        disagrees must be marked UNCERTAIN in the note);
      - a disclaimer present but missing_disclaimer YES is only allowed when
        the post speaks on behalf of the organisation (rule 2);
      - pupil_data and confidential imply work_overlap (school context /
        information of the organisation) - a convention of this set;
  * org.toml has an [organisation] section with the FORMATS.md keys.
Prints label counts. Exit status 1 on any error.
"""

import json
import re
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLAGS = ["work_overlap", "missing_disclaimer", "pupil_data", "confidential", "incivility"]
PLATFORMS = {"x", "facebook", "mastodon", "bluesky", "instagram", "linkedin", "other"}
STUDY_PLATFORMS = {"x", "facebook", "mastodon", "bluesky", "instagram", "linkedin"}
KINDS = {"personal", "official"}
LANGS = {"nl", "en", None}
MEDIA_TYPES = {"photo", "video", "gif", "image"}

# Personal-title disclaimers as they occur in this set (LABELS.md examples plus
# the variant wordings used here; borderline wordings are marked UNCERTAIN in
# the notes of the posts that depend on them).
DISCLAIMER_RE = re.compile(
    r"op persoonlijke titel|pers\. titel|op eigen titel|"
    r"(mijn|m'n) eigen mening|mening is eigen mening|\beigen mening\b|"
    r"persoonlijke standpunten|persoonlijke kijk|tweets zijn persoonlijk|"
    r"meningen: de mijne|meningen hier zijn van mij|"
    r"views (are )?my own|all views my own|opinions (are )?my own|opinions my own",
    re.IGNORECASE,
)
ON_BEHALF_RE = re.compile(
    r"\bnamens\b|wij als school|on behalf of|\bwij van\b|vanuit het mt", re.IGNORECASE
)


def main(argv):
    data = Path(argv[1]) if len(argv) > 1 else HERE / "heldout.jsonl"
    org = Path(argv[2]) if len(argv) > 2 else HERE / "org.toml"
    errors, warnings = [], []

    def err(where, msg):
        errors.append(f"{where}: {msg}")

    posts = []
    with open(data, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                err(f"line {n}", "empty line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                err(f"line {n}", f"invalid JSON: {e}")
                continue
            if not isinstance(obj, dict):
                err(f"line {n}", "not a JSON object")
                continue
            posts.append((n, obj))

    org_terms = []
    try:
        import tomllib

        with open(org, "rb") as f:
            o = tomllib.load(f).get("organisation", {})
        org_terms = [
            t.lower()
            for t in [o.get("name", ""), *o.get("aliases", []), *o.get("schools", [])]
            if t
        ]
    except Exception:  # reported again (with detail) in the org.toml section below
        pass

    ids, texts = Counter(), Counter()
    counts, clean, uncertain = Counter(), 0, 0
    by_platform, by_kind = Counter(), Counter()
    start = datetime(2026, 10, 1, tzinfo=UTC)
    end = datetime(2027, 1, 1, tzinfo=UTC)

    for n, p in posts:
        w = f"line {n} ({p.get('id', '?')})"
        for key, typ in [
            ("id", str),
            ("platform", str),
            ("created_at", str),
            ("text", str),
            ("url", str),
            ("account", dict),
            ("labels", dict),
            ("note", str),
        ]:
            if not isinstance(p.get(key), typ):
                err(w, f"missing or wrong type: {key}")
        if errors and errors[-1].startswith(w):
            continue
        ids[p["id"]] += 1
        texts[p["text"]] += 1
        if not re.fullmatch(r"h4-\d{3}", p["id"]):
            err(w, "id must look like h4-NNN")
        if p["platform"] not in PLATFORMS:
            err(w, f"platform {p['platform']!r} not allowed")
        elif p["platform"] not in STUDY_PLATFORMS:
            warnings.append(f"{w}: platform 'other' not expected in this set")
        by_platform[p["platform"]] += 1
        try:
            d = datetime.strptime(p["created_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            if not start <= d < end:
                err(w, f"created_at {p['created_at']} outside Oct-Dec 2026")
        except ValueError:
            err(w, f"created_at not ISO-8601 UTC: {p['created_at']!r}")
        if not p["text"].strip():
            err(w, "empty text")
        if not p["url"].startswith("https://"):
            err(w, "url must be https")
        if "lang" in p and p["lang"] not in LANGS:
            err(w, f"lang {p['lang']!r} not in nl/en/null")
        if "media" in p:
            if not isinstance(p["media"], list):
                err(w, "media must be a list")
            else:
                for m in p["media"]:
                    if (
                        not isinstance(m, dict)
                        or m.get("type") not in MEDIA_TYPES
                        or not isinstance(m.get("alt_text", ""), str)
                    ):
                        err(w, f"bad media item {m!r}")
        if (
            "in_reply_to" in p
            and p["in_reply_to"] is not None
            and not isinstance(p["in_reply_to"], str)
        ):
            err(w, "in_reply_to must be a string or null")

        acc = p["account"]
        if not isinstance(acc.get("handle"), str) or not acc["handle"]:
            err(w, "account.handle missing")
        if acc.get("kind") not in KINDS:
            err(w, f"account.kind {acc.get('kind')!r} not allowed")
        if not isinstance(acc.get("bio", ""), str):
            err(w, "account.bio must be a string")
        if "role" in acc and acc["role"] is not None and not isinstance(acc["role"], str):
            err(w, "account.role must be a string")
        by_kind[acc.get("kind")] += 1

        lab = p["labels"]
        if set(lab) != set(FLAGS):
            err(w, f"labels must have exactly {FLAGS}, got {sorted(lab)}")
            continue
        if not all(isinstance(v, bool) for v in lab.values()):
            err(w, "label values must be booleans")
            continue
        note = p["note"]
        if not note.strip():
            err(w, "empty note")
        unc = "UNCERTAIN" in note
        uncertain += unc
        for k in FLAGS:
            counts[k] += lab[k]
        clean += not any(lab.values())

        # ---- consistency with LABELS.md ----
        if lab["missing_disclaimer"] and not lab["work_overlap"]:
            err(w, "missing_disclaimer without work_overlap")
        if lab["missing_disclaimer"] and acc.get("kind") == "official":
            err(w, "missing_disclaimer on an official account")
        if lab["pupil_data"] and not lab["work_overlap"]:
            err(w, "pupil_data without work_overlap (school context required)")
        if lab["confidential"] and not lab["work_overlap"]:
            err(w, "confidential without work_overlap")
        disclaimer = bool(
            DISCLAIMER_RE.search(p["text"]) or DISCLAIMER_RE.search(acc.get("bio") or "")
        )
        on_behalf = bool(ON_BEHALF_RE.search(p["text"]))
        if acc.get("kind") == "personal" and lab["work_overlap"]:
            if not disclaimer and not lab["missing_disclaimer"] and not unc:
                err(
                    w,
                    "personal + work_overlap + no disclaimer found, but missing_disclaimer is false "
                    "(mark UNCERTAIN if intended)",
                )
            if disclaimer and lab["missing_disclaimer"] and not on_behalf and not unc:
                err(w, "disclaimer found and no on-behalf wording, but missing_disclaimer is true")
        if (
            on_behalf
            and acc.get("kind") == "personal"
            and lab["work_overlap"]
            and org_terms
            and not lab["missing_disclaimer"]
            and not unc
        ):
            both = (p["text"] + " " + (acc.get("bio") or "")).lower()
            if not any(t in both for t in org_terms):
                err(
                    w,
                    "speaks on behalf without naming the organisation, but missing_disclaimer is false",
                )
        if (
            on_behalf
            and acc.get("kind") == "personal"
            and lab["work_overlap"]
            and "behalf" not in note
            and "namens" not in note.lower()
            and "speaks" not in note.lower()
            and "on-behalf" not in note.lower()
        ):
            warnings.append(f"{w}: on-behalf wording but note does not discuss it")

    for i, c in ids.items():
        if c > 1:
            err(i, f"duplicate id ({c}x)")
    expected = {f"h4-{k:03d}" for k in range(1, len(posts) + 1)}
    if set(ids) != expected:
        err(
            "ids",
            f"not a complete h4-001..h4-{len(posts):03d} range; missing "
            f"{sorted(expected - set(ids))[:5]} extra {sorted(set(ids) - expected)[:5]}",
        )
    for t, c in texts.items():
        if c > 1:
            err("texts", f"duplicate text ({c}x): {t[:60]!r}")

    # ---- org.toml ----
    try:
        import tomllib

        with open(org, "rb") as f:
            cfg = tomllib.load(f)
        o = cfg.get("organisation")
        if not isinstance(o, dict):
            err("org.toml", "no [organisation] section")
        else:
            if not isinstance(o.get("name"), str):
                err("org.toml", "name must be a string")
            for key in ["aliases", "schools", "places", "official_handles", "hashtags"]:
                v = o.get(key)
                if not (isinstance(v, list) and v and all(isinstance(x, str) for x in v)):
                    err("org.toml", f"{key} must be a non-empty list of strings")
            if not any(re.fullmatch(r"[A-Z]{2,6}", a) for a in o.get("aliases", [])):
                err("org.toml", "no acronym among aliases")
            if not 8 <= len(o.get("schools", [])) <= 12:
                err("org.toml", "expected 8-12 schools")
            for h in o.get("hashtags", []):
                if not h.startswith("#"):
                    err("org.toml", f"hashtag without '#': {h}")
            official = {
                p["account"]["handle"] for _, p in posts if p["account"].get("kind") == "official"
            }
            unknown = official - set(o.get("official_handles", []))
            if unknown:
                err("org.toml", f"official accounts not in official_handles: {sorted(unknown)}")
    except ModuleNotFoundError:
        warnings.append("tomllib not available (Python < 3.11): org.toml not checked")
    except (OSError, ValueError) as e:
        err("org.toml", str(e))

    # ---- report ----
    total = len(posts)
    print(
        f"posts: {total}   clean (no flag): {clean} ({clean / max(total, 1):.0%})   "
        f"notes with UNCERTAIN: {uncertain}"
    )
    print("label counts (positives):")
    for k in FLAGS:
        print(f"  {k:20s} {counts[k]:4d}")
    print("platforms:", dict(sorted(by_platform.items())))
    print("account kinds:", dict(by_kind))
    for wmsg in warnings:
        print("WARNING", wmsg)
    if errors:
        for e in errors:
            print("ERROR", e)
        print(f"FAILED: {len(errors)} error(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
