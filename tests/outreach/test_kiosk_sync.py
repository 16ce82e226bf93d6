"""The kiosk's sync endpoint: one record at a time, stored once, refused loudly."""

import json
import uuid
from datetime import date

from sqlalchemy import func, select

from consult.accounts.roles import Role
from consult.consultation.models import Response
from consult.extensions import db
from tests.conftest import login
from tests.outreach.helpers import make_session

ORIGIN = "http://localhost"
SYNC = "/admin/demo/outreach/kiosk/sync"


def _responses() -> int:
    return db.session.scalar(select(func.count(Response.id)))


def _definition(client, session, lang="fr") -> dict:
    return client.get(f"/admin/demo/outreach/kiosk/{session.id}/definition.json?lang={lang}").json


def _record(client, session, **overrides) -> dict:
    parent = next(kind for kind in _definition(client, session)["kinds"] if kind["key"] == "parent")
    first = parent["screens"][0][0]
    text = next(q for screen in parent["screens"] for q in screen if q["purpose"] == "swot")
    record = {
        "uuid": str(uuid.uuid4()),
        "session": session.id,
        "kind": "parent",
        "language": "ar",
        "mode": "self",
        "answers": {first["id"]: 3, text["id"]: "المدرسة قريبة"},
        "captured_on": date.today().isoformat(),
    }
    record.update(overrides)
    return record


def _post(client, body, *, origin=ORIGIN, content_type="application/json"):
    headers = {"Origin": origin} if origin else {}
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(SYNC, data=data, headers=headers, content_type=content_type)


def test_the_definition_lists_each_audience_screens_in_the_page_language(as_role, demo_territory):
    client = as_role(Role.FACILITATOR)
    session = make_session(demo_territory)
    definition = _definition(client, session, "ar")
    assert definition["language"] == "ar" and definition["dir"] == "rtl"
    kinds = [kind["key"] for kind in definition["kinds"]]
    assert kinds == list(session.consultation.audiences)
    child = next(kind for kind in definition["kinds"] if kind["key"] == "child")
    assert child["screens"][0][0]["options"][0]["face"] == "😐"
    assert child["label"] != "I am a child (under 11)"


def test_an_audience_with_nothing_to_answer_is_not_offered(as_role, demo_territory):
    client = as_role(Role.FACILITATOR)
    session = make_session(demo_territory)
    for question in session.consultation.questions:
        if question.audience == "child":
            question.is_active = False
    db.session.commit()
    kinds = [kind["key"] for kind in _definition(client, session)["kinds"]]
    assert "child" not in kinds and "parent" in kinds
    refused = _post(client, _record(client, session, kind="child", answers={}))
    assert refused.status_code == 422


def test_a_record_is_stored_once_whatever_the_retries(as_role, demo_territory):
    client = as_role(Role.FACILITATOR)
    session = make_session(demo_territory)
    record = _record(client, session)
    first = _post(client, record)
    assert first.status_code == 200 and first.json["status"] == "stored"
    for _ in range(3):
        again = _post(client, record)
        assert again.status_code == 200 and again.json["status"] == "duplicate"
    stored = db.session.scalars(select(Response)).one()
    assert (stored.mode, stored.language, stored.audience) == ("self", "ar", "parent")
    assert stored.outreach_session_id == session.id and stored.channel_id == session.channel_id
    assert stored.client_token == f"kiosk-{record['uuid']}" and len(stored.content_hash) == 64
    assert not stored.is_late
    assert sorted(answer.purpose for answer in stored.answers) == ["priority", "swot"]


def test_the_same_uuid_with_other_answers_is_refused_not_merged(as_role, demo_territory):
    client = as_role(Role.FACILITATOR)
    session = make_session(demo_territory)
    record = _record(client, session)
    assert _post(client, record).status_code == 200
    changed = dict(record, mode="assisted")
    response = _post(client, changed)
    assert response.status_code == 409 and response.json["status"] == "conflict"
    assert db.session.scalars(select(Response)).one().mode == "self"


def test_a_closed_session_still_takes_queued_answers_flagged_late(as_role, demo_territory):
    client = as_role(Role.FACILITATOR)
    session = make_session(demo_territory, is_closed=True)
    response = _post(client, _record(client, session, mode="assisted"))
    assert response.status_code == 200 and response.json["late"] is True
    stored = db.session.scalars(select(Response)).one()
    assert stored.is_late and stored.mode == "assisted"


