"""A script's request without a live login (the kiosk refreshing its pages in the background,
a sync) is told "401" and nothing else: no login page, no flashed message, no session cookie.
The session lives in the cookie and the last answer to arrive wins, so such an answer would
otherwise erase the form token of a login page another tab rendered meanwhile."""

import time
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select

from consult.accounts.models import StaffSession
from consult.accounts.roles import Role
from consult.accounts.session_lifetime import LAST_SEEN_AT, LOGGED_IN_AT
from consult.extensions import db
from tests.conftest import PASSWORD, csrf_token_from, login
from tests.outreach.helpers import make_session

SCRIPT = {"Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"}
PERSON = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}


def _kiosk_addresses(session) -> list[str]:
    base = f"/admin/demo/outreach/kiosk/{session.id}"
    return [f"{base}/?lang=ar", f"{base}/definition.json?lang=fr", f"{base}/notice/privacy"]


def _a_login_form_in_this_session(client) -> str:
    page = client.get("/login", headers=PERSON)
    assert page.status_code == 200
    return csrf_token_from(page.get_data(as_text=True))


def test_a_script_without_a_login_gets_a_bare_401_that_leaves_the_cookie_alone(
    client, demo_territory
):
    session = make_session(demo_territory)
    _a_login_form_in_this_session(client)
    for address in _kiosk_addresses(session):
        response = client.get(address, headers=SCRIPT)
        assert response.status_code == 401, address
        assert "Set-Cookie" not in response.headers, address
        assert response.headers["Cache-Control"] == "no-store"
        assert "password" not in response.get_data(as_text=True)
    sync = client.post(
        "/admin/demo/outreach/kiosk/sync",
        data="{}",
        content_type="application/json",
        headers={**SCRIPT, "Origin": "http://localhost"},
    )
    assert sync.status_code == 401 and "Set-Cookie" not in sync.headers
    # No message was left for the next page the person opens.
    user_page = client.get("/login", headers=PERSON).get_data(as_text=True)
    assert "Please log in to open this page" not in user_page
    assert "Veuillez vous connecter" not in user_page


def test_the_login_form_rendered_before_a_script_was_refused_still_logs_in(
    client, make_user, demo_territory
):
    session = make_session(demo_territory)
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    token = _a_login_form_in_this_session(client)
    for address in _kiosk_addresses(session):
        assert client.get(address, headers=SCRIPT).status_code == 401
    response = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
        headers=PERSON,
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/demo/")


def test_rendering_the_login_page_again_keeps_the_session_s_form_token(
    client, make_user, demo_territory
):
    """Flask-WTF keeps one token per session: a login page shown again (another tab, a
    redirect) does not make the first one's form expire."""
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    first = _a_login_form_in_this_session(client)
    for _ in range(3):
        _a_login_form_in_this_session(client)
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": first}
    )
    assert response.status_code == 302


def test_a_person_without_a_login_is_still_sent_to_the_login_page_and_told_why(
    client, demo_territory
):
    session = make_session(demo_territory)
    address = f"/admin/demo/outreach/kiosk/{session.id}/?lang=ar"
    # A browser that does not say who asked counts as a person, as before.
    for headers in (PERSON, {}):
        response = client.get(address, headers=headers)
        assert response.status_code == 302
        target = urlsplit(response.headers["Location"])
        assert target.path == "/login" and parse_qs(target.query)["next"] == [address]
        page = client.get(response.headers["Location"], headers=headers).get_data(as_text=True)
        assert "Veuillez vous connecter pour ouvrir cette page." in page


def test_an_expired_login_fetched_by_a_script_ends_with_a_401(client, make_user, demo_territory):
    session = make_session(demo_territory)
    login(client, make_user(role=Role.FACILITATOR, territories=[demo_territory]))
    moment = int(time.time())
    with client.session_transaction() as cookie:
        cookie[LOGGED_IN_AT] = moment - 3600
        cookie[LAST_SEEN_AT] = moment - 31 * 60
    response = client.get(f"/admin/demo/outreach/kiosk/{session.id}/", headers=SCRIPT)
    assert response.status_code == 401 and "Set-Cookie" not in response.headers
    # The login ended on the server all the same: the cookie the tablet keeps opens nothing.
    assert db.session.scalar(select(func.count()).select_from(StaffSession)) == 0
    again = client.get(f"/admin/demo/outreach/kiosk/{session.id}/", headers=PERSON)
    assert again.status_code == 302 and "/login?next=" in again.headers["Location"]
