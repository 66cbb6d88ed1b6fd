"""The data every part of social-audit passes around, and its one JSON form.

Posts come in as the JSON Lines of spec/FORMATS.md and verdicts go out in the same
document's classifier format. `post_from_dict` / `post_to_dict` and
`verdict_to_dict` / `verdict_from_dict` are the only places that know those shapes;
nothing is serialised through `__dict__`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from auditor.errors import InputError

PLATFORMS = ("x", "facebook", "mastodon", "bluesky", "instagram", "linkedin", "other")
ACCOUNT_KINDS = ("personal", "official")
LANGS = ("nl", "en")
MEDIA_TYPES = ("photo", "video", "gif", "audio", "other")
FLAGS = ("work_overlap", "missing_disclaimer", "pupil_data", "confidential", "incivility")
SEVERITIES = ("low", "medium", "high")

TEXT_SOURCE = "text"
BIO_SOURCE = "bio"
_ALT_SOURCE = re.compile(r"media\[(\d+)\]\.alt_text")


def alt_text_source(index: int) -> str:
    """Name of the evidence source for the alt text of media item `index`."""
    return f"media[{index}].alt_text"


@dataclass(frozen=True, slots=True)
class Account:
    handle: str
    kind: str = "personal"
    bio: str = ""
    role: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ACCOUNT_KINDS:
            raise ValueError(f"account.kind must be one of {', '.join(ACCOUNT_KINDS)}")


@dataclass(frozen=True, slots=True)
class Target:
    """One opted-in account to fetch. The token is a secret: never shown in repr."""

    platform: str
    handle: str
    user_id: str | None = None
    kind: str = "personal"
    bio: str = ""
    role: str = ""
    token: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class Media:
    type: str = "photo"
    alt_text: str = ""
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Post:
    id: str
    platform: str
    created_at: datetime
    text: str
    account: Account
    url: str | None = None
    lang: str | None = None
    media: tuple[Media, ...] = ()
    in_reply_to: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("id must not be empty")
        if self.platform not in PLATFORMS:
            raise ValueError(f"platform must be one of {', '.join(PLATFORMS)}")
        if self.created_at.tzinfo is None:
            raise ValueError("created_at must carry a time zone")

    def source_text(self, source: str) -> str:
        """The text an evidence source points into: the post, the bio or one alt text."""
        if source == TEXT_SOURCE:
            return self.text
        if source == BIO_SOURCE:
            return self.account.bio
        match = _ALT_SOURCE.fullmatch(source)
        if match and int(match.group(1)) < len(self.media):
            return self.media[int(match.group(1))].alt_text
        raise ValueError(f"unknown evidence source {source!r}")


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of the post (or its bio or an alt text) that supports a finding."""

    start: int
    end: int
    kind: str
    source: str = TEXT_SOURCE

    def __post_init__(self) -> None:
        if self.start < 0 or self.start >= self.end:
            raise ValueError(f"evidence span {self.start}..{self.end} is empty or negative")
        if not self.kind or ":" in self.kind:
            raise ValueError("evidence kind must be a non-empty name without ':'")

    def check(self, post: Post) -> str:
        """The spanned text; raises ValueError when the span runs past its source."""
        text = post.source_text(self.source)
        if self.end > len(text):
            raise ValueError(
                f"evidence {self.kind} {self.start}..{self.end} runs past "
                f"the {self.source} ({len(text)} characters)"
            )
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Finding:
    flag: str
    rule: str
    protocol: str
    severity: str
    evidence: tuple[Evidence, ...]
    explanation_nl: str
    explanation_en: str
    trace: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if self.flag not in FLAGS:
            raise ValueError(f"unknown flag {self.flag!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")
        if not self.explanation_nl or not self.explanation_en:
            raise ValueError("a finding needs an explanation in Dutch and in English")


@dataclass(frozen=True, slots=True)
class Verdict:
    post_id: str
    findings: tuple[Finding, ...] = ()

    @property
    def flags(self) -> tuple[str, ...]:
        """The flags that hold, in the order of spec/LABELS.md."""
        present = {f.flag for f in self.findings}
        return tuple(flag for flag in FLAGS if flag in present)

    def check(self, post: Post) -> None:
        """Refuse a verdict whose evidence does not fit the post it is about."""
        if post.id != self.post_id:
            raise ValueError(f"verdict for {self.post_id!r} checked against post {post.id!r}")
        for finding in self.findings:
            for evidence in finding.evidence:
                evidence.check(post)


# --- JSON (spec/FORMATS.md) -------------------------------------------------------


