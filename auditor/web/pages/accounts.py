"""My accounts: add one, remove one (its posts and findings go with it), reconnect one.

Tokens never pass through the web app: the registry holds only the name of the secret
a token lives under, which the administrator sets. Reconnecting therefore shows what
to do for the platform, and who does it.
"""

from __future__ import annotations

from starlette.responses import RedirectResponse, Response

from auditor.errors import RegistryError
from auditor.registry import ACCOUNT_PLATFORMS, AccountSpec, normalise_handle
from auditor.store import AccountRow
from auditor.web.handlers import Access, Form, NotFound, page
from auditor.web.site import Visit
from auditor.web.texts import REAUTH_STEPS
from reports.findings import PLATFORM_NAMES

ACTOR = "web"


def own_account(visit: Visit, value: str | None) -> AccountRow:
    """The signed-in person's account with this id; anyone else's is NotFound."""
    if not value or not value.isdigit() or len(value) > 12:
        raise NotFound
    account = visit.site.store.accounts.get(int(value))
    if account is None or account.person_email != visit.email:
        raise NotFound
    return account


def _page(visit: Visit, status: int = 200, **extra) -> Response:
    assert visit.email is not None
    store = visit.site.store
    not_me = visit.request.query_params.get("not_me")
    return visit.render(
        "accounts.html",
        status=status,
        accounts=store.accounts.list(email=visit.email),
        platforms=[(p, PLATFORM_NAMES.get(p, p)) for p in ACCOUNT_PLATFORMS],
        names=PLATFORM_NAMES,
        not_me=own_account(visit, not_me) if not_me else None,
        message=visit.request.query_params.get("done", "")[:20],
        **extra,
    )


@page(Access.STAFF)
def accounts(visit: Visit, form: Form) -> Response:
    return _page(visit)


@page(Access.STAFF)
def add_account(visit: Visit, form: Form) -> Response:
    platform, kind = form.get("platform", ""), form.get("kind", "personal")
    typed = form.get("handle", "")[:200]
    if platform not in ACCOUNT_PLATFORMS or kind not in ("personal", "official"):
        return _page(visit, 400, error="bad_account", typed=typed)
    try:
        spec = AccountSpec(platform=platform, handle=normalise_handle(typed), kind=kind)
    except RegistryError:
        return _page(visit, 400, error="bad_handle", typed=typed)
    assert visit.email is not None
    try:
        visit.site.store.accounts.add(visit.email, spec, ACTOR)
    except RegistryError:
        # The store's message names the account's owner: never shown to someone else.
        return _page(visit, 409, error="taken", typed=typed)
    return RedirectResponse("/accounts?done=added", status_code=303)


@page(Access.STAFF)
def remove_account(visit: Visit, form: Form) -> Response:
    account = own_account(visit, form.get("account"))
    assert visit.email is not None
    visit.site.store.accounts.remove(visit.email, account.platform, account.handle, ACTOR)
    return RedirectResponse("/accounts?done=removed", status_code=303)


@page(Access.STAFF)
def reauthorise(visit: Visit, form: Form) -> Response:
    account = own_account(visit, visit.request.path_params.get("account"))
    return visit.render(
        "reauth.html",
        account=account,
        platform=PLATFORM_NAMES.get(account.platform, account.platform),
        steps=REAUTH_STEPS[visit.lang].get(account.platform, REAUTH_STEPS[visit.lang]["other"]),
        contact=visit.site.config.mail.contact,
    )
