"""A tablet in kiosk mode stays a kiosk: once the kiosk page was served to a login, that
login reaches only the kiosk's pages until the facilitator's password (not the PIN) is typed
again; the lock is kept on the server, so an earlier copy of the cookie is locked too."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from consult.accounts.roles import Role
from tests.accounts.helpers import client_from
from tests.conftest import PASSWORD, csrf_token_from, login, submit
from tests.outreach.helpers import make_session
from tests.test_route_matrix import _sample_values, sample_ids

UNLOCK = "/admin/unlock"


@pytest.fixture
def kiosk(app, make_user, make_territory, demo_territory):
    """A facilitator's tablet showing the kiosk of an outreach session."""
    facilitator = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    session = make_session(demo_territory, facilitators=[facilitator])
    tablet = client_from(app, "192.0.2.90")
    login(tablet, facilitator)
    before_kiosk = tablet.get_cookie("session").value
    page = tablet.get(f"/admin/demo/outreach/kiosk/{session.id}/")
    assert page.status_code == 200
    return tablet, session, facilitator, before_kiosk


def _is_unlock_redirect(response) -> bool:
    return response.status_code in (302, 303) and urlsplit(
        response.headers["Location"]
    ).path.endswith(UNLOCK)


def test_every_page_but_the_kiosk_s_sends_the_tablet_to_the_password(
    app, kiosk, make_user, demo_territory
):
    tablet, session, _, _ = kiosk
    ids = sample_ids(make_user, demo_territory)
    ids["outreach_sessions"] = session.id
    token = csrf_token_from(tablet.get(UNLOCK).get_data(as_text=True))
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.startswith("kiosk."):
            continue
        if rule.endpoint in ("accounts.kiosk_unlock", "accounts.logout"):
            continue
        url = rule.build(_sample_values(rule, ids), append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = tablet.open(url, method=method, data={"csrf_token": token})
            assert _is_unlock_redirect(response), (method, url, response.status_code)
            checked += 1
    assert checked >= 80
    # The kiosk itself goes on: its page, questions, notices, service worker.
    base = f"/admin/demo/outreach/kiosk/{session.id}"
    for url in (f"{base}/", f"{base}/definition.json", f"{base}/notice/privacy",
                f"{base}/notice/children", "/admin/demo/outreach/kiosk/sw.js"):  # fmt: skip
        assert tablet.get(url).status_code == 200, url


def test_an_earlier_copy_of_the_cookie_is_locked_too(app, kiosk):
    _, _, _, before_kiosk = kiosk
    copy = client_from(app, "192.0.2.91")
    copy.set_cookie("session", before_kiosk)
    assert _is_unlock_redirect(copy.get("/admin/demo/outreach/"))
    assert _is_unlock_redirect(copy.get("/admin/demo/review/exports/answers.csv"))


def test_the_pin_does_not_unlock_the_password_does(kiosk):
    tablet, session, _, _ = kiosk
    for guess in ("1234", "00000000", ""):
        response = submit(tablet, UNLOCK, {"password": guess})
        assert response.status_code in (401, 422)
        assert _is_unlock_redirect(tablet.get("/admin/demo/"))
    exit_url = f"/admin/demo/outreach/{session.id}"
    response = submit(tablet, f"{UNLOCK}?next={exit_url}", {"password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith(exit_url)
    assert tablet.get(exit_url).status_code == 200
    assert tablet.get("/admin/demo/").status_code == 200


def test_the_unlock_page_leads_back_to_the_kiosk_and_nowhere_else(kiosk):
    tablet, session, _, _ = kiosk
    page = tablet.get(UNLOCK).get_data(as_text=True)
    links = set(re.findall(r'href="([^"]+)"', page))
    kiosk_url = f"/admin/demo/outreach/kiosk/{session.id}/"
    assert kiosk_url in links
    outside = {
        link for link in links
        # The page's own icon is inline (a data: URL): it leads nowhere.
        if not link.startswith(("/static/", "#", "/admin/unlock", "data:image/"))
        and link != kiosk_url
    }  # fmt: skip
    assert outside == set()


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form" and attrs.get("action"):
            self.links.append(attrs["action"])


def test_the_kiosk_s_pages_link_only_inside_the_kiosk(kiosk):
    tablet, session, _, _ = kiosk
    base = f"/admin/demo/outreach/kiosk/{session.id}"
    pages = [f"{base}/", f"{base}/notice/privacy", f"{base}/notice/children", f"{base}/?lang=ar"]
    seen = set()
    while pages:
        url = pages.pop()
        if url in seen:
            continue
        seen.add(url)
        parser = _Links()
        response = tablet.get(url)
        assert response.status_code == 200, url
        parser.feed(response.get_data(as_text=True))
        for link in parser.links:
            if link.startswith("#"):
                continue
            assert link.startswith("/admin/demo/outreach/kiosk/"), (url, link)
            pages.append(link)
    # The notices were reached from the kiosk page, in two languages.
    assert {f"{base}/notice/privacy", f"{base}/notice/children?lang=ar"} & seen
    assert len(seen) >= 4


def test_a_login_that_never_opened_the_kiosk_is_not_locked(app, kiosk, demo_territory):
    _, _, facilitator, _ = kiosk
    phone = client_from(app, "192.0.2.92")
    login(phone, facilitator)
    assert phone.get("/admin/demo/outreach/").status_code == 200
    assert phone.get(UNLOCK).status_code == 302
