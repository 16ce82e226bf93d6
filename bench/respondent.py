"""One simulated parent on a phone without JavaScript: cookies, CSRF tokens read from the
pages, every screen answered, then the final send, retried as a person pressing "Send" again
would when it fails."""

import http.client
import re
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
SUBMISSION = re.compile(r'name="submission" type="hidden" value="([^"]+)"')
FIELD = re.compile(
    r'name="(q\d+)" (?:type="radio"|[^>]*type="checkbox")? ?value="(\d+)"|name="(q\d+)"'
)
DRAFT_COOKIE = "consult_draft"
# Seconds to wait before each new try: a person pressing again, a little later each time.
BACKOFF = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)


class Failed(Exception):
    """A request that got no usable answer: a status code or a connection error."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


@dataclass
class Attempt:
    at: float  # seconds since the phase started
    seconds: float
    outcome: str  # "acknowledged" or the failure (status code or exception name)
    draft_cookie_cleared: bool = False


@dataclass
class Outcome:
    marker: str
    client_token: str | None = None
    final_attempts: list[Attempt] = field(default_factory=list)
    step_failures: list[str] = field(default_factory=list)
    abandoned_at: str | None = None  # the step that kept failing, when the path was given up

    @property
    def acknowledged(self) -> bool:
        return any(attempt.outcome == "acknowledged" for attempt in self.final_attempts)

    @property
    def retried(self) -> bool:
        return len(self.final_attempts) > 1


class Phone:
    """Just enough of a browser: cookies, redirects read by hand, a fresh connection when the
    server closed the last one (gunicorn's sync workers close after every response)."""

    def __init__(self, base: str, timings: list, started: float, source: str | None = None):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        # The loopback address this phone speaks from (127.0.0.0/8): one network per crowd.
        self.source = (source, 0) if source else None
        self.connection = None
        self.cookies: dict[str, str] = {}
        self.timings = timings  # (seconds, status or failure) of every request, shared
        self.started = started

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Accept-Language": "fr-FR,fr;q=0.9",
        }
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=60, source_address=self.source
                )
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode()
        except (OSError, http.client.HTTPException) as error:
            self.timings.append((time.perf_counter() - started, type(error).__name__))
            self.close()
            raise Failed(type(error).__name__) from error
        self.timings.append((time.perf_counter() - started, response.status))
        cleared = False
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                content = rest.split(";", 1)[0]
                if content in ("", '""') or "max-age=0" in value.lower():
                    cleared = cleared or name == DRAFT_COOKIE
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = content
        if response.will_close:
            self.close()
        return response.status, response.getheader("Location"), text, cleared

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _retrying(outcome: Outcome, phone: Phone, step: str, method: str, path: str, form=None):
    """A step of the path, tried again after a failure, as a person reloading would."""
    for wait in (*BACKOFF, None):
        try:
            status, location, page, cleared = phone.request(method, path, form)
        except Failed as failure:
            outcome.step_failures.append(f"{step}: {failure.kind}")
        else:
            if status < 500:
                return status, location, page, cleared
            outcome.step_failures.append(f"{step}: {status}")
        if wait is None:
            outcome.abandoned_at = step
            raise Failed(step)
        time.sleep(wait)


def _answers(page: str, marker: str) -> dict:
    form = {"csrf_token": CSRF.search(page).group(1)}
    submission = SUBMISSION.search(page)
    if submission:
        form["submission"] = submission.group(1)
    names = list(dict.fromkeys(m.group(1) or m.group(3) for m in FIELD.finditer(page)))
    wrote_marker = False
    for name in names:
        values = re.findall(rf'name="{name}"[^>]*value="(\d+)"', page)
        if values:
            form[name] = values[len(values) // 2]
        elif not wrote_marker:
            # A unique word in a free-text answer: the response can be found by it afterwards.
            form[name] = f"Les ateliers du mercredi sont très bien. {marker}"
            wrote_marker = True
        else:
            form[name] = "Plus de places au périscolaire."
    return form


def answer_parent_path(
    base: str,
    token: str,
    timings: list,
    started: float,
    *,
    source: str | None = None,
    pause: float = 0.0,
) -> Outcome:
    """The whole path; the outcome says whether the final send was acknowledged. `pause`:
    seconds spent on each screen before sending it, as a person reading would."""
    phone = Phone(base, timings, started, source)
    outcome = Outcome(marker=f"bench-{uuid.uuid4().hex}")
    try:
        _retrying(outcome, phone, "scan", "GET", f"/q/{token}")
        _, _, page, _ = _retrying(outcome, phone, "who", "GET", f"/r/{token}/")
        who = {"csrf_token": CSRF.search(page).group(1), "respondent_kind": "parent"}
        time.sleep(pause)
        _, location, _, _ = _retrying(outcome, phone, "who-send", "POST", f"/r/{token}/", who)
        while location and "/thanks" not in location:
            path = urlsplit(location).path
            _, _, page, _ = _retrying(outcome, phone, path, "GET", path)
            form = _answers(page, outcome.marker)
            time.sleep(pause)
            if "submission" in form:
                outcome.client_token = form["submission"]
            if _is_last(page):
                return _final_send(phone, outcome, path, form)
            status, location, _, _ = _retrying(outcome, phone, f"{path}-send", "POST", path, form)
            if status != 302:
                outcome.abandoned_at = f"{path}-send answered {status}"
                return outcome
    except Failed:
        pass
    finally:
        phone.close()
    return outcome


PROGRESS = re.compile(r'<progress id="progress" max="(\d+)" value="(\d+)"')


def _is_last(page: str) -> bool:
    """The last screen's step is the total: its main button sends the answers."""
    progress = PROGRESS.search(page)
    return bool(progress) and progress.group(1) == progress.group(2)


def _final_send(phone: Phone, outcome: Outcome, path: str, form: dict) -> Outcome:
    """The same form, same client token, sent again after each failure."""
    for wait in (*BACKOFF, None):
        at = time.perf_counter() - phone.started
        began = time.perf_counter()
        try:
            status, location, _, cleared = phone.request("POST", path, form)
        except Failed as failure:
            result, cleared = failure.kind, False
        else:
            acknowledged = status in (302, 303) and location and "/thanks" in location
            result = "acknowledged" if acknowledged else str(status)
        outcome.final_attempts.append(Attempt(at, time.perf_counter() - began, result, cleared))
        if result == "acknowledged" or wait is None:
            break
        time.sleep(wait)
    if outcome.acknowledged:
        try:
            status = phone.request("GET", urlsplit(location).path)[0]
        except Failed as failure:
            status = failure.kind
        if status != 200:
            # The response is stored already; a failed thanks page is only noted.
            outcome.step_failures.append(f"thanks: {status}")
    return outcome
