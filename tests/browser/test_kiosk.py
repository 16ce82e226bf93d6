"""Kiosk mode on a shared tablet: answers taken offline, kept across reloads, stored once."""

import threading

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from consult.accounts.roles import Role
from consult.consultation.models import Response
from consult.extensions import db
from tests.browser.conftest import ARTIFACTS, TABLET, assert_accessible
from tests.conftest import PASSWORD
from tests.outreach.helpers import make_session

pytestmark = pytest.mark.browser

PIN = "2468"


def _log_in(page, live_server, user):
    page.goto(f"{live_server}/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/admin/demo/")


def _open_kiosk(page, url, *, first_time, check_setup=None):
    page.goto(url)
    page.wait_for_selector("#kiosk[data-ready=true]")
    if first_time:
        if check_setup:
            check_setup(page)
        page.fill("#pin-new", PIN)
        page.fill("#pin-again", PIN)
        page.locator("#pin-setup-form button[type=submit]").click()
    page.wait_for_selector("#kiosk-form:not([hidden]) input[name=kind]")


def _answer(page, text, *, assisted=False):
    """One person: a parent, one priority, one sentence, then send."""
    parent = page.locator("input[name=kind][value=parent]")
    page.locator(f"label[for={parent.get_attribute('id')}]").click()
    page.locator("#kiosk-form button[data-go=next]").click()
    page.locator("fieldset.question--priority label").nth(2).click()
    while True:
        if page.locator("#kiosk-form textarea").count():
            page.locator("#kiosk-form textarea").first.fill(text)
        if page.locator("#assisted").count():
            break
        page.locator("#kiosk-form button[data-go=next]").click()
    if assisted:
        page.locator("label[for=assisted]").click()
    page.locator("#kiosk-form button[data-go=next]").click()
    page.wait_for_selector("#kiosk-thanks:not([hidden])")


def _counts(page):
    return page.locator("#pending-count").inner_text(), page.locator("#sent-count").inner_text()


def _stored():
    db.session.expire_all()
    return db.session.scalar(select(func.count(Response.id)))


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_five_answers_offline_survive_a_reload_and_are_stored_once(
    live_server, tablet, make_user, demo_territory
):
    session = make_session(demo_territory)
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    context = tablet()
    page = context.new_page()
    _log_in(page, live_server, user)
    url = f"{live_server}/admin/demo/outreach/kiosk/{session.id}/"
    _open_kiosk(
        page,
        url,
        first_time=True,
        check_setup=lambda page: assert_accessible(page, "kiosk-fr-pin-setup"),
    )
    page.wait_for_selector("#kiosk[data-offline-ready=true]")
    cached = page.evaluate(
        "caches.open('consult-kiosk-v1').then(c => c.keys()).then(k => k.map(r => r.url))"
    )
    assert any(u.endswith(f"/kiosk/{session.id}/?lang=fr") for u in cached)
    assert any("definition.json?lang=ar" in u for u in cached)
    assert any("/static/js/kiosk.js?v=" in u for u in cached)
    # A copy of an earlier version of an asset is dropped the next time the kiosk opens.
    page.evaluate(
        "caches.open('consult-kiosk-v1').then(c => c.put('/static/js/kiosk.js?v=0ld', "
        "new Response('old')))"
    )
    page.reload()
    page.wait_for_selector("#kiosk[data-offline-ready=true]")
    cached = page.evaluate(
        "caches.open('consult-kiosk-v1').then(c => c.keys()).then(k => k.map(r => r.url))"
    )
    assert not any(u.endswith("kiosk.js?v=0ld") for u in cached)
    assert any("/static/js/kiosk.js?v=" in u for u in cached)
    assert_accessible(page, "kiosk-fr-online")

    context.set_offline(True)
    for number in range(1, 6):
        _answer(page, f"Personne numéro {number}")
        if number == 1:
            _shot(page, "kiosk-fr-offline-thanks")
        page.locator("#next-person").click()
        page.wait_for_selector("#kiosk-form:not([hidden]) input[name=kind]")
    assert _counts(page) == ("5", "0")
    assert "kiosk-network--offline" in page.locator("#network-state").get_attribute("class")
    assert_accessible(page, "kiosk-fr-offline")
    # The previous person's answers are nowhere on the page nor behind Back.
    assert "Personne numéro 5" not in page.content()
    page.go_back()
    page.wait_for_timeout(300)
    assert "Personne numéro 5" not in page.content()
    assert _stored() == 0

    # Close the tab, open the kiosk again, still offline: the service worker and the queue.
    page.close()
    page = context.new_page()
    _open_kiosk(page, url, first_time=False)
    assert _counts(page) == ("5", "0")
    assert _stored() == 0

    context.set_offline(False)
    # Five syncs, one request each: seconds on a loaded machine, past expect's default 5 s.
    expect(page.locator("#sent-count")).to_have_text("5", timeout=30_000)
    assert _counts(page) == ("0", "5")
    db.session.expire_all()
    responses = db.session.scalars(select(Response)).all()
    assert len(responses) == 5
    assert {r.outreach_session_id for r in responses} == {session.id}
    assert {r.mode for r in responses} == {"self"}
    assert len({r.client_token for r in responses}) == 5
    texts = sorted(a.text for r in responses for a in r.answers if a.purpose == "swot")
    assert texts == [f"Personne numéro {n}" for n in range(1, 6)]


