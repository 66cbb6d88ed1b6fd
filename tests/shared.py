"""Where the tests find `../shared` (spec, labelled data, conformance recordings).

The folder sits beside the checkout, not inside it; `tests/conftest.py` stops the
whole run with one line when it is missing instead of letting a hundred tests fail.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SPEC = SHARED / "spec"
DATA = SHARED / "data"
CONFORMANCE = SHARED / "conformance"
EXPORTS = CONFORMANCE / "exports"

MISSING = (
    f"the tests need the shared folder beside the checkout ({SHARED}): it holds the spec, "
    "the labelled data and the conformance recordings; put it there and run again"
)
