"""`social-audit demo`: the whole flow on embedded defaults, above the pipeline and reports."""

from __future__ import annotations

from auditor.demo.flow import DemoResult, run_demo

__all__ = ["DemoResult", "run_demo"]
