"""Keys, signed links, cookies and form tokens of the web app.

One secret (from `[web] secret_env`) signs everything, each use under its own salt or
prefix, so a value made for one purpose is never accepted for another:
- a sign-in link carries an itsdangerous-signed nonce with its time; the store keeps only
  an HMAC digest of the nonce, and using the link marks it used;
- a session cookie is a random value; the store keeps its HMAC digest;
- a form token is the HMAC of the session (or, before sign-in, of a random cookie).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from auditor.errors import ConfigError

MIN_SECRET_LENGTH = 32
LINK_MINUTES = 15
SECRET_HINT = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"


class LinkRefused(Exception):
    """A sign-in link that is altered, expired or otherwise not to be used."""

    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


@dataclass(frozen=True, slots=True)
class Link:
    """A sign-in link just made: the token for the URL and the digest for the store."""

    token: str
    digest: str
    valid: timedelta


class Keys:
    """Everything derived from the web app's one secret."""

    def __init__(self, secret: str, *, email_link_days: int):
        if len(secret) < MIN_SECRET_LENGTH:
            raise ConfigError(
                f"the web secret is shorter than {MIN_SECRET_LENGTH} characters: "
                f"make one with {SECRET_HINT}"
            )
        self._secret = secret.encode()
        self._links = URLSafeTimedSerializer(secret, salt="social-audit sign-in link")
        self.link_valid = timedelta(minutes=LINK_MINUTES)
        self.email_link_valid = timedelta(days=email_link_days)

    def __repr__(self) -> str:
        return "Keys(<secret>)"

    def digest(self, purpose: str, value: str) -> str:
        """A keyed digest: what the store may keep of a secret value or an address."""
        message = f"{purpose}\x00{value}".encode("utf-8", "surrogatepass")
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def new_link(self, *, from_weekly_email: bool = False) -> Link:
        """A fresh single-use link: 15 minutes, or `email_link_days` in the weekly e-mail."""
        nonce = secrets.token_urlsafe(24)
        kind = "mail" if from_weekly_email else "link"
        token = self._links.dumps({"n": nonce, "k": kind})
        valid = self.email_link_valid if from_weekly_email else self.link_valid
        return Link(token=token, digest=self.digest("link", nonce), valid=valid)

    def link_digest(self, token: str) -> str:
        """The store digest of a link's nonce, once its signature and age are checked."""
        try:
            data = self._links.loads(token, max_age=int(self.email_link_valid.total_seconds()))
        except SignatureExpired:
            raise LinkRefused("expired") from None
        except BadSignature:
            raise LinkRefused("altered") from None
        if not isinstance(data, dict) or not isinstance(data.get("n"), str):
            raise LinkRefused("altered")
        if data.get("k") != "mail":
            try:
                self._links.loads(token, max_age=int(self.link_valid.total_seconds()))
            except SignatureExpired:
                raise LinkRefused("expired") from None
        return self.digest("link", data["n"])

    def form_token(self, seed: str) -> str:
        return self.digest("form", seed)

    def form_token_ok(self, seed: str | None, token: str | None) -> bool:
        if not seed or not token:
            return False
        return hmac.compare_digest(self.form_token(seed), token)


def new_cookie_value() -> str:
    return secrets.token_urlsafe(32)
