"""Browser tests: the app served on loopback, driven by Debian's Chromium on a phone."""

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def playwright_instance():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: run scripts/setup-system.sh test (make test runs it).")
    with sync_api.sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def phone(playwright_instance, browser):
    """A fresh Pixel 5 context, in French unless a test says otherwise."""
    contexts = []
    server_errors = []

    def open_phone(locale="fr-FR"):
        context = browser.new_context(**playwright_instance.devices["Pixel 5"], locale=locale)
        context.set_default_timeout(10_000)
        context.on(
            "response",
            lambda response: server_errors.append(response.url) if response.status >= 500 else None,
        )
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()
    assert server_errors == [], "the server answered with an error"


TABLET = "Galaxy Tab S4"


@pytest.fixture
def tablet(playwright_instance, browser):
    """A fresh tablet context (kiosk mode), in French unless a test says otherwise."""
    contexts = []

    def open_tablet(locale="fr-FR", **options):
        context = browser.new_context(
            **playwright_instance.devices[TABLET], locale=locale, **options
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield open_tablet
    for context in contexts:
        context.close()


def assert_accessible(page, name: str) -> None:
    """axe-core finds no violation; a screenshot is kept for a person to look at."""
    from axe_playwright_python.sync_playwright import Axe

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
