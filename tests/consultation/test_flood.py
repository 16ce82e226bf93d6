"""An honest count under a flood: scripted answers are kept but held out of every figure; a
school gate's crowd behind one address counts in full; a coordinator decides on what was held.

Each answer below comes from a fresh client (a fresh cookie), from one address, as the script
that stuffed the count did."""

import random
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from consult.accounts.roles import Role
from consult.audit.queries import staff_events
from consult.consultation import flood
from consult.consultation.models import Draft, Response
from consult.core.db import utcnow
from consult.extensions import db
from tests.conftest import csrf_token_from, login, submit
from tests.consultation.helpers import channel

SCHOOL_WIFI = "203.0.113.7"
RADIO = re.compile(
    r'type="radio"[^>]*name="(q\d+)"[^>]*value="(\d)"|name="(q\d+)"[^>]*type="radio"[^>]*value="(\d)"'
)
TEXTAREA = re.compile(r'<textarea[^>]*name="(q\d+)"')


def _answer(app, token: str, *, address: str, seconds: float, text: str | None = None) -> int:
    """One complete parent path from a fresh phone, which took `seconds`: a priority picked at
    random (people differ), and `text` in the first text box if given."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    page = client.get(f"/r/{token}/").get_data(as_text=True)
    step = client.post(
        f"/r/{token}/", data={"respondent_kind": "parent", "csrf_token": csrf_token_from(page)}
    )
    first = True
    while "/thanks" not in step.headers.get("Location", ""):
        url = step.headers["Location"]
        html = client.get(url).get_data(as_text=True)
        data = {"csrf_token": csrf_token_from(html)}
        submission = re.search(r'name="submission" type="hidden" value="([^"]*)"', html)
        if submission:
            data["submission"] = submission.group(1)
        radios = [tuple(filter(None, match)) for match in RADIO.findall(html)]
        if first and radios:
            name, value = random.choice(radios)
            data[name] = value
            first = False
        if text and (box := TEXTAREA.search(html)):
            data[box.group(1)] = text
            text = None
        # The path's duration, as the server measures it: since the draft started.
        for draft in db.session.scalars(select(Draft)):
            draft.started_at = utcnow() - timedelta(seconds=seconds)
        db.session.commit()
        step = client.post(url, data=data)
        assert step.status_code == 302, step.get_data(as_text=True)[:500]
    return step.status_code


def _by_standing() -> dict[str, int]:
    rows = db.session.execute(
        select(Response.standing, func.count(Response.id)).group_by(Response.standing)
    )
    return dict(rows.all())


@pytest.fixture
def gate(demo_territory, app_context):
    return channel().token


def test_a_scripted_flood_is_held_and_a_school_gate_counts_in_full(limited_app, gate):
    # The script: a fresh cookie per answer, each path sent as soon as the form allows.
    for _ in range(30):
        _answer(limited_app, gate, address="198.51.100.66", seconds=3.5)
    # The school gate: 40 parents on the school's Wi-Fi, each reading their screens.
    for _ in range(40):
        _answer(limited_app, gate, address=SCHOOL_WIFI, seconds=95)
    assert _by_standing() == {"held": 30, "counted": 40}
    held = db.session.scalars(select(Response).filter_by(standing="held")).all()
    assert {response.held_reasons for response in held} == {"too_fast"}
    # Nothing of the flood reaches a figure: its answers carry the standing too.
    assert all(answer.standing == "held" for response in held for answer in response.answers)


def test_a_patient_script_is_held_past_a_crowd_and_stays_held(limited_app, gate, monkeypatch):
    limited_app.config["FLOOD_NETWORK_LIMIT"] = 12
    for _ in range(15):
        _answer(limited_app, gate, address="198.51.100.77", seconds=120)
    assert _by_standing() == {"counted": 12, "held": 3}
    # Ten minutes later, the network that flooded is still held (for an hour)...
    monkeypatch.setattr(flood, "_window", lambda: "a later window")
    _answer(limited_app, gate, address="198.51.100.77", seconds=120)
    assert _by_standing()["held"] == 4
    # ...while another network counts as usual.
    _answer(limited_app, gate, address="192.0.2.10", seconds=120)
    assert _by_standing()["counted"] == 13


def test_an_ipv6_network_counts_as_one_whatever_address_it_steps_through(limited_app, gate):
    limited_app.config["FLOOD_NETWORK_LIMIT"] = 5
    for host in range(1, 9):
        _answer(limited_app, gate, address=f"2001:db8:5:7::{host:x}", seconds=120)
    assert _by_standing() == {"counted": 5, "held": 3}


def test_the_same_answers_again_and_again_are_held(limited_app, gate):
    words = "Plus de soutien scolaire le soir"
    for _ in range(5):
        _answer(limited_app, gate, address="198.51.100.88", seconds=120, text=words)
    # Other words from the same network are not repeats.
    _answer(limited_app, gate, address="198.51.100.88", seconds=120, text="La cantine est bien")
    held = db.session.scalars(select(Response).filter_by(standing="held")).all()
    assert len(held) == 2 and {response.held_reasons for response in held} == {"repeated"}


def test_a_coordinator_counts_or_sets_aside_what_was_held(
    limited_app, client, gate, make_user, demo_territory
):
    for _ in range(6):
        _answer(limited_app, gate, address="198.51.100.66", seconds=3.5)
    for _ in range(5):
        _answer(limited_app, gate, address=SCHOOL_WIFI, seconds=95)
    consultation = db.session.scalars(select(Response)).first().consultation_id
    login(client, make_user(role=Role.COORDINATOR, territories=[demo_territory]))
    report = f"/admin/demo/review/report/{consultation}"
    assert "5 réponses, " in client.get(report).get_data(as_text=True)
    participation = client.get(f"/admin/demo/review/participation/{consultation}")
    assert "6 réponses sont retenues" in participation.get_data(as_text=True)

    page_url = f"/admin/demo/review/held/{consultation}"
    page = client.get(page_url).get_data(as_text=True)
    assert "remplie plus vite qu’une personne ne lit" in page
    gate_id = db.session.scalars(select(Response)).first().channel_id
    held_line = {"channel_id": gate_id, "reasons": "too_fast"}
    # Set aside: kept, never counted.
    response = submit(client, page_url, {**held_line, "decision": "discard"})
    assert response.status_code == 302
    assert _by_standing() == {"discarded": 6, "counted": 5}
    assert "5 réponses, " in client.get(report).get_data(as_text=True)
    [event] = staff_events(action_prefix="responses.")
    assert event.action == "responses.discard" and "6 held responses" in event.detail

    report = client.get(report).get_data(as_text=True)
    section = re.search(r'<p id="held-answers">(.*?)</p>', report, re.S).group(1)
    assert re.findall(r"\d+", section) == ["6", "0", "6", "0"]


def test_released_answers_count(limited_app, client, gate, make_user, demo_territory):
    for _ in range(6):
        _answer(limited_app, gate, address="198.51.100.66", seconds=3.5)
    consultation = db.session.scalars(select(Response)).first().consultation_id
    gate_id = db.session.scalars(select(Response)).first().channel_id
    login(client, make_user(role=Role.COORDINATOR, territories=[demo_territory]))
    page_url = f"/admin/demo/review/held/{consultation}"
    submit(client, page_url, {"channel_id": gate_id, "reasons": "too_fast", "decision": "release"})
    assert _by_standing() == {"counted": 6}
    report = client.get(f"/admin/demo/review/report/{consultation}").get_data(as_text=True)
    assert "6 réponses, " in report
    # A forged line changes nothing.
    forged = {"channel_id": gate_id, "reasons": "counted", "decision": "discard"}
    assert submit(client, page_url, forged).status_code == 302
    assert _by_standing() == {"counted": 6}
