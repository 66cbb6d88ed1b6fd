"""The simulator's accounts: made on first mention, found again by handle or id."""

from __future__ import annotations

import random
import threading
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from connectors.simulator.config import PLATFORMS, SimulatorConfig
from connectors.simulator.content import (
    SimAccount,
    SimPost,
    handles,
    make_account,
    make_post,
    stable_int,
)

BASE32_SORTABLE = "234567abcdefghijklmnopqrstuvwxyz"


def user_id_for(seed: int, platform: str, handle: str) -> str:
    """The platform-shaped id of a handle: digits, or a did:plc for Bluesky."""
    number = stable_int(seed, "user", platform, handle, bits=56)
    if platform == "bluesky":
        chars = []
        for _ in range(24):
            number, digit = divmod(number * 7 + 3, 32)
            chars.append(BASE32_SORTABLE[digit])
        return "did:plc:" + "".join(chars)
    if platform == "x":
        return str(10**9 + number % 10**12)
    if platform == "facebook":
        return str(10**14 + number % 10**14)
    return str(10**17 + number % 10**17)


def canonical(platform: str, handle: str) -> str:
    """The account key: case-insensitive, without '@', Mastodon without its server."""
    handle = handle.strip().lstrip("@").lower()
    if platform == "mastodon":
        handle = handle.split("@")[0]
    return handle


class World:
    """All accounts of one simulator, thread-safe."""

    def __init__(self, config: SimulatorConfig, now: datetime):
        self.config = config
        self.now = now
        self._lock = threading.Lock()
        self._accounts: dict[tuple[str, str], SimAccount] = {}
        self._ids: dict[tuple[str, str], str] = {}
        self._published = 0
        for platform in PLATFORMS:
            for handle in self.listed_handles(platform):
                self.account(platform, handle)

    def listed_handles(self, platform: str) -> list[str]:
        named = list(self.config.handles.get(platform, ()))
        return named + handles(self.config.seed, platform, self.config.accounts)

    def exists(self, handle_or_id: str) -> bool:
        unknown = {h.lstrip("@").lower() for h in self.config.unknown_handles}
        return handle_or_id.lstrip("@").lower() not in unknown

    def account(self, platform: str, handle: str) -> SimAccount | None:
        """The account for a handle, made on first mention; None for an unknown handle."""
        if not self.exists(handle):
            return None
        key = canonical(platform, handle)
        with self._lock:
            if (platform, key) not in self._accounts:
                user_id = user_id_for(self.config.seed, platform, key)
                self._accounts[platform, key] = make_account(
                    self.config.seed,
                    platform,
                    key,
                    user_id,
                    posts=self.config.posts_per_account,
                    end=self.now,
                    span=self.config.span,
                    schools=self.config.schools,
                )
                self._ids[platform, user_id] = key
            return self._accounts[platform, key]

    def account_by_id(self, platform: str, user_id: str) -> SimAccount | None:
        """The account with this id; an id never handed out names an account of its own."""
        if not self.exists(user_id):
            return None
        with self._lock:
            key = self._ids.get((platform, user_id))
        if key is None:
            account = self.account(platform, f"id{user_id}")
            if account is None:
                return None
            with self._lock:
                self._ids[platform, user_id] = account.handle
                account.user_id = user_id
            return account
        return self.account(platform, key)

    def publish(
        self,
        platform: str,
        handle: str,
        count: int = 1,
        *,
        texts: Sequence[str] = (),
        dated: timedelta = timedelta(0),
    ) -> list[SimPost]:
        """New posts at the top of an account's timeline, at least a second apart.

        With `texts`, one public post of the account's own per text (`count` is then
        ignored): what a test needs to see a given text go through the platforms.
        With `dated`, each post claims a date that far from when it appeared (ahead or
        back), as a client may set any date; each platform orders it by its own rule.
        """
        if texts:
            count = len(texts)
        account = self.account(platform, handle)
        if account is None:
            raise ValueError(f"{handle!r} is an unknown handle in this simulator")
        with self._lock:
            self._published += 1
            rng = random.Random(
                f"{self.config.seed}|publish|{platform}|{account.handle}|{self._published}"
            )
            newest = account.posts[0].created_at if account.posts else self.now
            moment = max(newest, datetime.now(UTC))
            fresh = []
            for index in range(count):
                moment += timedelta(seconds=1 + rng.randint(0, 59))
                key = stable_int(
                    self.config.seed, "publish", platform, account.handle, self._published, index
                )
                post = make_post(rng, key, moment, self.config.schools)
                if texts:
                    post = replace(post, text=texts[index], kind="own", visibility="public")
                if dated:
                    post = replace(post, created_at=moment + dated, published_at=moment)
                fresh.append(post)
            account.posts[:0] = reversed(fresh)
            return fresh

    def edit(self, platform: str, handle: str, key: int, text: str) -> SimPost:
        """The author edits a post: new text, the same post (X gives it a new id)."""
        account = self._known(platform, handle)
        with self._lock:
            for index, post in enumerate(account.posts):
                if post.key == key:
                    edited = max(datetime.now(UTC), post.appeared + timedelta(seconds=1))
                    account.posts[index] = replace(post, text=text, edited_at=edited)
                    return account.posts[index]
        raise ValueError(f"{handle!r} has no post {key}")

    def delete(self, platform: str, handle: str, key: int) -> None:
        """The author deletes a post: it is gone from every listing."""
        account = self._known(platform, handle)
        with self._lock:
            kept = [post for post in account.posts if post.key != key]
            if len(kept) == len(account.posts):
                raise ValueError(f"{handle!r} has no post {key}")
            account.posts[:] = kept

    def rename(self, platform: str, handle: str, new: str) -> SimAccount:
        """The account takes another handle; its id (a DID on Bluesky) stays."""
        account = self._known(platform, handle)
        key = canonical(platform, new)
        with self._lock:
            del self._accounts[platform, account.handle]
            account.handle = key
            self._accounts[platform, key] = account
            self._ids[platform, account.user_id] = key
        return account

    def _known(self, platform: str, handle: str) -> SimAccount:
        account = self.account(platform, handle)
        if account is None:
            raise ValueError(f"{handle!r} is an unknown handle in this simulator")
        return account
