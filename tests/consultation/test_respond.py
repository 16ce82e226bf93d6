"""A parent, a child and a young person answer on a phone, without JavaScript."""

import re

from sqlalchemy import func, inspect, select

from consult.consultation.models import (
    Answer,
    Consultation,
    Draft,
    Question,
    Response,
    ScanCount,
)
from consult.extensions import db
from tests.consultation.helpers import age_drafts, channel, fields_on, post_screen


def _questions(audience, purpose):
    return db.session.scalars(
        select(Question).filter_by(audience=audience, purpose=purpose).order_by(Question.position)
    ).all()


def _given_action_question():
    """The first action question the latest respondent was given (they rotate)."""
    draft = db.session.scalars(select(Draft).order_by(Draft.id.desc())).first()
    return db.session.get(Question, draft.rotated_question_ids[0])


def _answer_as_parent(client, token, headers=None, *, send=True):
    response, _ = post_screen(client, f"/r/{token}/", {"respondent_kind": "parent"}, headers)
    assert response.status_code == 302
    priorities = _questions("parent", "priority")
    response, html = post_screen(
        client,
        response.headers["Location"],
        {f"q{priorities[0].id}": "3", f"q{priorities[1].id}": "1"},
        headers,
    )
    assert response.status_code == 302, html
    choice = _given_action_question()
    actions = [action.id for action in choice.orientation.actions]
    response, _ = post_screen(
        client, response.headers["Location"], {f"q{choice.id}": actions[:2]}, headers
    )
    assert response.status_code == 302
    texts = {q.quadrant: q for q in _questions("parent", "swot")}
    last_url = response.headers["Location"]
    if not send:
        return last_url
    age_drafts()
    response, _ = post_screen(
        client,
        last_url,
        {
            f"q{texts['strength'].id}": "La maîtresse prend le temps de parler avec nous.",
            f"q{texts['weakness'].id}": "Les devoirs sont difficiles à suivre à la maison.",
        },
        headers,
    )
    return response


def test_scan_counts_and_opens_the_form(client, demo_territory, app_context):
    gate = channel()
    first = client.get(f"/q/{gate.token}")
    # The first screen itself, without a redirect: one round trip less on a slow phone.
    assert first.status_code == 200
    page = first.get_data(as_text=True)
    assert f'action="/r/{gate.token}/"' in page and 'name="respondent_kind"' in page
    # Switching language from here opens the form again without counting another scan.
    assert f'href="/r/{gate.token}/?lang=ar"' in page
    assert f'href="/q/{gate.token}?lang' not in page
    client.get(f"/q/{gate.token}")
    assert db.session.scalar(select(ScanCount.count).filter_by(channel_id=gate.id)) == 2


def test_a_shared_link_keeps_its_language(client, demo_territory, app_context):
    gate = channel()
    page = client.get(f"/q/{gate.token}?lang=ar", headers={"Accept-Language": "fr"})
    assert '<html lang="ar" dir="rtl">' in page.get_data(as_text=True)
    response, _ = post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "parent"})
    following = client.get(response.headers["Location"], headers={"Accept-Language": "fr"})
    assert '<html lang="ar" dir="rtl">' in following.get_data(as_text=True)


def test_parent_path_stores_a_typed_response(client, demo_territory, app_context):
    gate = channel()
    client.get(f"/q/{gate.token}")
    response = _answer_as_parent(client, gate.token)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/r/{gate.token}/thanks")
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Merci" in thanks

    stored = db.session.scalars(select(Response)).one()
    assert (stored.channel_id, stored.audience, stored.age_band, stored.language, stored.mode) == (
        gate.id,
        "parent",
        None,
        "fr",
        "self",
    )
    by_purpose = {}
    for answer in stored.answers:
        by_purpose.setdefault(answer.purpose, []).append(answer)
    priorities = sorted((a.orientation.number, a.priority) for a in by_purpose["priority"])
    assert priorities == [(1, 3), (2, 1)]
    assert len(by_purpose["action_choice"]) == 2
    given = {a.question.orientation_id for a in by_purpose["action_choice"]}
    assert len(given) == 1
    assert all(a.action.orientation_id in given for a in by_purpose["action_choice"])
    swot = {a.quadrant: a for a in by_purpose["swot"]}
    assert set(swot) == {"strength", "weakness"}
    assert swot["strength"].moderation == "pending"
    assert "maîtresse" in swot["strength"].text


def test_the_parent_path_fits_in_five_screens(client, demo_territory):
    gate = channel()
    response, _ = post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "parent"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    total = int(re.search(r'<progress id="progress" max="(\d+)"', page).group(1))
    # The screens with questions, plus the thanks page.
    assert total + 1 <= 5


