"""A tablet in kiosk mode stays a kiosk, tried as a family member holding it would: every
link of the kiosk's pages tapped, back-office addresses typed; only the facilitator's
password (not the PIN) opens the back office again."""

from urllib.parse import urlsplit

import pytest

from consult.accounts.roles import Role
from tests.browser.conftest import assert_accessible
from tests.browser.test_kiosk import PIN, _log_in, _open_kiosk
from tests.conftest import PASSWORD
from tests.outreach.helpers import make_session

pytestmark = pytest.mark.browser


def _path(page) -> str:
    return urlsplit(page.url).path


def _inside_the_kiosk(path: str, kiosk_base: str) -> bool:
    return path.startswith(kiosk_base) or path == "/admin/unlock"


def _links(page) -> list[str]:
    return page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")


def test_every_link_and_typed_address_stays_in_the_kiosk(
    live_server,
    tablet,
    make_user,
    demo_territory,
):
    session = make_session(demo_territory)
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    page = tablet().new_page()
    _log_in(page, live_server, user)
    kiosk_url = f"{live_server}/admin/demo/outreach/kiosk/{session.id}/"
    _open_kiosk(page, kiosk_url, first_time=True)
    kiosk_base = "/admin/demo/outreach/kiosk/"

    # Every link on the kiosk's pages, followed from each page reached (notices, languages).
    to_visit, seen = [kiosk_url, *_links(page)], set()
    while to_visit:
        url = to_visit.pop()
        if url.split("#")[0] in seen:
            continue
        seen.add(url.split("#")[0])
        page.goto(url)
        assert _inside_the_kiosk(_path(page), kiosk_base), (url, page.url)
        to_visit += [link for link in _links(page) if link.split("#")[0] not in seen]
    assert any("/notice/privacy" in url for url in seen)
    assert any("/notice/children" in url for url in seen)

    # A tap on the footer's notice, then back to the form.
    for language in ("fr", "ar"):
        _open_kiosk(page, f"{kiosk_url}?lang={language}", first_time=False)
        page.locator(".footer-links a").first.click()
        page.wait_for_url("**/notice/privacy?lang=*")
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("header a").count() == page.locator("header .languages a").count()
        assert_accessible(page, f"kiosk-{language}-privacy-notice")
        page.locator("footer a.button").click()
        page.wait_for_url(f"**/kiosk/{session.id}/?lang={language}")

    # Addresses typed in the address bar: the back office, the public site, the login page.
    typed = [
        "/admin/demo/",
        f"/admin/demo/outreach/{session.id}",
        f"/admin/demo/outreach/{session.id}/edit",
        "/admin/demo/review/",
        "/admin/demo/consultations/",
        "/admin/password",
        "/admin/",
        "/login",
        "/",
        "/privacy",
    ]
    for address in typed:
        page.goto(live_server + address)
        assert _path(page) == "/admin/unlock", (address, page.url)
    assert_accessible(page, "kiosk-fr-unlock")

    # The unlock page leads back to the kiosk.
    page.get_by_role("link", name="Retour au formulaire").click()
    page.wait_for_url(f"**/kiosk/{session.id}/")

    # The kiosk's PIN is not the password; the password is.
    page.goto(f"{live_server}/admin/demo/review/")
    page.fill("#password", PIN)
    page.locator("main button[type=submit]").click()
    assert _path(page) == "/admin/unlock"
    assert page.locator(".flash--error").count() == 1
    page.goto(f"{live_server}/admin/demo/")
    assert _path(page) == "/admin/unlock"
    page.fill("#password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/admin/demo/")
    page.goto(f"{live_server}/admin/demo/outreach/{session.id}")
    assert _path(page) == f"/admin/demo/outreach/{session.id}"
