"""Every orientation's actions are asked, each respondent's path stays within its time budget,
and results count each action over the people who were shown it."""

import random
import re
from datetime import date

from sqlalchemy import func, select

from consult.consultation import queries, rotation
from consult.consultation.models import (
    Consultation,
    Draft,
    Question,
    QuestionExposure,
    Response,
)
from consult.consultation.operations import answers_for
from consult.consultation.vocabulary import Purpose
from consult.extensions import db
from consult.outreach.operations import record_group_answer
from tests.conftest import login
from tests.consultation.helpers import age_drafts, channel, post_screen
from tests.outreach.helpers import make_session


def _consultation() -> Consultation:
    return db.session.scalars(select(Consultation)).one()


def _action_questions(consultation, audience):
    return [
        q
        for q in consultation.questions
        if q.audience == audience and q.purpose == Purpose.ACTION_CHOICE and q.is_active
    ]


def test_the_demo_puts_every_example_action_of_the_six_orientations_to_every_audience(
    demo_territory, app_context
):
    consultation = _consultation()
    assert len(consultation.orientations) == 6
    for audience in ("parent", "child", "young"):
        asked = {
            action.id
            for question in _action_questions(consultation, audience)
            for action in question.orientation.actions
        }
        every = {action.id for o in consultation.orientations for action in o.actions}
        assert asked == every and len(every) == 18


def test_each_path_fits_the_budget_and_over_the_consultation_all_are_shown_evenly(
    demo_territory, app_context
):
    consultation = _consultation()
    rng = random.Random(7)
    for kind, audience in (("parent", "parent"), ("child", "child"), ("young_16_25", "young")):
        everything = queries.questions_for(consultation, kind)
        fixed = sum(rotation.estimated_seconds(q) for q in everything if not rotation.is_rotated(q))
        for _ in range(60):
            given = rotation.choose_rotated(consultation, everything, rng=rng)
            db.session.expire_all()
            cost = sum(rotation.estimated_seconds(db.session.get(Question, i)) for i in given)
            # Within the budget, but always at least one action question.
            assert len(given) == 1 or fixed + cost <= consultation.time_budget_seconds
            assert len(given) < len(_action_questions(consultation, audience))
        shown = [q.times_shown for q in _action_questions(consultation, audience)]
        assert min(shown) > 0, shown
        # Least shown first: balanced within what one path's budget lets through.
        assert max(shown) - min(shown) <= 2, shown


def test_a_longer_budget_gives_more_action_questions(demo_territory, app_context):
    consultation = _consultation()
    everything = queries.questions_for(consultation, "parent")
    short = rotation.choose_rotated(consultation, everything)
    consultation.time_budget_seconds = 1200
    long = rotation.choose_rotated(consultation, everything)
    assert len(long) == 6 > len(short) >= 1


def test_a_focused_channel_always_shows_its_orientation(demo_territory, app_context):
    consultation = _consultation()
    poster = channel("poster")
    everything = queries.questions_for(consultation, "young_11_15")
    for _ in range(10):
        given = rotation.choose_rotated(consultation, everything, poster.orientation_id)
        assert db.session.get(Question, given[0]).orientation_id == poster.orientation_id


def test_a_web_response_records_what_it_was_shown_and_its_choices(
    client, demo_territory, app_context
):
    gate = channel()
    response, _ = post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "parent"})
    draft = db.session.scalars(select(Draft)).one()
    given = list(draft.rotated_question_ids)
    shown_ids = set()
    chosen = {}
    url = response.headers["Location"]
    age_drafts()
    while "/thanks" not in url:
        page = client.get(url).get_data(as_text=True)
        on_screen = {int(n) for n in re.findall(r'name="q(\d+)"', page)}
        shown_ids |= on_screen
        data = {}
        for question_id in on_screen & set(given):
            question = db.session.get(Question, question_id)
            chosen[question.id] = question.orientation.actions[-1]
            data[f"q{question_id}"] = [str(chosen[question.id].id)]
        response, _ = post_screen(client, url, data)
        url = response.headers["Location"]
    stored = db.session.scalars(select(Response)).one()
    exposures = set(
        db.session.scalars(select(QuestionExposure.question_id).filter_by(response_id=stored.id))
    )
    assert exposures == shown_ids
    action_questions = {q.id for q in _action_questions(_consultation(), "parent")}
    assert exposures & action_questions == set(given)
    answers = [a for a in stored.answers if a.purpose == "action_choice"]
    assert sorted(a.question_id for a in answers) == sorted(given) == sorted(chosen)
    for answer in answers:
        action = chosen[answer.question_id]
        assert (answer.action_id, answer.orientation_id) == (action.id, action.orientation_id)


def test_group_and_paper_answers_were_shown_the_whole_set(demo_territory, app_context):
    session = make_session(demo_territory)
    consultation = session.consultation
    questions = queries.questions_for(consultation, "young_16_25")
    priority = next(q for q in questions if q.purpose == "priority")
    response = record_group_answer(
        session,
        audience="young",
        group_size=8,
        kinds_present=["young_16_25"],
        language="fr",
        questions=questions,
        values={priority.id: 3},
        today=date.today(),
    )
    db.session.commit()
    exposures = db.session.scalars(select(QuestionExposure).filter_by(response_id=response.id))
    by_question = {exposure.question_id: exposure.weight for exposure in exposures}
    assert set(by_question) == {q.id for q in questions}
    assert set(by_question.values()) == {8}


