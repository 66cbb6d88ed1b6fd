"""What the web app must remember between requests: sign-in links, sessions, throttling.

Every secret part (a link's nonce, a session cookie) is kept only as a digest made by
the caller, so the database alone signs nobody in. Links are single-use: using one
is one UPDATE that succeeds only while it is unused and unexpired, so two requests
racing with one link cannot both sign in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from auditor.store.database import Database, retried
from auditor.store.records import WebSession
from auditor.store.schema import sign_in_links, web_sessions, web_throttle


def erase_sign_ins(conn: Connection, email: str) -> None:
    """End every session and link of a person inside another transaction (an opt-out)."""
    conn.execute(delete(web_sessions).where(web_sessions.c.email == email))
    conn.execute(delete(sign_in_links).where(sign_in_links.c.email == email))


def _session(row: Any) -> WebSession:
    return WebSession(
        email=row.email, lang=row.lang, created_at=row.created_at, expires_at=row.expires_at
    )


class SignIns:
    def __init__(self, db: Database, clock: Callable[[], datetime]):
        self._db = db
        self._clock = clock

    @retried
    def issue_link(self, digest: str, email: str, valid: timedelta) -> datetime:
        """Remember a link just made for `email`; returns when it expires."""
        now = self._clock()
        with self._db.write() as conn:
            conn.execute(delete(sign_in_links).where(sign_in_links.c.expires_at < now))
            conn.execute(
                insert(sign_in_links).values(
                    digest=digest, email=email, created_at=now, expires_at=now + valid
                )
            )
        return now + valid

    @retried
    def use_link(self, digest: str) -> str | None:
        """The address a link signs in, marking it used; None if used, expired or unknown."""
        now = self._clock()
        with self._db.write() as conn:
            email = conn.scalar(
                update(sign_in_links)
                .where(
                    sign_in_links.c.digest == digest,
                    sign_in_links.c.used_at.is_(None),
                    sign_in_links.c.expires_at > now,
                )
                .values(used_at=now)
                .returning(sign_in_links.c.email)
            )
        return email

    @retried
    def link_state(self, digest: str) -> str:
        """'unused', 'used', 'expired' or 'unknown': what to tell the person who opens it."""
        with self._db.read() as conn:
            row = conn.execute(
                select(sign_in_links).where(sign_in_links.c.digest == digest)
            ).one_or_none()
        if row is None:
            return "unknown"
        if row.used_at is not None:
            return "used"
        return "unused" if row.expires_at > self._clock() else "expired"

    @retried
    def start_session(self, digest: str, email: str, lang: str, valid: timedelta) -> WebSession:
        now = self._clock()
        with self._db.write() as conn:
            conn.execute(delete(web_sessions).where(web_sessions.c.expires_at < now))
            conn.execute(
                insert(web_sessions).values(
                    digest=digest, email=email, lang=lang, created_at=now, expires_at=now + valid
                )
            )
        return WebSession(email=email, lang=lang, created_at=now, expires_at=now + valid)

    @retried
    def session(self, digest: str) -> WebSession | None:
        """The live session of a cookie's digest; None when unknown, ended or expired."""
        with self._db.read() as conn:
            row = conn.execute(
                select(web_sessions).where(
                    web_sessions.c.digest == digest, web_sessions.c.expires_at > self._clock()
                )
            ).one_or_none()
        return _session(row) if row else None

    @retried
    def set_lang(self, digest: str, lang: str) -> None:
        with self._db.write() as conn:
            conn.execute(
                update(web_sessions).where(web_sessions.c.digest == digest).values(lang=lang)
            )

    @retried
    def end_session(self, digest: str) -> None:
        with self._db.write() as conn:
            conn.execute(delete(web_sessions).where(web_sessions.c.digest == digest))

    @retried
    def end_all(self, email: str) -> int:
        """Sign a person out everywhere: every session and every unused link."""
        with self._db.write() as conn:
            ended = conn.execute(delete(web_sessions).where(web_sessions.c.email == email))
            conn.execute(delete(sign_in_links).where(sign_in_links.c.email == email))
        return ended.rowcount

    @retried
    def throttle(self, limits: Iterable[tuple[str, int]], window: timedelta) -> bool:
        """Count one request against each (key, most per window); False, uncounted, if over.

        Refused requests are not counted, so a flood cannot lock an address out for
        longer than one window after it stops.
        """
        limits = list(limits)
        now = self._clock()
        with self._db.write() as conn:
            conn.execute(delete(web_throttle).where(web_throttle.c.at < now - window))
            for key, most in limits:
                seen = conn.scalar(
                    select(func.count()).where(
                        web_throttle.c.key == key, web_throttle.c.at >= now - window
                    )
                )
                if (seen or 0) >= most:
                    return False
            conn.execute(insert(web_throttle), [{"key": key, "at": now} for key, _ in limits])
        return True
