from __future__ import annotations

import logging

import pytest

from tests.auditor.web.world import Running


class Kept(logging.Handler):
    """Every log record of the app and the server, as text."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture(scope="module")
def web_log():
    handler = Kept()
    names = ("social_audit.web", "uvicorn", "uvicorn.error", "uvicorn.access")
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield handler
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.fixture(scope="module")
def web(tmp_path_factory, web_log):
    """The app, its store and its SMTP server, shared by the tests of one module."""
    running = Running(
        tmp_path_factory.mktemp("web"),
        links_per_address=100,
        links_per_client=1000,
        upload_max_mb=1,
    )
    yield running.world
    running.stop()


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole test session (of this worker)."""
    from tests.auditor.web.browser import CHROMIUM, FLAGS, missing

    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is missing: apt-get install chromium (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory):
    import os
    from pathlib import Path

    from tests.auditor.web.browser import SCREENSHOTS_ENV

    folder = os.environ.get(SCREENSHOTS_ENV)
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path