def test_a_sync_cut_off_after_the_server_stored_is_retried_and_stored_once(
    live_server, tablet, make_user, demo_territory
):
    session = make_session(demo_territory)
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    # No service worker here, so the test can cut the connection after the server answered.
    context = tablet(service_workers="block")
    page = context.new_page()
    _log_in(page, live_server, user)
    cut = {"count": 0}

    def lose_the_acknowledgement(route):
        route.fetch()  # the server receives and stores it...
        if cut["count"] < 2:
            cut["count"] += 1
            route.abort("connectionreset")  # ...but the tablet never hears back.
        else:
            route.continue_()

    page.route("**/outreach/kiosk/sync", lose_the_acknowledgement)
    _open_kiosk(page, f"{live_server}/admin/demo/outreach/kiosk/{session.id}/", first_time=True)
    for number in range(1, 4):
        _answer(page, f"Réponse {number}")
        page.locator("#next-person").click()
        page.wait_for_selector("#kiosk-form:not([hidden]) input[name=kind]")
    page.locator("#sync-now").click()
    expect(page.locator("#sent-count")).to_have_text("3", timeout=30_000)
    assert cut["count"] == 2
    assert _counts(page) == ("0", "3")
    assert _stored() == 3


def test_kiosk_in_arabic_online_and_offline_and_leaving_needs_the_pin(
    live_server, tablet, make_user, demo_territory
):
    session = make_session(demo_territory)
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    context = tablet(locale="ar")
    page = context.new_page()
    _log_in(page, live_server, user)
    url = f"{live_server}/admin/demo/outreach/kiosk/{session.id}/?lang=ar"
    _open_kiosk(page, url, first_time=True)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    page.wait_for_selector("#kiosk[data-offline-ready=true]")
    assert_accessible(page, "kiosk-ar-online")
    context.set_offline(True)
    _answer(page, "المدرسة قريبة", assisted=True)
    page.locator("#next-person").click()
    page.locator("input[name=kind][value=parent] + label").click()
    page.locator("#kiosk-form button[data-go=next]").click()
    assert _counts(page)[0] == "1"
    assert_accessible(page, "kiosk-ar-offline")
    context.set_offline(False)
    expect(page.locator("#sent-count")).to_have_text("1")
    stored = db.session.scalars(select(Response)).one()
    assert (stored.language, stored.outreach_session_id) == ("ar", session.id)
    assert stored.mode == "assisted"

    # Leaving kiosk mode: a wrong PIN keeps the tablet in kiosk mode.
    page.locator("#open-facilitator").click()
    page.fill("#pin-check", "0000")
    page.locator("#pin-check-form button[type=submit]").click()
    page.wait_for_selector("#pin-check-error:not([hidden])")
    assert page.locator("#facilitator-tools").is_hidden()
    page.fill("#pin-check", PIN)
    page.locator("#pin-check-form button[type=submit]").click()
    page.wait_for_selector("#facilitator-tools:not([hidden])")
    page.locator("#leave-kiosk").click()
    # The PIN only opened the kiosk's panel: the back office asks for the password.
    page.wait_for_url("**/admin/unlock?next=**")
    page.fill("#password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**/admin/demo/outreach/{session.id}")