def test_nothing_is_personal_in_a_response(app_context):
    columns = {column["name"] for column in inspect(db.engine).get_columns("responses")}
    for forbidden in (
        "ip",
        "ip_address",
        "name",
        "email",
        "phone",
        "birth",
        "created_at",
        "user_agent",
    ):
        assert forbidden not in columns
    assert "submitted_on" in columns


def test_going_back_and_reloading_keeps_the_answers(client, demo_territory, app_context):
    gate = channel()
    response, _ = post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "parent"})
    screen_two = response.headers["Location"]
    priority = _questions("parent", "priority")[0]
    post_screen(client, screen_two, {f"q{priority.id}": "2"})
    # Reload, or come back with the browser's Back button: the answer is still there.
    page = client.get(screen_two).get_data(as_text=True)
    assert re.search(rf'checked id="q{priority.id}-1"|id="q{priority.id}-1"[^>]*checked', page)
    # "Back" from screen 3 also keeps what was typed there.
    choice = _given_action_question()
    action_id = choice.orientation.actions[0].id
    screen_three = f"/r/{gate.token}/3"
    response, _ = post_screen(client, screen_three, {f"q{choice.id}": [action_id], "go": "back"})
    assert response.headers["Location"].endswith(f"/r/{gate.token}/2")
    page = client.get(screen_three).get_data(as_text=True)
    assert re.search(rf'checked id="q{choice.id}-0"|id="q{choice.id}-0"[^>]*checked', page)


def test_a_half_finished_path_is_not_a_response(client, demo_territory, app_context):
    gate = channel()
    _answer_as_parent(client, gate.token, send=False)
    assert db.session.scalar(select(func.count(Response.id))) == 0
    assert db.session.scalar(select(func.count(Answer.id))) == 0


def test_a_double_tap_on_send_stores_once(client, demo_territory, app_context):
    gate = channel()
    last_url = _answer_as_parent(client, gate.token, send=False)
    age_drafts()
    page = client.get(last_url).get_data(as_text=True)
    from tests.conftest import csrf_token_from

    token = csrf_token_from(page)
    submission = re.search(r'name="submission" type="hidden" value="([^"]+)"', page).group(1)
    text_field = fields_on(page)[0]
    data = {"csrf_token": token, "submission": submission, text_field: "Deux fois"}
    first = client.post(last_url, data=data)
    second = client.post(last_url, data=data)
    assert first.headers["Location"].endswith("/thanks")
    assert second.headers["Location"].endswith("/thanks")
    assert db.session.scalar(select(func.count(Response.id))) == 1


def test_a_child_gets_faces_and_no_question_about_threats(client, demo_territory, app_context):
    gate = channel()
    response, _ = post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "child"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "😍" in page
    quadrants = {q.quadrant for q in _questions("child", "swot")}
    assert "threat" not in quadrants and quadrants
    age_drafts()
    response, _ = post_screen(client, response.headers["Location"], {})
    # Children choose among actions too, and are told "tu".
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tes idées" in page and "Choisis 2 idées au plus." in page
    assert "Vous pouvez" not in page
    response, _ = post_screen(client, response.headers["Location"], {})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Qu’est-ce que tu aimes" in page


def test_arabic_from_the_browser_is_right_to_left_and_stored(client, demo_territory, app_context):
    gate = channel()
    headers = {"Accept-Language": "ar,fr;q=0.5"}
    page = client.get(f"/r/{gate.token}/", headers=headers).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    response = _answer_as_parent(client, gate.token, headers)
    assert response.headers["Location"].endswith("/thanks")
    assert db.session.scalars(select(Response)).one().language == "ar"


def test_too_many_choices_are_explained_in_the_respondents_language(
    client, demo_territory, app_context
):
    # The poster's channel is focused on orientation 1 (four actions): its question comes first.
    gate = channel("poster")
    response, _ = post_screen(client, f"/r/{gate.token}/?lang=en", {"respondent_kind": "parent"})
    choice = _given_action_question()
    assert choice.orientation.number == 1
    actions = [action.id for action in choice.orientation.actions]
    response, _ = post_screen(client, f"/r/{gate.token}/3", {f"q{choice.id}": actions})
    # Post/redirect/get: the refusal is a redirect to the same screen, so Back and reload
    # never ask to send the form again; the ticks are shown again with the reason.
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/r/{gate.token}/3")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You ticked too many ideas. Choose 2 at most." in page
    ticked = re.findall(rf'checked id="q{choice.id}-\d+"|id="q{choice.id}-\d+"[^>]*checked', page)
    assert len(ticked) == len(actions)
    # A reload shows the same; the draft itself kept none of the refused ticks.
    assert "Choose 2 at most." in client.get(response.headers["Location"]).get_data(as_text=True)
    draft = db.session.scalars(select(Draft)).one()
    assert draft.answers.get(str(choice.id)) is None
    # Fixed: the screen moves on and the reason is gone.
    fixed, _ = post_screen(client, f"/r/{gate.token}/3", {f"q{choice.id}": actions[:2]})
    assert fixed.headers["Location"].endswith(f"/r/{gate.token}/4")
    again = client.get(f"/r/{gate.token}/3").get_data(as_text=True)
    assert "Choose 2 at most." not in again


