"""Starting the web app from a config: the site, its mail outlet, and the server.

Also the one place that makes a sign-in link for someone else's use: the weekly
e-mail's "bekijk en reageer" link (`weekly_links`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from auditor.config import Config
from auditor.errors import SecretError
from auditor.secrets import Secrets
from auditor.store import Store
from auditor.web.app import create_app
from auditor.web.outlet import Outlet
from auditor.web.pages.consent import read_consent
from auditor.web.security import SECRET_HINT, Keys
from auditor.web.site import Site
from reports.mailer import open_transport


def keys_for(config: Config, secrets: Secrets | None = None) -> Keys:
    """The web app's keys from the secret `[web] secret_env` names."""
    secrets = secrets or Secrets(config.secrets_file)
    try:
        secret = secrets.get(config.web.secret_env)
    except SecretError:
        raise SecretError(
            f"the web app's secret {config.web.secret_env} is not set: export "
            f"{config.web.secret_env}=$({SECRET_HINT}) or put it in the secrets file"
        ) from None
    return Keys(secret, email_link_days=config.web.email_link_days)


@dataclass
class Running:
    site: Site
    outlet: Outlet
    app: object


@contextmanager
def running_site(
    config: Config,
    store: Store,
    *,
    secrets: Secrets | None = None,
    override_dir: Path | None = None,
) -> Iterator[Running]:
    """The app over an open store, with its mail thread; the thread drains on exit."""
    secrets = secrets or Secrets(config.secrets_file)
    keys = keys_for(config, secrets)
    outlet = Outlet(lambda: open_transport(config.mail, secrets.get))
    site = Site(config, store, keys, outlet.post, override_dir)
    app = create_app(site, read_consent(config.web.consent_file))
    try:
        yield Running(site, outlet, app)
    finally:
        outlet.close()


def serve(config: Config, store: Store, host: str, port: int) -> None:
    """Serve until Ctrl-C. Behind a reverse proxy in production (docs/web.md)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    with running_site(config, store) as run:
        uvicorn.run(
            run.app,  # type: ignore[arg-type]
            host=host,
            port=port,
            access_log=False,  # the app logs routes, never paths (links carry tokens)
            proxy_headers=bool(config.web.trusted_proxies),
            forwarded_allow_ips=list(config.web.trusted_proxies) or None,
            server_header=False,
            log_level="info",
        )


def weekly_links(
    config: Config, store: Store, secrets: Secrets | None = None
) -> Callable[[str], str] | None:
    """Make each weekly e-mail's sign-in link, or None when the web app has no secret.

    The link is single-use, like any sign-in link, and valid `[web] email_link_days`.
    """
    try:
        keys = keys_for(config, secrets)
    except SecretError:
        return None

    def link(email: str) -> str:
        made = keys.new_link(from_weekly_email=True)
        store.sign_ins.issue_link(made.digest, email, made.valid)
        return f"{config.web.base_url}/sign-in/{made.token}"

    return link