def _respond(consultation, question, action=None, count=1):
    for index in range(count):
        response = Response(
            consultation_id=consultation.id,
            audience=question.audience,
            language="fr",
            submitted_on=date.today(),
            client_token=f"r-{question.id}-{action.id if action else 0}-{index}-{random.random()}",
        )
        if action is not None:
            response.answers.extend(answers_for(question, [action.id]))
        rotation.record_exposures(response, [question])
        db.session.add(response)
    db.session.commit()


def test_results_count_each_action_over_those_shown_it(client, demo_territory, make_user):
    consultation = _consultation()
    first, second = consultation.orientations[:2]
    question = next(q for q in _action_questions(consultation, "parent") if q.orientation == first)
    favourite, other = first.actions[0], first.actions[1]
    _respond(consultation, question, favourite, count=6)
    _respond(consultation, question, other, count=5)
    _respond(consultation, question, None, count=9)
    # Only three people were shown the second orientation's question.
    small = next(q for q in _action_questions(consultation, "parent") if q.orientation == second)
    _respond(consultation, small, second.actions[0], count=3)

    login(client, make_user(territories=[demo_territory]))
    page = client.get(f"/admin/demo/review/results/{consultation.id}").get_data(as_text=True)
    section = re.search(r'id="actions-1">(.*?)</section>', page, re.S).group(1)
    assert "Montrée à 20 personnes" in section
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>(.*?)</tr>", section, re.S)
    cells = {title.strip(): re.findall(r"<td[^>]*>(.*?)</td>", rest, re.S) for title, rest in rows}
    assert [cell.strip() for cell in cells[favourite.label]] == ["20", "6", "30\xa0%"]
    assert [cell.strip() for cell in cells[other.label]] == ["20", "5", "25\xa0%"]
    unchosen = first.actions[2].label
    assert [cell.strip() for cell in cells[unchosen]] == ["20", "0", "0\xa0%"]
    second_section = re.search(r'id="actions-2">(.*?)</section>', page, re.S).group(1)
    assert "moins de 5 personnes" in second_section
    assert "<table" not in second_section


def test_a_choice_is_masked_when_those_who_did_not_choose_it_are_too_few(
    client, demo_territory, make_user
):
    consultation = _consultation()
    first = consultation.orientations[0]
    question = next(q for q in _action_questions(consultation, "parent") if q.orientation == first)
    # Eight saw it, six chose it: the two who did not would be given away.
    _respond(consultation, question, first.actions[0], count=6)
    _respond(consultation, question, None, count=2)
    login(client, make_user(territories=[demo_territory]))
    page = client.get(f"/admin/demo/review/results/{consultation.id}").get_data(as_text=True)
    section = re.search(r'id="actions-1">(.*?)</section>', page, re.S).group(1)
    assert "Montrée à 8 personnes" in section
    assert "un groupe est trop petit" in section
    assert ">6<" not in section


def test_exposures_are_counted_from_their_index_alone(demo_territory, app_context):
    consultation = _consultation()
    question = _action_questions(consultation, "parent")[0]
    _respond(consultation, question, None, count=3)
    count = db.session.scalar(
        select(func.count()).where(QuestionExposure.question_id == question.id)
    )
    assert count == 3
    indexes = {
        index.name: [column.name for column in index.columns]
        for index in QuestionExposure.__table__.indexes
    }
    # The response id lets the results set apart the few responses that do not count.
    assert indexes["ix_question_exposures_question"] == ["question_id", "weight", "response_id"]


def test_who_was_shown_it_is_broken_down_by_audience_with_small_groups_masked(
    client, demo_territory, make_user
):
    consultation = _consultation()
    first = consultation.orientations[0]

    def question_for(audience):
        return next(q for q in _action_questions(consultation, audience) if q.orientation == first)

    _respond(consultation, question_for("parent"), first.actions[0], count=12)
    _respond(consultation, question_for("young"), None, count=7)
    login(client, make_user(territories=[demo_territory]))
    page = client.get(f"/admin/demo/review/results/{consultation.id}").get_data(as_text=True)
    line = re.search(r'id="actions-1-audiences">(.*?)</p>', page, re.S).group(1)
    assert "Parents — 12" in line and "Jeunes — 7" in line
    # Three children more: they are too few, and the parents' figure would give them away.
    _respond(consultation, question_for("child"), None, count=3)
    page = client.get(f"/admin/demo/review/results/{consultation.id}").get_data(as_text=True)
    line = re.search(r'id="actions-1-audiences">(.*?)</p>', page, re.S).group(1)
    assert "Enfants — moins de 5 personnes" in line
    # The young people (7) are enough, but shown they would give the children away.
    assert "Jeunes — chiffre masqué\u00a0: un groupe est trop petit" in line
    assert "Parents — 12" in line
    assert "Montrée à 22 personnes" in page
