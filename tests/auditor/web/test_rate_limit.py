"""Sign-in link requests beyond the limits are refused, the same for known and unknown addresses."""

from __future__ import annotations

import re

import pytest
import requests

from tests.auditor.web.world import Running, token

KNOWN, UNKNOWN = "anna@school.nl", "nobody@school.nl"


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    running = Running(tmp_path_factory.mktemp("web"), links_per_address=3, links_per_client=8)
    yield running.world
    running.stop()


def ask(web, address):
    session = requests.Session()
    page = session.get(web.url + "/")
    answer = session.post(web.url + "/sign-in", data={"email": address, "csrf": token(page.text)})
    return answer.status_code, re.sub(r'name="csrf" value="[^"]+"', "", answer.text)


def test_the_limits_hold_without_telling_which_address_is_known(limited):
    for _ in range(3):
        assert ask(limited, KNOWN) == ask(limited, UNKNOWN)
    known, unknown = ask(limited, KNOWN), ask(limited, UNKNOWN)
    assert known == unknown
    assert known[0] == 429
    assert "Probeer het over 15 minuten opnieuw" in known[1]
    limited.outlet.drain()
    assert len(limited.inbox.to(KNOWN)) == 3
    assert limited.inbox.to(UNKNOWN) == []
    # per client: 6 requests counted so far, 2 more addresses pass, then this client waits
    assert ask(limited, "one@school.nl")[0] == 200
    assert ask(limited, "two@school.nl")[0] == 200
    assert ask(limited, "three@school.nl")[0] == 429
