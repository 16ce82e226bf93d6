"""An honest count under a flood: answers that arrive in a pattern no crowd of people makes are
*held*, kept but left out of every figure until a coordinator releases or discards them.

Every answer is stored (a real parent is never refused). On its way in, a public answer is
weighed against four signals:

- ``network``: more complete answers from one network (an IPv4 address, an IPv6 /64) within
  ten minutes than a school gate produces (FLOOD_NETWORK_LIMIT, 60 by default: 40 parents
  behind one school Wi-Fi or one mobile operator's address count in full). Once a network
  went over, its answers stay held for an hour, so a patient script gains nothing by waiting
  for the next ten minutes.
- ``too_fast``: the whole path filled faster than a person reads
  (FLOOD_SECONDS_PER_SCREEN per screen, the first one included).
- ``repeated``: the same written answers, word for word, again and again from one network
  (more than FLOOD_REPEAT_LIMIT within ten minutes). Only answers with words are compared:
  forty parents who all tick "very important" and write nothing are a crowd, not a script.
- ``channel_burst``: one QR code suddenly answered far more than any real crowd would
  (FLOOD_CHANNEL_LIMIT within ten minutes, all networks together).

The counts live in the rate limits' storage (memory, or Redis shared by every app server),
under keyed hashes: no address is written anywhere, and nothing links an answer to where it
came from once the ten minutes (the hour for a flagged network) are over. If the shared storage
is down, this process's memory counts meanwhile.
"""

import hashlib
import hmac
import json
import time

from flask import Flask, current_app, request
from flask_babel import lazy_gettext as _l
from limits.storage import MemoryStorage, storage_from_string

from consult.core.networks import network_of

WINDOW_SECONDS = 600
FLAGGED_SECONDS = 3600

REASONS = {
    "network": _l("many answers from one network within minutes"),
    "too_fast": _l("filled faster than a person reads"),
    "repeated": _l("the same answers again and again"),
    "channel_burst": _l("a sudden burst on this QR code"),
}


def init_app(app: Flask) -> None:
    app.config.setdefault("FLOOD_NETWORK_LIMIT", 60)
    app.config.setdefault("FLOOD_CHANNEL_LIMIT", 300)
    app.config.setdefault("FLOOD_REPEAT_LIMIT", 3)
    app.config.setdefault("FLOOD_SECONDS_PER_SCREEN", 4)
    app.extensions["flood_counts"] = (
        storage_from_string(
            app.config["RATELIMIT_STORAGE_URI"], **app.config.get("RATELIMIT_STORAGE_OPTIONS", {})
        ),
        MemoryStorage(),
    )


def _key(*parts: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, ":".join(parts).encode(), hashlib.sha256).hexdigest()[:32]
    return f"flood/{parts[0]}/{digest}"


def _with_storage(action):
    shared, last_resort = current_app.extensions["flood_counts"]
    try:
        return action(shared)
    except shared.base_exceptions:
        current_app.logger.warning("Flood signals: storage unreachable, counting in this process")
        return action(last_resort)


def _window() -> str:
    return str(int(time.time() // WINDOW_SECONDS))


def _words_fingerprint(answers: dict) -> str:
    """What was written, whatever was ticked around it."""
    words = sorted(
        " ".join(value.casefold().split()) for value in answers.values() if isinstance(value, str)
    )
    return json.dumps(words, ensure_ascii=False)


def _has_words(answers: dict) -> bool:
    return any(isinstance(value, str) and len(value.strip()) > 3 for value in answers.values())


def reasons_to_hold(*, answers: dict, seconds_taken: float, screens: int, channel_id) -> list[str]:
    """Count this complete answer against the signals, and say why it should be held (empty:
    it counts). Called once per answer actually sent, never for a refused or repeated send."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return []
    config = current_app.config
    network = network_of(request.remote_addr or "unknown")
    window = _window()

    def count(storage) -> list[str]:
        reasons = []
        flagged_key = _key("flagged", network)
        in_window = storage.incr(_key("network", network, window), WINDOW_SECONDS)
        if in_window > config["FLOOD_NETWORK_LIMIT"]:
            storage.incr(flagged_key, FLAGGED_SECONDS)
        if in_window > config["FLOOD_NETWORK_LIMIT"] or storage.get(flagged_key) > 0:
            reasons.append("network")
        if seconds_taken < config["FLOOD_SECONDS_PER_SCREEN"] * screens:
            reasons.append("too_fast")
        if _has_words(answers):
            same = _key("repeated", network, window, _words_fingerprint(answers))
            if storage.incr(same, WINDOW_SECONDS) > config["FLOOD_REPEAT_LIMIT"]:
                reasons.append("repeated")
        channel = _key("channel", str(channel_id), window)
        if storage.incr(channel, WINDOW_SECONDS) > config["FLOOD_CHANNEL_LIMIT"]:
            reasons.append("channel_burst")
        return reasons

    return _with_storage(count)