def test_a_corrupt_queued_record_is_reported_and_does_not_block_the_others(
    live_server, tablet, make_user, demo_territory
):
    session = make_session(demo_territory)
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    context = tablet(service_workers="block")
    page = context.new_page()
    _log_in(page, live_server, user)
    _open_kiosk(page, f"{live_server}/admin/demo/outreach/kiosk/{session.id}/", first_time=True)
    context.set_offline(True)
    # A record damaged on the device, queued before a good one.
    page.evaluate(
        """session => KioskStore.add({uuid: "0badc0de-0000-4000-8000-000000000000",
            session: session, kind: "alien", language: "fr", mode: "self", answers: {},
            captured_on: "2020-01-01", queued_at: "2000-01-01T00:00:00Z"})""",
        session.id,
    )
    _answer(page, "Une réponse saine")
    page.locator("#next-person").click()
    context.set_offline(False)
    expect(page.locator("#sent-count")).to_have_text("1")
    expect(page.locator("#pending-count")).to_have_text("0")
    assert page.locator("#kiosk-warning").is_visible()
    stored = db.session.scalars(select(Response)).one()
    assert any(answer.text == "Une réponse saine" for answer in stored.answers)
    # The refused record is kept and shown to the facilitator, behind the PIN.
    page.locator("#open-facilitator").click()
    page.fill("#pin-check", PIN)
    page.locator("#pin-check-form button[type=submit]").click()
    expect(page.locator("#problem-list li")).to_have_count(1)
    assert "0badc0de" in page.locator("#problem-list").inner_text()
    assert_accessible(page, "kiosk-fr-facilitator-panel")
    with page.expect_download() as download:
        page.locator("#export-queue").click()
    exported = download.value.path().read_text(encoding="utf-8")
    assert "0badc0de-0000-4000-8000-000000000000" in exported


def test_the_kiosk_starts_fresh_after_idle_time_on_the_thanks_page_or_mid_form(
    live_server, tablet, make_user, demo_territory
):
    session = make_session(demo_territory)
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    context = tablet(service_workers="block")
    page = context.new_page()
    _log_in(page, live_server, user)
    page.clock.install()
    _open_kiosk(page, f"{live_server}/admin/demo/outreach/kiosk/{session.id}/", first_time=True)
    _answer(page, "Première personne")
    page.clock.fast_forward(11_000)
    expect(page.locator("#kiosk-form input[name=kind]").first).to_be_visible()
    assert page.locator("#kiosk-form input:checked").count() == 0

    # Someone leaves half-way: after three quiet minutes the form starts again, empty.
    page.locator("input[name=kind][value=parent] + label").click()
    page.locator("#kiosk-form button[data-go=next]").click()
    page.locator("fieldset.question--priority label").nth(2).click()
    page.clock.fast_forward("02:00")
    assert page.locator("fieldset.question--priority").count() > 0
    page.clock.fast_forward("01:30")
    expect(page.locator("#kiosk-form input[name=kind]").first).to_be_visible()
    assert page.locator("#kiosk-form input:checked").count() == 0
    assert page.locator("fieldset.question--priority").count() == 0


def test_closing_the_browser_keeps_the_queue_until_a_facilitator_logs_in_again(
    live_server, playwright_instance, make_user, demo_territory, tmp_path
):
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    session = make_session(demo_territory)
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    url = f"{live_server}/admin/demo/outreach/kiosk/{session.id}/"

    device = dict(playwright_instance.devices[TABLET])
    device.pop("default_browser_type", None)

    def launch():
        context = playwright_instance.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            **device,
            locale="fr-FR",
        )
        context.set_default_timeout(15_000)
        return context

    context = launch()
    page = context.new_page()
    _log_in(page, live_server, user)
    _open_kiosk(page, url, first_time=True)
    page.wait_for_selector("#kiosk[data-offline-ready=true]")
    context.set_offline(True)
    for number in (1, 2):
        _answer(page, f"Avant fermeture {number}")
        page.locator("#next-person").click()
    assert _counts(page) == ("2", "0")
    context.close()

    # The browser opens again, with no network: the kiosk and its queue are still there.
    context = launch()
    context.set_offline(True)
    page = context.pages[0] if context.pages else context.new_page()
    _open_kiosk(page, url, first_time=False)
    assert _counts(page) == ("2", "0")
    context.set_offline(False)
    page.locator("#sync-now").click()
    page.wait_for_selector("#kiosk-warning:not([hidden]), #sent-count:text-is('2')")
    if page.locator("#sent-count").inner_text() != "2":
        # The login did not survive the browser: the tablet says so and keeps everything.
        assert _counts(page) == ("2", "0") and _stored() == 0
        other = context.new_page()
        _log_in(other, live_server, user)
        other.close()
        page.locator("#sync-now").click()
    expect(page.locator("#sent-count")).to_have_text("2")
    assert _stored() == 2
    context.close()


