"""The simulator's HTTP server: routing, latency, rate limits, injected faults, counts.

One ThreadingHTTPServer on 127.0.0.1 serves all four platforms under their own
prefix (`/x`, `/facebook`, `/mastodon`, `/bluesky`); `base_url(platform)` is
what a connector takes as its `base_url`. The platform dialects know the shapes;
this module knows what happens to every request on the way.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType
from urllib.parse import parse_qsl, urlsplit

from connectors.simulator import bluesky, facebook, mastodon, x
from connectors.simulator.config import PLATFORMS, Fault, SimulatorConfig
from connectors.simulator.content import SimAccount, SimPost, stable_fraction
from connectors.simulator.protocol import Call, Paging, Reply
from connectors.simulator.world import World, canonical

DIALECTS: dict[str, ModuleType] = {
    "x": x,
    "facebook": facebook,
    "mastodon": mastodon,
    "bluesky": bluesky,
}
PAGE_FAULTS = ("repeat_page", "endless")


class Simulator:
    """X, Facebook, Mastodon and Bluesky on 127.0.0.1, for tests, benchmarks and the demo.

    Example:
        >>> with Simulator(seed=7, accounts=3, page_size=5) as sim:
        ...     connector = connectors.get("x")(base_url=sim.base_url("x"))
        ...     handle = sim.accounts("x")[0].handle
        ...     target = Target("x", handle, token=sim.token("x", handle))
        ...     posts = list(connector.fetch(target, cursor=None, since=since))
        ...     sim.request_count("x")

    Keyword arguments override fields of `config` (see SimulatorConfig).
    """

    def __init__(
        self,
        config: SimulatorConfig | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        **overrides,
    ):
        self.config = replace(config or SimulatorConfig(), **overrides)
        now = self.config.now or datetime.now(UTC).replace(second=0, microsecond=0)
        self.world = World(self.config, now)
        self.counts: Counter[tuple[str, str]] = Counter()
        self._lock = threading.Lock()
        self._seen: Counter[str] = Counter()
        self._fired: Counter[int] = Counter()
        self._windows: Counter[tuple[str, str, int]] = Counter()
        self._started = time.time()
        self._answering = threading.Event()  # cleared by hold(): requests wait
        self._answering.set()
        self._server = ThreadingHTTPServer((host, port), _handler(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None
        self.root = f"http://{host}:{self._server.server_address[1]}"

    # --- life -------------------------------------------------------------------------

    def start(self) -> Simulator:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve_forever, args=(0.05,), daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        self._answering.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- what a test or a demo needs -----------------------------------------------

    def base_url(self, platform: str) -> str:
        """The `base_url` to give that platform's connector."""
        if platform not in DIALECTS:
            raise ValueError(f"platform must be one of {', '.join(PLATFORMS)}")
        return f"{self.root}/{platform}"

    def token(self, platform: str, handle: str) -> str:
        """A token the simulator accepts for this account (not a secret).

        Facebook's `/me` is the account the token names; the other platforms
        accept any token that is not configured as revoked or expired.
        """
        return f"sim-{platform}-{handle.lstrip('@')}"

    def accounts(self, platform: str) -> list[SimAccount]:
        """The listed accounts (config `handles` and `accounts`) of a platform."""
        found = (self.world.account(platform, h) for h in self.world.listed_handles(platform))
        return [account for account in found if account is not None]

    def account(self, platform: str, handle: str) -> SimAccount | None:
        return self.world.account(platform, handle)

    def base_urls(self) -> dict[str, str]:
        """`[fetch.base_urls]` for this simulator: each platform, and Bluesky's PLC directory."""
        return {**{p: self.base_url(p) for p in PLATFORMS}, "bluesky_plc": self.plc_url()}

    def plc_url(self) -> str:
        """Where the simulator serves DID documents, as plc.directory does."""
        return f"{self.base_url('bluesky')}/plc"

    def publish(
        self,
        platform: str,
        handle: str,
        count: int = 1,
        *,
        texts: Sequence[str] = (),
        dated: timedelta = timedelta(0),
    ) -> list[SimPost]:
        """New posts for an account, newer than all it has: what the next run should find.

        With `texts`, one public post of the account's own per text; with `dated`,
        posts that claim a date that far ahead (or, negative, back).
        """
        return self.world.publish(platform, handle, count, texts=texts, dated=dated)

    def edit(self, platform: str, handle: str, key: int, text: str) -> SimPost:
        """The author edits one of their posts (`SimPost.key`)."""
        return self.world.edit(platform, handle, key, text)

    def delete(self, platform: str, handle: str, key: int) -> None:
        """The author deletes one of their posts (`SimPost.key`)."""
        self.world.delete(platform, handle, key)

    def rename(self, platform: str, handle: str, new: str) -> SimAccount:
        """The account changes its handle; its platform id stays."""
        return self.world.rename(platform, handle, new)

    def request_count(self, platform: str | None = None, endpoint: str | None = None) -> int:
        """Requests served so far, all or of one platform and/or endpoint."""
        with self._lock:
            return sum(
                n
                for (p, e), n in self.counts.items()
                if (platform is None or p == platform) and (endpoint is None or e == endpoint)
            )

    def hold(self) -> None:
        """Let every request wait, counted but unanswered, until `release`: a platform hanging.

        A test can then see that a client got as far as asking, and act meanwhile.
        """
        self._answering.clear()

    def release(self) -> None:
        """Answer the waiting requests, and all later ones."""
        self._answering.set()

    def reset_counts(self) -> None:
        with self._lock:
            self.counts.clear()

    # --- the way of one request ---------------------------------------------------

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes):
        """The reply to one request and the fault to apply to its delivery, if any."""
        url = urlsplit(target)
        platform, _, rest = url.path.lstrip("/").partition("/")
        dialect = DIALECTS.get(platform)
        if dialect is None:
            return Reply(404, {"error": f"no platform {platform!r} here"}), None
        path = "/" + rest
        for route in dialect.ROUTES:
            match = re.fullmatch(route.pattern, path)
            if match and route.method == method:
                break
        else:
            self._count(platform, "unknown")
            return Reply(404, {"error": "Not Found"}), None
        self._count(platform, route.endpoint)
        self._answering.wait()
        if self.config.latency:
            time.sleep(self.config.latency)
        call = Call(
            method=method,
            path=path,
            params=match.groupdict(),
            query=dict(parse_qsl(url.query, keep_blank_values=True)),
            headers=headers,
            body=_json(body),
            world=self.world,
            base_url=self.base_url(platform),
            page_size=self.config.page_size,
        )
        limit, remaining, reset, exceeded = self._rate(platform, dialect.rate_key(call))
        rate_headers = dialect.rate_headers(limit, remaining, reset)
        if exceeded:
            return _with(dialect.rate_limited(), rate_headers), None
        refused = dialect.check_auth(
            call,
            self.config.revoked_tokens.get(platform, frozenset()),
            self.config.expired_tokens.get(platform, frozenset()),
        )
        if refused is not None:
            return _with(refused, rate_headers), None
        fault = self._fault(platform, method, target, headers, call)
        if fault is not None and fault.kind == "error":
            return _with(dialect.server_error(fault.status), rate_headers), None
        if fault is not None and fault.kind == "throttle":
            return dialect.rate_limited(), None  # no header says when to come back
        if fault is not None and fault.kind in PAGE_FAULTS:
            call.paging = Paging(
                repeat=fault.kind == "repeat_page", endless=fault.kind == "endless"
            )
            fault = None
        return _with(route.handler(call), rate_headers), fault

    def _count(self, platform: str, endpoint: str) -> None:
        with self._lock:
            self.counts[platform, endpoint] += 1

    def _rate(self, platform: str, key: str) -> tuple[int, int, int, bool]:
        """Limit, remaining, reset (Unix seconds) and whether this request is over it."""
        rule = self.config.rate_limit
        limit = rule.requests if rule else DIALECTS[platform].DEFAULT_RATE_LIMIT
        window = rule.window if rule else 900.0
        index = int((time.time() - self._started) // window)
        reset = int(self._started + (index + 1) * window) + 1
        with self._lock:
            self._windows[platform, key, index] += 1
            used = self._windows[platform, key, index]
        return limit, max(0, limit - used), reset, rule is not None and used > limit

    def _fault(self, platform, method, target, headers, call) -> Fault | None:
        """The first configured fault that fires for this request, drawn from the seed."""
        if not self.config.faults:
            return None
        identity = "|".join((method, target, headers.get("authorization", "")))
        with self._lock:
            attempt = self._seen[identity]
            self._seen[identity] += 1
        subject = _subject(platform, call)
        later_page = any(name in call.query for name in DIALECTS[platform].PAGE_PARAMS)
        for index, fault in enumerate(self.config.faults):
            if fault.platform not in (None, platform):
                continue
            if fault.kind == "repeat_page" and not later_page:
                continue  # only a later page has a page before it
            if fault.handle is not None and canonical(platform, fault.handle) != subject:
                continue
            if stable_fraction(self.config.seed, index, identity, attempt) >= fault.rate:
                continue
            with self._lock:
                if fault.times is not None and self._fired[index] >= fault.times:
                    continue
                self._fired[index] += 1
            return fault
        return None


def _subject(platform: str, call: Call) -> str:
    """The account a request is about, as its canonical handle, for fault matching."""
    value = (
        call.params.get("username")
        or call.params.get("id")
        or call.params.get("node")
        or call.params.get("did")
        or call.query.get("acct")
        or call.query.get("actor")
        or call.query.get("repo")
        or call.query.get("handle")
        or ""
    )
    if value == "me":
        value = call.query.get("access_token", "").removeprefix("sim-facebook-")
    if isinstance(call.body, dict) and "identifier" in call.body:
        value = str(call.body["identifier"])
    if value.startswith("did:") or value.isdigit():
        account = call.world.account_by_id(platform, value)
        return account.handle if account is not None else value
    return canonical(platform, value)


def _json(body: bytes):
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def _with(reply: Reply, headers: list[tuple[str, str]]) -> Reply:
    reply.headers = [*headers, *reply.headers]
    return reply


def _handler(simulator: Simulator):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "social-audit-simulator"

        def setup(self) -> None:
            super().setup()
            # headers and body go out as two writes: without this, Nagle and delayed
            # ACKs add 40 ms to every answer
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            reply, fault = simulator.handle(self.command, self.path, headers, body)
            payload = reply.payload()
            if fault is not None and fault.kind == "reset":
                self.close_connection = True
                return
            if fault is not None and fault.kind == "slow":
                time.sleep(fault.seconds)
            if fault is not None and fault.kind == "malformed":
                payload = payload[: max(1, len(payload) // 2)]
            declared = len(payload)
            if fault is not None and fault.kind == "truncated":
                payload = payload[: len(payload) // 2]
                self.close_connection = True
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(declared))
            self.end_headers()
            try:
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        do_GET = do_POST = _serve

        def log_message(self, format, *args):
            pass

    return Handler
