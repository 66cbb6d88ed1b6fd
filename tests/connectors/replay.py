"""A real HTTP server on 127.0.0.1 that answers with recorded platform responses.

The client libraries talk to it over a socket exactly as they talk to a platform,
so a replay test exercises their real request, header and error handling. Bodies
are served byte for byte as recorded (gzip included, with its Content-Encoding).
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import yaml

from tests.shared import CONFORMANCE

HOP_BY_HOP = {"transfer-encoding", "connection", "content-length", "keep-alive"}


@dataclass
class Exchange:
    """One recorded request (method, path, query) and the response to give."""

    method: str
    path: str
    status: int
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)
    query: dict[str, str] | None = None  # None: any query matches
    used: bool = False


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]


def conformance(relative: str) -> Path:
    return CONFORMANCE / relative


def load_json(relative: str) -> Any:
    return json.loads(conformance(relative).read_text(encoding="utf-8"))


def json_exchange(
    method: str,
    path: str,
    body: Any,
    *,
    status: int = 200,
    headers: Iterable[tuple[str, str]] = (),
    query: dict[str, str] | None = None,
) -> Exchange:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Exchange(
        method,
        path,
        status,
        raw,
        [("Content-Type", "application/json; charset=utf-8"), *headers],
        query,
    )


def cassette(relative: str, *, match_query: bool = True) -> list[Exchange]:
    """The interactions of a vcrpy cassette, each served once, in order."""
    data = yaml.safe_load(conformance(relative).read_text(encoding="utf-8"))
    exchanges = []
    for interaction in data["interactions"]:
        request, response = interaction["request"], interaction["response"]
        url = urlsplit(request["uri"])
        body = response["body"]["string"]
        headers = [
            (name, value)
            for name, values in response["headers"].items()
            if name.lower() not in HOP_BY_HOP
            for value in values
        ]
        exchanges.append(
            Exchange(
                method=request["method"],
                path=url.path,
                status=response["status"]["code"],
                body=body if isinstance(body, bytes) else body.encode("utf-8"),
                headers=headers,
                query=dict(parse_qsl(url.query)) if match_query else None,
            )
        )
    return exchanges


class ReplayServer:
    """Serves the first unused matching exchange; anything else is a 599 and recorded."""

    def __init__(self, exchanges: Iterable[Exchange]):
        self.exchanges = list(exchanges)
        self.seen: list[Seen] = []
        self.unmatched: list[Seen] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def _take(self, seen: Seen) -> Exchange | None:
        with self._lock:
            self.seen.append(seen)
            for exchange in self.exchanges:
                if exchange.used or exchange.method != seen.method or exchange.path != seen.path:
                    continue
                if exchange.query is not None and exchange.query != seen.query:
                    continue
                exchange.used = True
                return exchange
            self.unmatched.append(seen)
            return None

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                # headers and body go out as two writes: without this, Nagle and delayed
                # ACKs add 40 ms to every answer
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def _answer(self) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                seen = Seen(
                    self.command,
                    url.path,
                    dict(parse_qsl(url.query, keep_blank_values=True)),
                    {k.lower(): v for k, v in self.headers.items()},
                )
                exchange = server._take(seen)
                if exchange is None:
                    exchange = json_exchange(
                        self.command, url.path, {"error": "unmatched"}, status=599
                    )
                self.send_response(exchange.status)
                for name, value in exchange.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(exchange.body)))
                self.end_headers()
                self.wfile.write(exchange.body)

            do_GET = do_POST = do_DELETE = _answer

            def log_message(self, format, *args):
                pass

        return Handler

    def __enter__(self) -> ReplayServer:
        threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def replaying(*exchanges: Exchange | Iterable[Exchange]) -> Iterator[ReplayServer]:
    flat: list[Exchange] = []
    for item in exchanges:
        flat.extend([item] if isinstance(item, Exchange) else item)
    with ReplayServer(flat) as server:
        yield server