class _HoldTheKioskInTheBackground:
    """Wraps the live server. The kiosk tab's first background request (a script's fetch, not
    a navigation) waits at the server until released: the browser sent it with the cookie of
    that moment and its answer arrives after whatever another tab did meanwhile, the order a
    slow network gives. Every background answer's Set-Cookie is noted."""

    def __init__(self, app, kiosk_path):
        self.app, self.inner, self.kiosk_path = app, app.wsgi_app, kiosk_path
        self.held, self.release, self.answered = (threading.Event() for _ in range(3))
        self.refresh_requests, self.cookies_written = [], []

    def __call__(self, environ, start_response):
        if environ.get("HTTP_SEC_FETCH_MODE") in (None, "navigate") or not (
            environ["PATH_INFO"].startswith(self.kiosk_path) or environ["PATH_INFO"] == "/login"
        ):
            return self.inner(environ, start_response)
        if environ.get("HTTP_X_KIOSK_REFRESH"):
            self.refresh_requests.append(f"{environ['PATH_INFO']}?{environ['QUERY_STRING']}")
        first = not self.held.is_set()
        if first:
            self.held.set()
            self.release.wait(30)

        def noting_cookies(status, headers, *args):
            path = environ["PATH_INFO"]
            self.cookies_written += [
                f"{path} {status}" for name, _ in headers if name == "Set-Cookie"
            ]
            return start_response(status, headers, *args)

        body = b"".join(self.inner(environ, noting_cookies))
        if first:
            self.answered.set()
        return [body]

    def __enter__(self):
        self.app.wsgi_app = self
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.app.wsgi_app = self.inner


def _cached_pages(page):
    return page.evaluate(
        """caches.open('consult-kiosk-v1').then(cache => cache.keys().then(keys =>
            Promise.all(keys.map(key => cache.match(key).then(r => r.text())
                .then(text => [key.url, text])))))"""
    )


def test_a_logged_out_kiosk_refreshing_in_the_background_leaves_the_login_typed_meanwhile_alone(
    app, live_server, tablet, make_user, demo_territory
):
    session = make_session(demo_territory)
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    context = tablet()
    kiosk = context.new_page()
    _log_in(kiosk, live_server, user)
    kiosk_path = f"/admin/demo/outreach/kiosk/{session.id}/"
    _open_kiosk(kiosk, f"{live_server}{kiosk_path}", first_time=True)
    kiosk.wait_for_selector("#kiosk[data-offline-ready=true]")
    copies = dict(_cached_pages(kiosk))

    # The browser forgets the login, as it does when it restarts (a session cookie). The
    # kiosk, opened again, refreshes its copies while the facilitator logs in in another tab.
    context.clear_cookies()
    with _HoldTheKioskInTheBackground(app, kiosk_path) as server:
        kiosk.reload()
        assert server.held.wait(15), "the kiosk asked the server nothing in the background"
        login = context.new_page()
        login.goto(f"{live_server}/login")
        login.fill("#email", user.email)
        login.fill("#password", PASSWORD)
        server.release.set()
        assert server.answered.wait(15)
        kiosk.wait_for_selector("#kiosk[data-refresh=login]")
    expect(kiosk.locator("#kiosk-warning")).to_be_visible()
    # The refresh stopped at the first page refused; no background answer wrote the cookie.
    assert len(server.refresh_requests) == 1, server.refresh_requests
    assert server.cookies_written == []
    # The copies are the kiosk's pages still, none replaced by the login page.
    assert dict(_cached_pages(kiosk)) == copies

    # The login works the first time.
    login.locator("main button[type=submit]").click()
    login.wait_for_url("**/admin/demo/")
