"""The nightly run: fetch, store, classify, purge, record.

For every opted-in account it fetches what is new, stores and classifies it, purges
posts past retention, and records what happened.

Accounts are fetched concurrently (a bound per platform); everything that touches the
database happens on the calling thread, one account's batch and cursor per
transaction, so a run killed at any moment leaves a consistent store and the next run
picks up where this one stopped. One account's failure never stops the others.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from auditor.classify import Classifier
from auditor.config import Config, FetchConfig
from auditor.errors import AuditError
from auditor.model import FLAGS, Post
from auditor.secrets import Secrets
from auditor.store import FetchTarget, Store
from connectors import CONNECTORS
from connectors.base import Connector, FetchResult
from connectors.errors import (
    AuthExpired,
    AuthRevoked,
    ConnectorError,
    NotFound,
    RateLimited,
    Transient,
)

EXIT_OK, EXIT_SOME_FAILED = 0, 3
CLASSIFY_BATCH = 500
RUN_LOCK = "nightly run"


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class AccountOutcome:
    """How one account fared tonight; `reason` never holds a token or post content."""

    account_id: int
    platform: str
    handle: str
    status: str  # ok, incomplete, failed, needs_reauth, skipped
    reason: str = ""
    fetched: int = 0
    inserted: int = 0
    updated: int = 0
    deleted: int = 0


@dataclass(slots=True)
class RunSummary:
    run_id: int
    started_at: datetime
    finished_at: datetime | None = None
    outcomes: list[AccountOutcome] = field(default_factory=list)
    classified: int = 0
    findings_per_flag: Counter = field(default_factory=Counter)
    purged_posts: int = 0

    @property
    def failed(self) -> list[AccountOutcome]:
        return [o for o in self.outcomes if o.status in ("incomplete", "failed", "needs_reauth")]

    @property
    def exit_code(self) -> int:
        return EXIT_SOME_FAILED if self.failed else EXIT_OK

    @property
    def status(self) -> str:
        return "partial" if self.failed else "ok"

    def to_dict(self) -> dict:
        """The summary as stored with the run: counts and reasons, no content."""
        duration = (
            (self.finished_at - self.started_at).total_seconds() if self.finished_at else None
        )
        return {
            "accounts": len(self.outcomes),
            "accounts_ok": sum(o.status == "ok" for o in self.outcomes),
            "accounts_failed": [
                {
                    "account_id": o.account_id,
                    "platform": o.platform,
                    "handle": o.handle,
                    "status": o.status,
                    "reason": o.reason,
                }
                for o in self.failed
            ],
            "accounts_skipped": sum(o.status == "skipped" for o in self.outcomes),
            "posts_fetched": sum(o.fetched for o in self.outcomes),
            "posts_new": sum(o.inserted for o in self.outcomes),
            "posts_updated": sum(o.updated for o in self.outcomes),
            "posts_deleted": sum(o.deleted for o in self.outcomes),
            "posts_classified": self.classified,
            "findings_per_flag": {flag: self.findings_per_flag.get(flag, 0) for flag in FLAGS},
            "posts_purged": self.purged_posts,
            "seconds": round(duration, 1) if duration is not None else None,
        }

    def lines(self) -> list[str]:
        data = self.to_dict()
        out = [
            f"run {self.run_id}: {data['accounts_ok']} of {data['accounts']} accounts ok,"
            f" {len(data['accounts_failed'])} failed, {data['accounts_skipped']} skipped;"
            f" {data['posts_new']} new, {data['posts_updated']} edited and"
            f" {data['posts_deleted']} deleted posts,"
            f" {data['posts_classified']} classified, {data['posts_purged']} purged;"
            f" {data['seconds']} s",
            "findings: " + ", ".join(f"{k} {v}" for k, v in data["findings_per_flag"].items()),
        ]
        out += [f"  {o.platform} {o.handle}: {o.status}: {o.reason}" for o in self.failed]
        return out


@dataclass(frozen=True, slots=True)
class _Fetched:
    target: FetchTarget
    result: FetchResult | None
    outcome: AccountOutcome | None  # set when the fetch failed or was skipped


ConnectorFactory = Callable[[str], Connector]


def connector_factory(fetch: FetchConfig) -> ConnectorFactory:
    """Connectors as configured: base URL per platform (a simulator, an instance), timeouts."""

    def make(platform: str) -> Connector:
        services = {
            key.removeprefix(f"{platform}_"): url
            for key, url in fetch.base_urls.items()
            if key.startswith(f"{platform}_")
        }
        return CONNECTORS[platform](
            base_url=fetch.base_urls.get(platform),
            timeout=fetch.timeout,
            max_pages=fetch.max_pages,
            reread=timedelta(days=fetch.reread_days),
            retries=fetch.retries,
            services=services,
        )

    return make


class NightlyRun:
    def __init__(
        self,
        store: Store,
        classifier: Classifier,
        config: Config,
        *,
        secrets: Secrets | None = None,
        connectors: ConnectorFactory | None = None,
        clock: Callable[[], datetime] = _utc_now,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.store = store
        self.classifier = classifier
        self.config = config
        self.fetch_config = config.fetch
        self.secrets = secrets or Secrets(config.secrets_file)
        self.connectors = connectors or connector_factory(config.fetch)
        self.clock = clock
        self.sleep = sleep

    def run(
        self,
        *,
        platform: str | None = None,
        person: str | None = None,
        progress: Callable[[Iterable], Iterable] = lambda items: items,
        lookback: timedelta | None = None,
    ) -> RunSummary:
        """One complete run under the run lock; returns its summary, also stored."""
        with self.store.exclusive(RUN_LOCK, wait=self.fetch_config.lock_wait):
            self.store.runs.close_interrupted()
            record = self.store.runs.start()
            summary = RunSummary(record.id, record.started_at)
            try:
                targets = self.store.accounts.targets(platform=platform, email=person)
                since = self.clock() - (lookback or timedelta(days=self.fetch_config.lookback_days))
                for fetched in progress(self._fetch_all(targets, since)):
                    summary.outcomes.append(self._save(fetched))
                self._classify(summary)
                erased = self.store.privacy.purge_older_than(self.config.retention_days, "run")
                summary.purged_posts = erased.posts
            finally:
                summary.finished_at = self.clock()
                self.store.runs.finish(record.id, summary.status, summary.to_dict())
        return summary

    def fetch_now(self, person: str, days: int) -> tuple[list[Post], list[AccountOutcome]]:
        """A fresh fetch of one person's accounts for a self-audit: nothing is stored."""
        targets = [replace(t, cursor=None) for t in self.store.accounts.targets(email=person)]
        posts: list[Post] = []
        outcomes: list[AccountOutcome] = []
        for fetched in self._fetch_all(targets, self.clock() - timedelta(days=days)):
            if fetched.outcome is not None:
                outcomes.append(fetched.outcome)
            elif fetched.result is not None:
                posts += fetched.result.posts
                if fetched.result.truncated:
                    outcomes.append(self._incomplete(fetched.target, len(fetched.result.posts)))
        return posts, outcomes

    # --- fetching (worker threads; no database) ---------------------------------------
    def _fetch_all(self, targets: list[FetchTarget], since: datetime) -> Iterable[_Fetched]:
        limits = {p: threading.BoundedSemaphore(self.fetch_config.concurrency) for p in CONNECTORS}
        workers = max(1, self.fetch_config.concurrency * len(CONNECTORS))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
            pending: set[Future] = set()
            for target in targets:
                if target.platform not in CONNECTORS:
                    yield self._skipped(
                        target, "no API for this platform: use self-audit --archive"
                    )
                    continue
                pending.add(pool.submit(self._fetch_one, target, since, limits[target.platform]))
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()

    @staticmethod
    def _skipped(target: FetchTarget, reason: str) -> _Fetched:
        outcome = AccountOutcome(
            target.account_id, target.platform, target.handle, "skipped", reason
        )
        return _Fetched(target, None, outcome)

    def _failed(self, target: FetchTarget, status: str, reason: str) -> _Fetched:
        outcome = AccountOutcome(target.account_id, target.platform, target.handle, status, reason)
        return _Fetched(target, None, outcome)

    def _fetch_one(
        self, target: FetchTarget, since: datetime, limit: threading.Semaphore
    ) -> _Fetched:
        connector = self.connectors(target.platform)
        token = None
        if target.token_ref:
            try:
                token = self.secrets.get(target.token_ref)
            except AuditError as exc:
                return self._failed(target, "failed", str(exc))
        elif connector.needs_token:
            return self._failed(
                target,
                "failed",
                f"no token reference: run accounts add ... --token-ref NAME for {target.handle}",
            )
        attempts = self.fetch_config.retries + 1
        with limit:
            for attempt in range(1, attempts + 1):
                try:
                    result = connector.fetch(
                        target.target(token), cursor=target.cursor, since=since, now=self.clock()
                    )
                except RateLimited as exc:
                    wait_for = self._rate_limit_wait(exc)
                    if wait_for is None or attempt == attempts:
                        return self._failed(target, "failed", _rate_limit_reason(exc))
                    self.sleep(wait_for)
                except (AuthExpired, AuthRevoked) as exc:
                    return self._failed(
                        target, "needs_reauth", f"{exc.reason}: re-authorise this account"
                    )
                except NotFound as exc:
                    return self._failed(target, "failed", f"{exc.reason}: check the handle")
                except Transient as exc:
                    if attempt == attempts:
                        return self._failed(
                            target, "failed", f"{exc.reason} after {attempts} tries: {exc}"
                        )
                    self.sleep(min(2.0**attempt, self.fetch_config.max_wait))
                except ConnectorError as exc:
                    return self._failed(target, "failed", f"{exc.reason}: {exc}")
                else:
                    return _Fetched(target, result, None)
        raise AssertionError("unreachable")

    def _rate_limit_wait(self, exc: RateLimited) -> float | None:
        """Seconds to wait for a rate limit to reset, if within the bound; clock skew clamped."""
        if exc.reset_at is None:
            return min(5.0, self.fetch_config.max_wait)
        seconds = (exc.reset_at - self.clock()).total_seconds()
        seconds = max(1.0, seconds)
        return seconds if seconds <= self.fetch_config.max_wait else None

    # --- storing and classifying (calling thread) ---------------------------------------
    def _save(self, fetched: _Fetched) -> AccountOutcome:
        target, result = fetched.target, fetched.result
        if result is None:
            outcome = fetched.outcome
            assert outcome is not None, "a fetch without a result has an outcome"
            if outcome.status in ("failed", "needs_reauth"):
                self.store.accounts.set_status(target.account_id, outcome.status, outcome.reason)
            return outcome
        self._follow_identity(target, result)
        connector = self.connectors(target.platform)
        deleted = connector.gone(result, self.store.posts.positions(target.account_id))
        saved = self.store.posts.save_fetched(
            target.account_id, result.posts, result.cursor, deleted=deleted
        )
        outcome = AccountOutcome(
            target.account_id,
            target.platform,
            target.handle,
            "ok",
            fetched=len(result.posts),
            inserted=saved.inserted,
            updated=saved.updated,
            deleted=saved.deleted,
        )
        if result.truncated:
            incomplete = self._incomplete(target, len(result.posts))
            outcome = replace(outcome, status=incomplete.status, reason=incomplete.reason)
        return outcome

    def _follow_identity(self, target: FetchTarget, result: FetchResult) -> None:
        """Store the platform's id, the current handle and the bio the platform gave."""
        accounts = self.store.accounts
        if result.user_id and result.user_id != target.user_id:
            accounts.set_user_id(target.account_id, result.user_id)
        if result.handle and result.handle.lower() != target.handle.lstrip("@").lower():
            accounts.set_handle(target.account_id, result.handle)
        if result.bio is not None and result.bio != target.bio:
            accounts.set_bio(target.account_id, result.bio)

    def _incomplete(self, target: FetchTarget, fetched: int) -> AccountOutcome:
        """An account whose new posts filled more than max_pages pages: say so, loudly.

        Pages come newest first, so the posts read are stored and the cursor moves on
        past them (else the same newest pages would be read every night); what lay
        beyond the last page is not read by a later run either.
        """
        pages = self.fetch_config.max_pages
        reason = (
            f"stopped after {pages} pages ({fetched} posts): older posts since the last run"
            " may not have been read; raise [fetch] max_pages"
        )
        return AccountOutcome(
            target.account_id, target.platform, target.handle, "incomplete", reason
        )

    def _classify(self, summary: RunSummary) -> None:
        """Everything without a current verdict: new, edited, or judged by an older version."""
        version = self.classifier.version
        while batch := self.store.posts.needing_classification(version, limit=CLASSIFY_BATCH):
            verdicts = [self.classifier.classify(stored.post) for stored in batch]
            self.store.posts.store_verdicts(verdicts, version)
            summary.classified += len(verdicts)
            for verdict in verdicts:
                summary.findings_per_flag.update(verdict.flags)


def _rate_limit_reason(exc: RateLimited) -> str:
    when = f" until {exc.reset_at:%Y-%m-%d %H:%M} UTC" if exc.reset_at else ""
    return f"rate limited{when}: left for the next run"
