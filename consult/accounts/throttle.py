"""Failed logins counted per account and per address, in Flask-Limiter's storage.

The counts live where the rate limits live (RATELIMIT_STORAGE_URI: memory on a laptop, Redis
in production), so every app server behind the load balancer sees the same ones, and no
address is ever written to the database. Keys are keyed hashes: the storage holds neither
e-mails nor addresses in clear.

An e-mail that matches no account is counted exactly like one that does, so the refusal says
nothing about which accounts exist. Wrong passwords and wrong second-factor codes count alike.
"""

import hashlib
import hmac
import math
import time

from flask import current_app, request
from flask_babel import ngettext
from limits import parse
from limits.strategies import MovingWindowRateLimiter

from consult.extensions import limiter

ACCOUNT_LIMIT = parse("5 per 15 minutes")
# A shared address (a school, a town hall) has several staff members behind it.
ADDRESS_LIMIT = parse("20 per 15 minutes")


def _enabled() -> bool:
    # The extension object is shared by every app in the process: ask this app's config.
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def _strategy() -> MovingWindowRateLimiter:
    # A moving window: "5 failures within any 15 minutes", with no reset at a round hour.
    return MovingWindowRateLimiter(limiter.storage)


def _hashed(kind: str, value: str) -> tuple[str, str, str]:
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]
    return ("login-failures", kind, digest)


def _account(email: str) -> tuple[str, str, str]:
    return _hashed("account", email.strip().lower())


def _address() -> tuple[str, str, str]:
    return _hashed("address", request.remote_addr or "unknown")


def _minutes_left(strategy: MovingWindowRateLimiter, limit, identifiers) -> int:
    reset_at = strategy.get_window_stats(limit, *identifiers).reset_time
    return max(1, math.ceil((reset_at - time.time()) / 60))


def refusal(email: str) -> str | None:
    """Why this login attempt is refused before even checking it, or None."""
    if not _enabled():
        return None
    strategy = _strategy()
    address = _address()
    if not strategy.test(ADDRESS_LIMIT, *address):
        minutes = _minutes_left(strategy, ADDRESS_LIMIT, address)
        return ngettext(
            "Too many attempts from this address. Try again in %(num)d minute.",
            "Too many attempts from this address. Try again in %(num)d minutes.",
            minutes,
        )
    account = _account(email)
    if not strategy.test(ACCOUNT_LIMIT, *account):
        minutes = _minutes_left(strategy, ACCOUNT_LIMIT, account)
        return ngettext(
            "Too many attempts for this account. Try again in %(num)d minute.",
            "Too many attempts for this account. Try again in %(num)d minutes.",
            minutes,
        )
    return None


def record_failure(email: str) -> None:
    if not _enabled():
        return
    strategy = _strategy()
    strategy.hit(ADDRESS_LIMIT, *_address())
    strategy.hit(ACCOUNT_LIMIT, *_account(email))


def forget_account_failures(email: str) -> None:
    """After a full login, earlier typos no longer count against the account.

    The address keeps its count: one address guessing many accounts stays visible.
    """
    if _enabled():
        _strategy().clear(ACCOUNT_LIMIT, *_account(email))