def test_an_expired_form_token_keeps_the_answers(client, demo_territory, app_context):
    gate = channel()
    post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "parent"})
    texts = _questions("parent", "swot")
    response = client.post(
        f"/r/{gate.token}/4",
        data={"csrf_token": "expired", f"q{texts[0].id}": "Mon texte précieux"},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Mon texte précieux" in page
    assert "restée ouverte longtemps" in page
    assert 'name="csrf_token"' in page


def test_the_honeypot_stores_nothing(client, demo_territory, app_context):
    gate = channel()
    last_url = _answer_as_parent(client, gate.token, send=False)
    age_drafts()
    response, _ = post_screen(client, last_url, {"website": "http://spam.example"})
    assert response.headers["Location"].endswith("/thanks")
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_a_too_fast_submission_is_asked_to_slow_down(client, demo_territory, app_context):
    gate = channel()
    response, _ = post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "young_16_25"})
    screens = []
    url = response.headers["Location"]
    while url and "/thanks" not in url:
        page = client.get(url).get_data(as_text=True)
        # One priority answered ("2" is "important"), nothing else.
        response, _ = post_screen(client, url, {} if screens else {fields_on(page)[0]: "2"})
        screens.append(url)
        url = response.headers.get("Location")
        if url == screens[-1]:
            break
    # The send is refused with a redirect back to the last screen, which says why.
    assert url == screens[-1]
    page = client.get(url).get_data(as_text=True)
    assert "Prends le temps de relire tes réponses" in page
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_closed_draft_and_unknown_links_get_polite_pages(client, demo_territory, app_context):
    gate = channel()
    consultation = db.session.get(Consultation, gate.consultation_id)
    consultation.status = "closed"
    db.session.commit()
    page = client.get(f"/r/{gate.token}/")
    assert page.status_code == 200
    assert "terminé" in page.get_data(as_text=True)
    assert 'name="respondent_kind"' not in page.get_data(as_text=True)

    consultation.status = "draft"
    db.session.commit()
    page = client.get(f"/r/{gate.token}/")
    assert page.status_code == 200 and 'name="respondent_kind"' not in page.get_data(as_text=True)

    unknown = client.get("/q/zzzzzzzzzz")
    assert unknown.status_code == 404
    assert "lien" in unknown.get_data(as_text=True).lower()

    consultation.status = "open"
    gate.is_retired = True
    db.session.commit()
    retired = client.get(f"/q/{gate.token}", follow_redirects=True)
    assert retired.status_code == 410
    assert db.session.scalar(select(func.count(ScanCount.id))) == 0


def test_a_profile_question_from_a_list(client, demo_territory, app_context):
    from consult.consultation import operations

    consultation = db.session.scalars(select(Consultation)).one()
    question = operations.add_profile_question(
        consultation, "parent", {"fr": "L’école de votre enfant ?"}, ["École Jaurès", "École Curie"]
    )
    db.session.commit()
    gate = channel()
    response, _ = post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "parent"})
    screen_two = response.headers["Location"]
    refused, _ = post_screen(client, screen_two, {f"q{question.id}": "École inventée"})
    assert refused.headers["Location"].endswith(screen_two)
    assert "field-errors" in client.get(screen_two).get_data(as_text=True)
    accepted, _ = post_screen(client, screen_two, {f"q{question.id}": "École Curie"})
    assert accepted.status_code == 302
    texts = {q.quadrant: q for q in _questions("parent", "swot")}
    age_drafts()
    post_screen(client, f"/r/{gate.token}/4", {f"q{texts['opportunity'].id}": "Plus de sorties."})
    answers = db.session.scalars(select(Response)).one().answers
    profile = [a for a in answers if a.purpose == "profile"]
    assert [(a.text, a.moderation) for a in profile] == [("École Curie", None)]
