"""Sign-in e-mails leave from one background thread, not from the request.

Sending takes as long as the mail server does; a reply that waited for it would take
longer for a registered address than for an unknown one and so tell them apart. The
request only queues the message and returns at once; the thread sends it over the
same transport as the weekly e-mail. Failures are logged without the address.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from email.message import EmailMessage

from reports.mailer import MailError, Transport

log = logging.getLogger("social_audit.web")


class Outlet:
    def __init__(self, open_transport: Callable[[], Transport]):
        self._open = open_transport
        self._queue: queue.Queue[EmailMessage | threading.Event] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="sign-in mail", daemon=True)
        self._thread.start()

    def post(self, message: EmailMessage) -> None:
        self._queue.put(message)

    def drain(self, timeout: float = 30.0) -> None:
        """Wait until every queued message was handed to the transport (tests, shutdown)."""
        done = threading.Event()
        self._queue.put(done)
        done.wait(timeout)

    def close(self) -> None:
        self.drain()

    def _run(self) -> None:
        while True:
            message = self._queue.get()
            if isinstance(message, threading.Event):
                message.set()
                continue
            try:
                transport = self._open()
                try:
                    transport.send(message)
                finally:
                    transport.close()
            except MailError as exc:
                log.warning("a sign-in e-mail could not be sent: %s", type(exc).__name__)
            except Exception:  # the thread must outlive any one message
                log.exception("sending a sign-in e-mail failed")