def _text(data: Mapping[str, Any], key: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise InputError(f"field {key!r} is missing")
        return ""
    if not isinstance(value, str):
        raise InputError(f"field {key!r} must be a string, not {type(value).__name__}")
    return clean_text(value)


def clean_text(value: str) -> str:
    """Replace lone surrogates (valid in JSON, not in UTF-8) so the text can be written."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "replace").decode("utf-8")
    return value


def _optional_text(data: Mapping[str, Any], key: str) -> str | None:
    return _text(data, key) if data.get(key) is not None else None


def parse_timestamp(value: str) -> datetime:
    """Parse an ISO 8601 timestamp; one without a zone is refused, not guessed."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"created_at {value!r} is not an ISO 8601 timestamp") from None
    if moment.tzinfo is None:
        raise InputError(f"created_at {value!r} has no time zone (add Z or +01:00)")
    return moment


def format_timestamp(moment: datetime) -> str:
    utc = moment.astimezone(UTC)
    text = utc.isoformat(timespec="microseconds" if utc.microsecond else "seconds")
    return text.replace("+00:00", "Z")


def post_from_dict(data: Any) -> Post:
    """Build a Post from one FORMATS.md object; unknown fields are ignored."""
    if not isinstance(data, Mapping):
        raise InputError("a post must be a JSON object")
    account = data.get("account")
    if not isinstance(account, Mapping):
        raise InputError("field 'account' must be an object with at least a 'handle'")
    media = data.get("media") or []
    if not isinstance(media, list) or not all(isinstance(m, Mapping) for m in media):
        raise InputError("field 'media' must be a list of objects")
    post_id = data.get("id")
    if isinstance(post_id, int) and not isinstance(post_id, bool):
        post_id = str(post_id)
    if not isinstance(post_id, str) or not post_id:
        raise InputError("field 'id' must be a non-empty string")
    post_id = clean_text(post_id)
    lang = data.get("lang")
    if lang not in (None, *LANGS):
        lang = None  # FORMATS.md: lang is a hint only, an unknown value means unknown
    try:
        return Post(
            id=post_id,
            platform=_text(data, "platform", required=True),
            created_at=parse_timestamp(_text(data, "created_at", required=True)),
            text=_text(data, "text"),
            url=_optional_text(data, "url"),
            lang=lang,
            media=tuple(
                Media(
                    type=_text(m, "type") or "photo",
                    alt_text=_text(m, "alt_text"),
                    url=_optional_text(m, "url"),
                )
                for m in media
            ),
            in_reply_to=_reply_id(data.get("in_reply_to")),
            account=Account(
                handle=_text(account, "handle", required=True),
                kind=_text(account, "kind") or "personal",
                bio=_text(account, "bio"),
                role=_text(account, "role"),
            ),
        )
    except ValueError as exc:
        raise InputError(str(exc)) from None


def _reply_id(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise InputError("field 'in_reply_to' must be a string or null")


def post_to_dict(post: Post) -> dict[str, Any]:
    return {
        "id": post.id,
        "platform": post.platform,
        "created_at": format_timestamp(post.created_at),
        "text": post.text,
        "url": post.url,
        "lang": post.lang,
        "media": [
            {"type": m.type, "alt_text": m.alt_text, **({"url": m.url} if m.url else {})}
            for m in post.media
        ],
        "in_reply_to": post.in_reply_to,
        "account": {
            "handle": post.account.handle,
            "kind": post.account.kind,
            "bio": post.account.bio,
            "role": post.account.role,
        },
    }


def evidence_to_dict(evidence: Evidence) -> dict[str, Any]:
    kind = evidence.kind
    if evidence.source != TEXT_SOURCE:
        kind = f"{evidence.source}:{kind}"  # FORMATS.md: kind names the bio / alt text
    return {"start": evidence.start, "end": evidence.end, "kind": kind}


def evidence_from_dict(data: Mapping[str, Any]) -> Evidence:
    source, _, kind = str(data["kind"]).rpartition(":")
    return Evidence(int(data["start"]), int(data["end"]), kind, source or TEXT_SOURCE)


def finding_to_dict(finding: Finding, *, trace: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "flag": finding.flag,
        "rule": finding.rule,
        "protocol": finding.protocol,
        "severity": finding.severity,
        "evidence": [evidence_to_dict(e) for e in finding.evidence],
        "explanation_nl": finding.explanation_nl,
        "explanation_en": finding.explanation_en,
    }
    if trace:
        out["trace"] = list(finding.trace)
    return out


def finding_from_dict(data: Mapping[str, Any]) -> Finding:
    return Finding(
        flag=data["flag"],
        rule=data["rule"],
        protocol=data["protocol"],
        severity=data["severity"],
        evidence=tuple(evidence_from_dict(e) for e in data.get("evidence", [])),
        explanation_nl=data["explanation_nl"],
        explanation_en=data["explanation_en"],
        trace=tuple(data.get("trace", ())),
    )


def verdict_to_dict(verdict: Verdict, *, trace: bool = False) -> dict[str, Any]:
    return {
        "id": verdict.post_id,
        "flags": list(verdict.flags),
        "findings": [finding_to_dict(f, trace=trace) for f in verdict.findings],
    }


def verdict_from_dict(data: Mapping[str, Any]) -> Verdict:
    verdict = Verdict(
        post_id=data["id"], findings=tuple(finding_from_dict(f) for f in data["findings"])
    )
    if list(verdict.flags) != [f for f in FLAGS if f in set(data.get("flags", []))]:
        raise ValueError(f"verdict {verdict.post_id}: flags do not match its findings")
    return verdict


@dataclass(frozen=True, slots=True)
class LabelledPost:
    """A post of a labelled data set (spec/FORMATS.md "Labelled post")."""

    post: Post
    labels: frozenset[str]
    note: str = ""


def labelled_post_from_dict(data: Any) -> LabelledPost:
    post = post_from_dict(data)
    labels = data.get("labels")
    if not isinstance(labels, Mapping) or set(labels) != set(FLAGS):
        raise InputError(f"field 'labels' must give true/false for each of {', '.join(FLAGS)}")
    if not all(isinstance(v, bool) for v in labels.values()):
        raise InputError("every label must be true or false")
    return LabelledPost(
        post=post,
        labels=frozenset(flag for flag, value in labels.items() if value),
        note=data.get("note") or "",
    )
