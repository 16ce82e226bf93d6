"""Guessing passwords is slowed per account and per address, in the rate limiter's storage
(shared by every app server), without telling which e-mails have an account."""

from tests.accounts.helpers import client_from
from tests.conftest import PASSWORD, login, submit


def _attempt(client, email, password, lang="en"):
    return submit(client, f"/login?lang={lang}", {"email": email, "password": password})


def _fail(client, email, times):
    for _ in range(times):
        assert _attempt(client, email, "wrong-password-123").status_code == 401


def test_five_failures_lock_the_account_even_with_the_right_password(
    limited_app, make_user, demo_territory
):
    user = make_user(territories=[demo_territory])
    client = client_from(limited_app, "10.0.0.1")
    _fail(client, user.email, 5)
    refused = _attempt(client, user.email, PASSWORD)
    assert refused.status_code == 429
    assert "Too many attempts for this account. Try again in 15 minutes." in refused.get_data(
        as_text=True
    )
    # From another address too: the account is what is protected.
    elsewhere = client_from(limited_app, "10.0.0.2")
    assert _attempt(elsewhere, user.email, PASSWORD).status_code == 429
    # Another account is not affected.
    other = make_user(territories=[demo_territory])
    assert _attempt(elsewhere, other.email, PASSWORD).status_code == 302


def test_the_refusal_speaks_french(limited_app, make_user, demo_territory):
    user = make_user(territories=[demo_territory])
    client = client_from(limited_app, "10.0.0.3")
    _fail(client, user.email, 5)
    page = _attempt(client, user.email, PASSWORD, lang="fr").get_data(as_text=True)
    assert "Trop de tentatives pour ce compte. Réessayez dans 15 minutes." in page


def test_unknown_and_known_emails_are_refused_alike(limited_app, make_user, demo_territory):
    user = make_user(territories=[demo_territory])
    answers = []
    for address, email in (("10.0.1.1", user.email), ("10.0.1.2", "nobody@example.org")):
        client = client_from(limited_app, address)
        _fail(client, email, 5)
        response = _attempt(client, email, PASSWORD)
        answers.append((response.status_code, response.get_data(as_text=True).count("account")))
    assert answers[0] == answers[1]
    assert answers[0][0] == 429


def test_four_failures_then_success_start_the_count_again(limited_app, make_user, demo_territory):
    user = make_user(territories=[demo_territory])
    client = client_from(limited_app, "10.0.2.1")
    _fail(client, user.email, 4)
    login(client, user)
    fresh = client_from(limited_app, "10.0.2.1")
    _fail(fresh, user.email, 4)
    assert _attempt(fresh, user.email, PASSWORD).status_code == 302


def test_twenty_failures_from_one_address_lock_that_address(limited_app, make_user, demo_territory):
    user = make_user(territories=[demo_territory])
    client = client_from(limited_app, "10.0.3.1")
    for index in range(20):
        # Spread over many e-mails, so no account reaches its own limit.
        assert (
            _attempt(client, f"guess-{index % 5}-{index}@example.org", "nope-nope-nope").status_code
            == 401
        )
    refused = _attempt(client, user.email, PASSWORD)
    assert refused.status_code == 429
    assert "Too many attempts from this address." in refused.get_data(as_text=True)
    # The same account from elsewhere still logs in.
    assert _attempt(client_from(limited_app, "10.0.3.2"), user.email, PASSWORD).status_code == 302


def test_the_storage_holds_neither_emails_nor_addresses(limited_app, make_user, demo_territory):
    user = make_user(territories=[demo_territory])
    _fail(client_from(limited_app, "10.0.4.1"), user.email, 2)
    shared_storage, _ = limited_app.extensions["login_throttle"]
    keys = " ".join(str(key) for key in shared_storage.events)
    assert "login-attempts" in keys
    assert user.email not in keys and user.email.split("@")[0] not in keys
    assert "10.0.4.1" not in keys


def test_a_refused_attempt_does_not_check_the_password_nor_count_for_the_address(
    limited_app, make_user, demo_territory
):
    user = make_user(territories=[demo_territory])
    client = client_from(limited_app, "10.0.5.1")
    _fail(client, user.email, 5)
    for _ in range(20):
        assert _attempt(client, user.email, PASSWORD).status_code == 429
    # Five failures so far for the address, which allows twenty.
    other = make_user(territories=[demo_territory])
    _fail(client, other.email, 4)
    assert _attempt(client, other.email, PASSWORD).status_code == 302


def test_a_whole_staff_behind_one_address_logs_in(limited_app, make_user, demo_territory):
    for _ in range(25):
        user = make_user(territories=[demo_territory])
        assert (
            _attempt(client_from(limited_app, "10.0.6.1"), user.email, PASSWORD).status_code == 302
        )


def _twenty_failures_over_five_accounts(app, make_user, territory, address_of) -> None:
    """Twenty wrong passwords, none above an account's limit, from ``address_of(number)``."""
    users = [make_user(territories=[territory]) for _ in range(5)]
    for number in range(20):
        client = client_from(app, address_of(number))
        assert _attempt(client, users[number % 5].email, "wrong-password-123").status_code == 401


def test_ipv4_clients_seen_through_ipv6_count_apart(limited_app, make_user, demo_territory):
    _twenty_failures_over_five_accounts(
        limited_app, make_user, demo_territory, lambda number: f"::ffff:198.51.100.{number}"
    )
    other = client_from(limited_app, "::ffff:203.0.113.99")
    assert (
        _attempt(other, make_user(territories=[demo_territory]).email, PASSWORD).status_code == 302
    )


def test_no_throttling_when_limits_are_off(client, make_user, demo_territory):
    user = make_user(territories=[demo_territory])
    _fail(client, user.email, 8)
    assert _attempt(client, user.email, PASSWORD).status_code == 302


def test_an_ipv6_network_counts_as_one_address(limited_app, make_user, demo_territory):
    _twenty_failures_over_five_accounts(
        limited_app, make_user, demo_territory, lambda number: f"2001:db8:1:2::{number + 1:x}"
    )
    stepped = client_from(limited_app, "2001:db8:1:2:ffff::9")
    refused = _attempt(stepped, make_user(territories=[demo_territory]).email, PASSWORD)
    assert refused.status_code == 429
    assert "Too many attempts from this address." in refused.get_data(as_text=True)
    # Another network is another address.
    elsewhere = client_from(limited_app, "2001:db8:1:3::1")
    assert (
        _attempt(elsewhere, make_user(territories=[demo_territory]).email, PASSWORD).status_code
        == 302
    )
