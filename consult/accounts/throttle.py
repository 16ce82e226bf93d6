"""Failed logins counted per account and per address, in Flask-Limiter's storage.

The counts live where the rate limits live (RATELIMIT_STORAGE_URI: memory on a laptop, Redis
in production), so every app server behind the load balancer sees the same ones, and no
address is ever written to the database. Keys are keyed hashes: the storage holds neither
e-mails nor addresses in clear. If the shared storage cannot be reached, failures are counted
in this process's memory meanwhile: staff can still log in, and guessing is still slowed.

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
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from consult.extensions import limiter

ACCOUNT_LIMIT = parse("5 per 15 minutes")
# A shared address (a school, a town hall) has several staff members behind it.
ADDRESS_LIMIT = parse("20 per 15 minutes")

_storage_of_last_resort = MemoryStorage()


def _enabled() -> bool:
    # The extension object is shared by every app in the process: ask this app's config.
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def _counting(action):
    """``action(strategy)`` on the shared storage, or on this process's memory if it is down.

    A moving window: "5 failures within any 15 minutes", with no reset at a round hour.
    """
    shared = limiter.storage
    try:
        return action(MovingWindowRateLimiter(shared))
    except shared.base_exceptions:
        current_app.logger.warning(
            "Login throttling: rate-limit storage unreachable, counting in this process only"
        )
        return action(MovingWindowRateLimiter(_storage_of_last_resort))


def _hashed(kind: str, value: str) -> tuple[str, str, str]:
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]
    return ("login-failures", kind, digest)


def _account(email: str) -> tuple[str, str, str]:
    return _hashed("account", email.strip().lower())


def _address() -> tuple[str, str, str]:
    return _hashed("address", request.remote_addr or "unknown")


def _minutes_refused(strategy: MovingWindowRateLimiter, limit, identifiers) -> int:
    """How many minutes until ``identifiers`` may try again; 0 if they may now."""
    if strategy.test(limit, *identifiers):
        return 0
    reset_at = strategy.get_window_stats(limit, *identifiers).reset_time
    return max(1, math.ceil((reset_at - time.time()) / 60))


def _refusal(strategy: MovingWindowRateLimiter, email: str) -> str | None:
    if minutes := _minutes_refused(strategy, ADDRESS_LIMIT, _address()):
        return ngettext(
            "Too many attempts from this address. Try again in %(num)d minute.",
            "Too many attempts from this address. Try again in %(num)d minutes.",
            minutes,
        )
    if minutes := _minutes_refused(strategy, ACCOUNT_LIMIT, _account(email)):
        return ngettext(
            "Too many attempts for this account. Try again in %(num)d minute.",
            "Too many attempts for this account. Try again in %(num)d minutes.",
            minutes,
        )
    return None


def refusal(email: str) -> str | None:
    """Why this login attempt is refused before even checking it, or None."""
    if not _enabled():
        return None
    return _counting(lambda strategy: _refusal(strategy, email))


def _hit_both(strategy: MovingWindowRateLimiter, email: str) -> None:
    strategy.hit(ADDRESS_LIMIT, *_address())
    strategy.hit(ACCOUNT_LIMIT, *_account(email))


def record_failure(email: str) -> None:
    if _enabled():
        _counting(lambda strategy: _hit_both(strategy, email))


def forget_account_failures(email: str) -> None:
    """After a full login, earlier typos no longer count against the account.

    The address keeps its count: one address guessing many accounts stays visible.
    """
    if _enabled():
        _counting(lambda strategy: strategy.clear(ACCOUNT_LIMIT, *_account(email)))
