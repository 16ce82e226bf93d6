"""Login attempts counted per account and per address, in the rate limits' storage.

The counts live where the rate limits live (RATELIMIT_STORAGE_URI: memory on a laptop, Redis
in production), so every app server behind the load balancer sees the same ones, and no
address is ever written to the database. Keys are keyed hashes: the storage holds neither
e-mails nor addresses in clear.

Per account, every attempt counts, before its password or code is checked, so attempts sent
all at once cannot slip past the limit together; a full login clears the account's count.
Per address, only wrong passwords and codes at login count: a school's whole staff behind one
address can log in. If the shared storage cannot be reached, attempts are counted in this
process's memory meanwhile: staff can still log in, guessing is still slowed.

An e-mail that matches no account is counted exactly like one that does, so the refusal says
nothing about which accounts exist.

Nobody else's guesses lock the owner out (OWASP's device cookies, accounts/known_devices.py):
a browser the account fully logged in from before counts its password attempts against
itself alone, so the account's count, which anyone can fill, stops only unknown browsers; and
the second step has a count of its own per account, which only someone who had the right
password can fill. A password typed again inside a login (a new password, leaving kiosk mode,
two-step settings) also counts apart: only someone holding a live login of the account can
fill that count, so the owner warned of strangers' attempts can still choose a new password.
An administrator (or the team's coordinator, by resetting the password) clears the counts.
"""

import hashlib
import hmac
import math
import time

from flask import Flask, current_app, request
from flask_babel import ngettext
from limits import parse
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from consult.core.networks import network_of

ACCOUNT_LIMIT = parse("5 per 15 minutes")
# A shared address (a school, a town hall) has several staff members behind it.
ADDRESS_LIMIT = parse("20 per 15 minutes")


def init_app(app: Flask) -> None:
    # This app's own storage objects (Flask-Limiter's limiter is one per process, whichever
    # app configured it last).
    app.extensions["login_throttle"] = (
        storage_from_string(
            app.config["RATELIMIT_STORAGE_URI"], **app.config.get("RATELIMIT_STORAGE_OPTIONS", {})
        ),
        MemoryStorage(),
    )


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def _counting(action):
    """``action(strategy)`` on the shared storage, or on this process's memory if it is down.

    A moving window: "5 attempts within any 15 minutes", with no reset at a round hour.
    """
    shared, last_resort = current_app.extensions["login_throttle"]
    try:
        return action(MovingWindowRateLimiter(shared))
    except shared.base_exceptions:
        current_app.logger.warning(
            "Login throttling: rate-limit storage unreachable, counting in this process only"
        )
        return action(MovingWindowRateLimiter(last_resort))


def _hashed(kind: str, value: str) -> tuple[str, str, str]:
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]
    return ("login-attempts", kind, digest)


def _address() -> tuple[str, str, str]:
    return _hashed("address", network_of(request.remote_addr or "unknown"))


def _minutes_left(strategy: MovingWindowRateLimiter, limit, identifiers) -> int:
    reset_at = strategy.get_window_stats(limit, *identifiers).reset_time
    return max(1, math.ceil((reset_at - time.time()) / 60))


def _admit(strategy: MovingWindowRateLimiter, email: str, bucket: str) -> str | None:
    address = _address()
    if not strategy.test(ADDRESS_LIMIT, *address):
        return ngettext(
            "Too many attempts from this address. Try again in %(num)d minute.",
            "Too many attempts from this address. Try again in %(num)d minutes.",
            _minutes_left(strategy, ADDRESS_LIMIT, address),
        )
    # hit() counts and checks in one step (atomic in Redis).
    account = _hashed(bucket, email.strip().lower())
    if not strategy.hit(ACCOUNT_LIMIT, *account):
        return ngettext(
            "Too many attempts for this account. Try again in %(num)d minute.",
            "Too many attempts for this account. Try again in %(num)d minutes.",
            _minutes_left(strategy, ACCOUNT_LIMIT, account),
        )
    return None


def admit(email: str, device: str | None = None) -> str | None:
    """Count one attempt at a password for ``email`` from this address; why it is refused,
    or None to go on and check it. ``device``: the id of a browser the account logged in from
    before (known_devices.device_for), whose attempts count apart from everyone else's."""
    if not _enabled():
        return None
    bucket = f"device:{device}" if device else "account"
    return _counting(lambda strategy: _admit(strategy, email, bucket))


def admit_code(email: str) -> str | None:
    """Count one second-step code for ``email``: a count of its own, which only someone who
    typed the right password can fill."""
    if not _enabled():
        return None
    return _counting(lambda strategy: _admit(strategy, email, "code"))


def admit_reauthentication(email: str) -> str | None:
    """Count one password or code typed again by someone already logged in as ``email``
    (their password, kiosk mode, two-step login): a count of its own, so the account's count,
    which strangers at /login can fill, never stops the logged-in owner, while a stolen
    session still cannot guess the password faster than the login page allows."""
    if not _enabled():
        return None
    return _counting(lambda strategy: _admit(strategy, email, "reauthentication"))


def record_wrong_code(email: str) -> None:
    """A wrong code means someone holds the password: unknown browsers are stopped sooner
    (the account's count), while the owner's known devices count apart."""
    if _enabled():
        _counting(
            lambda strategy: strategy.hit(ACCOUNT_LIMIT, *_hashed("account", email.strip().lower()))
        )


def record_failure() -> None:
    """A wrong password or code at login also counts for the address: one address guessing
    many accounts is stopped too."""
    if _enabled():
        _counting(lambda strategy: strategy.hit(ADDRESS_LIMIT, *_address()))


def forget_account_attempts(email: str, device: str | None = None) -> None:
    """After a full login, earlier typos no longer count against the account (nor against
    ``device``); an administrator's unlock too.

    The address keeps its count: one address guessing many accounts stays visible.
    """
    if not _enabled():
        return
    value = email.strip().lower()
    buckets = ["account", "code", "reauthentication"] + ([f"device:{device}"] if device else [])

    def clear(strategy):
        for bucket in buckets:
            strategy.clear(ACCOUNT_LIMIT, *_hashed(bucket, value))

    _counting(clear)
