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


class BoundedAdapter(HTTPAdapter):
    """Sends with a default timeout and, when `rebase` is set, to another origin."""

    def __init__(self, *, timeout: float, rebase: tuple[str, str] | None = None):
        super().__init__()
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


def bounded_session(origin: str, base_url: str | None, timeout: float) -> requests.Session:
    """A session that reaches `origin` (or `base_url` in its place) and nothing else.

    Args:
        origin: The platform's own origin with a trailing slash, e.g.
            "https://api.twitter.com/".
        base_url: Where to send the platform's requests instead; None for the
            platform itself.
        timeout: Seconds for connecting and for each read, unless the client
            library sets its own.
    """
    session = requests.Session()
    if base_url is None:
        session.mount("http://", BoundedAdapter(timeout=timeout))
        session.mount("https://", BoundedAdapter(timeout=timeout))
        return session
    session.trust_env = False  # no proxy or .netrc between us and the stand-in server
    base = base_url.rstrip("/") + "/"
    session.mount("http://", RefusingAdapter(base))
    session.mount("https://", RefusingAdapter(base))
    session.mount(origin, BoundedAdapter(timeout=timeout, rebase=(origin, base)))
    session.mount(base, BoundedAdapter(timeout=timeout))
    return session
