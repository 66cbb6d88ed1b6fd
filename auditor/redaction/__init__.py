"""Redaction: what a report may show of a post, so it never spreads what it warns about."""

from __future__ import annotations

from auditor.redaction.redactor import Redactor, sensitive_spans

__all__ = ["Redactor", "sensitive_spans"]
