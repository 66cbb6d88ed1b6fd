"""The batch logic: the nightly run (fetch, store, classify, purge) for one organisation."""

from __future__ import annotations

from auditor.pipeline.nightly import AccountOutcome, NightlyRun, RunSummary, connector_factory

__all__ = ["AccountOutcome", "NightlyRun", "RunSummary", "connector_factory"]
