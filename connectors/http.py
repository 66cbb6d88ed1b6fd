"""One requests.Session per fetch that bounds every request in time and place.

tweepy hard-codes `https://api.twitter.com` and sends no timeout; facebook-sdk
builds URLs from a module global. Rather than patching either library, the
connectors hand them a session whose transport adapters do three things: put a
timeout on every request, rewrite the platform's origin to `base_url` (the
simulator, a test server), and, once rebased, refuse any other host, so a test
can never reach a real platform by accident.
"""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

# Retried where the request failed, page by page: a 5xx on page 15 asks for page 15
# again, not for pages 1 to 14. 429 is not retried here: the connectors map it to a
# rate limit, which the nightly run waits out or leaves for the next night.
RETRY_STATUSES = frozenset({500, 502, 503, 504})


def page_retry(retries: int) -> Retry:
    """urllib3's retry of one GET: connection faults, cut-off reads and 5xx answers."""
    return Retry(
        total=retries,
        backoff_factor=0.25,
        backoff_max=2.0,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        raise_on_status=False,  # the last answer goes to the client library as it came
        respect_retry_after_header=False,
    )


class BoundedAdapter(HTTPAdapter):
    """Sends with a default timeout and, when `rebase` is set, to another origin."""

    def __init__(self, *, timeout: float, rebase: tuple[str, str] | None = None, retries: int = 0):
        super().__init__(max_retries=page_retry(retries))
        self.timeout = timeout
        self.rebase = rebase

    def send(self, request, **kwargs):
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        if self.rebase is not None:
            origin, base = self.rebase
            if request.url.startswith(origin):
                request.url = base + request.url[len(origin) :]
        return super().send(request, **kwargs)


class RefusingAdapter(HTTPAdapter):
    """Fails every request: mounted for all hosts except the base URL."""

    def __init__(self, allowed: str):
        super().__init__()
        self.allowed = allowed

    def send(self, request, **kwargs):
        raise requests.ConnectionError(f"refused: only {self.allowed} may be reached")


def bounded_session(
    origin: str, base_url: str | None, timeout: float, retries: int = 0
) -> requests.Session:
    """A session that reaches `origin` (or `base_url` in its place) and nothing else.

    Args:
        origin: The platform's own origin with a trailing slash, e.g.
            "https://api.twitter.com/".
        base_url: Where to send the platform's requests instead; None for the
            platform itself.
        timeout: Seconds for connecting and for each read, unless the client
            library sets its own.
        retries: How often one request is tried again after a fault (`page_retry`).
    """
    session = requests.Session()
    if base_url is None:
        session.mount("http://", BoundedAdapter(timeout=timeout, retries=retries))
        session.mount("https://", BoundedAdapter(timeout=timeout, retries=retries))
        return session
    session.trust_env = False  # no proxy or .netrc between us and the stand-in server
    base = base_url.rstrip("/") + "/"
    session.mount("http://", RefusingAdapter(base))
    session.mount("https://", RefusingAdapter(base))
    session.mount(origin, BoundedAdapter(timeout=timeout, rebase=(origin, base), retries=retries))
    session.mount(base, BoundedAdapter(timeout=timeout, retries=retries))
    return session
