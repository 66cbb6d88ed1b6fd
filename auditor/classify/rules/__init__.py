"""The protocol's rules, one module per flag; importing this package registers them."""

from auditor.classify.rules import civility, confidential, disclaimer, pupil, work

__all__ = ["civility", "confidential", "disclaimer", "pupil", "work"]