def test_corrupt_and_oversized_records_are_refused_and_do_not_block_others(as_role, demo_territory):
    client = as_role(Role.FACILITATOR)
    session = make_session(demo_territory)
    good = _record(client, session)
    question_id = next(iter(good["answers"]))
    bad_records = [
        "{not json",
        [1, 2, 3],
        dict(good, uuid="not a uuid!"),
        dict(good, kind="alien"),
        dict(good, mode="group"),
        dict(good, language="xx"),
        dict(good, answers={question_id: 9}),
        dict(good, answers={"999999": 2}),
        dict(good, answers={}),
        dict(good, captured_on="2001-01-01"),
        dict(good, session=999999),
        dict(good, answers={question_id: 2, "pad": "x" * 40_000}),
    ]
    for body in bad_records:
        response = _post(client, body)
        assert response.status_code in (409, 413, 422), body
        assert response.json["status"] in ("invalid", "too_large", "conflict")
    huge = _post(client, dict(good, answers={question_id: "x" * 300_000}))
    assert huge.status_code == 413
    assert _responses() == 0
    assert _post(client, good).status_code == 200
    assert _responses() == 1


def test_sync_checks_origin_content_type_and_login(
    client, make_user, make_territory, demo_territory
):
    session = make_session(demo_territory)
    login(client, make_user(role=Role.FACILITATOR, territories=[demo_territory]))
    record = _record(client, session)
    assert _post(client, record, origin="https://evil.example").status_code == 403
    assert _post(client, record, origin=None).status_code == 403
    assert _post(client, json.dumps(record), content_type="text/plain").status_code == 415
    assert _responses() == 0
    other = client.application.test_client()
    anonymous = other.post(
        SYNC, data=json.dumps(record), headers={"Origin": ORIGIN}, content_type="application/json"
    )
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    stranger = client.application.test_client()
    login(stranger, make_user(role=Role.FACILITATOR, territories=[make_territory("other")]))
    refused = stranger.post(
        SYNC, data=json.dumps(record), headers={"Origin": ORIGIN}, content_type="application/json"
    )
    assert refused.status_code == 404
    assert _responses() == 0
    # No CSRF token is needed: the login session and the origin are what count.
    assert _post(client, record).status_code == 200


def test_the_same_record_sent_at_once_from_many_retries_is_stored_once(
    app, make_user, demo_territory
):
    import threading

    session = make_session(demo_territory)
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    clients = [app.test_client() for _ in range(6)]
    for client in clients:
        login(client, user)
    record = _record(clients[0], session)
    barrier = threading.Barrier(len(clients))
    results = []

    def send(client):
        barrier.wait()
        response = _post(client, record)
        results.append((response.status_code, response.json["status"]))

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 6
    assert {code for code, _ in results} == {200}
    assert sorted(status for _, status in results).count("stored") == 1
    assert _responses() == 1


def test_sync_takes_strict_types_only(as_role, demo_territory):
    """JSON's true and 1.0 equal 1 in Python: neither is a priority or an action's id, and a
    record's id is a real UUID."""
    client = as_role(Role.FACILITATOR)
    session = make_session(demo_territory)
    good = _record(client, session)
    parent = next(k for k in _definition(client, session)["kinds"] if k["key"] == "parent")
    questions = [q for screen in parent["screens"] for q in screen]
    priority = next(q["id"] for q in questions if q["purpose"] == "priority")
    choice = next(q for q in questions if q["purpose"] == "action_choice")
    action = choice["options"][0]["value"]
    refused = [
        {priority: True},
        {priority: 1.0},
        {priority: "1"},
        {priority: [1]},
        {choice["id"]: [action + 0.9]},
        {choice["id"]: [True]},
        {choice["id"]: [str(action)]},
    ]
    for answers in refused:
        response = _post(client, dict(good, uuid=str(uuid.uuid4()), answers=answers))
        assert response.status_code == 422, answers
    for bad_id in (
        "--------",
        "0" * 36,
        "g" * 8 + "-0000-0000-0000-" + "0" * 12,
        str(uuid.uuid4())[:-1],
    ):
        assert _post(client, dict(good, uuid=bad_id)).status_code == 422, bad_id
    assert _responses() == 0
    stored = _post(client, dict(good, answers={priority: 1, choice["id"]: [action]}))
    assert stored.status_code == 200
    assert _responses() == 1


def test_deeply_nested_json_is_refused_not_a_crash(as_role, demo_territory):
    client = as_role(Role.FACILITATOR)
    session = make_session(demo_territory)
    good = _record(client, session)
    for depth in (20, 990, 5000, 100_000):
        nested = "[" * depth + "]" * depth
        body = json.dumps(dict(good, uuid=str(uuid.uuid4()))).replace('"self"', nested)
        response = _post(client, body)
        assert response.status_code in (413, 422), depth
    assert _responses() == 0


def test_direction_overrides_never_reach_a_stored_text(as_role, demo_territory):
    from consult.consultation.models import Answer

    client = as_role(Role.FACILITATOR)
    session = make_session(demo_territory)
    record = _record(client, session)
    text_id = next(key for key, value in record["answers"].items() if isinstance(value, str))
    record["answers"][text_id] = "\u202eالمدرسة\u202c \u2067قريبة\u2069\u200f"
    assert _post(client, record).status_code == 200
    stored = db.session.scalars(select(Answer).where(Answer.text.is_not(None))).one()
    assert stored.text == "المدرسة قريبة\u200f"
