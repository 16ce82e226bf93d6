"""The question builder: every purpose feeds something, a question already answered keeps its
meaning, wording fixes are logged, and the consultation's orientations bring their questions."""

from datetime import date
from html import unescape

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from consult.audit.models import StaffEvent
from consult.consultation import builder, operations, queries
from consult.consultation.models import Answer, Question, QuestionExposure, Response
from consult.core.operations import OperationRefused
from consult.diagnostic import operations as diagnostic_operations
from consult.diagnostic.models import Action, Orientation
from consult.diagnostic.wording import family_meaning, family_title
from consult.extensions import db
from tests.conftest import login, submit
from tests.consultation.invented import build_invented_territory


@pytest.fixture
def invented(app_context):
    return build_invented_territory()


def _question(consultation, audience, purpose, number=1):
    return next(
        q
        for q in consultation.questions
        if q.audience == audience
        and q.purpose == purpose
        and (q.orientation is None or q.orientation.number == number)
    )


def _answer(consultation, question, **values):
    """One stored response that was shown ``question`` and answered it."""
    response = Response(
        consultation_id=consultation.id,
        audience=question.audience,
        language="fr",
        submitted_on=date.today(),
        client_token=f"test-{question.id}-{db.session.scalar(select(func.count(Response.id)))}",
    )
    response.answers.append(
        Answer(
            question_id=question.id,
            purpose=question.purpose,
            orientation_id=question.orientation_id,
            quadrant=question.quadrant,
            **values,
        )
    )
    response.exposures.append(QuestionExposure(question_id=question.id, weight=1))
    db.session.add(response)
    db.session.commit()
    return response


def test_each_purpose_feeds_what_it_says(invented):
    _territory, consultation = invented
    orientation = consultation.orientations[0]
    axis = consultation.axes[1]
    proposal = builder.save_question(
        consultation,
        None,
        audience="young",
        purpose="proposal",
        prompt={},
        orientation_id=orientation.id,
        axis_id=axis.id,
        # Given, but a proposal does not feed a quadrant: dropped.
        quadrant="threat",
        screen=5,
    )
    assert (proposal.orientation, proposal.axis, proposal.quadrant) == (orientation, axis, None)
    assert "une autre idée" in proposal.label_texts["fr"]
    assert family_title(orientation, "young")["fr"] in proposal.label_texts["fr"]
    swot = builder.save_question(
        consultation,
        None,
        audience="parent",
        purpose="swot",
        prompt={"fr": "Qu’est-ce qui vous plaît au bord du canal ?", "es": "¿Qué le gusta?"},
        quadrant="strength",
        axis_id=axis.id,
        orientation_id=None,
    )
    assert (swot.quadrant, swot.axis, swot.orientation) == ("strength", axis, None)
    profile = builder.save_question(
        consultation,
        None,
        audience="parent",
        purpose="profile",
        prompt={"fr": "Votre quartier ?"},
        options=["Écluse", " Écluse ", "Port", ""],
        orientation_id=orientation.id,
    )
    # A profile question feeds the profile only; its choices are cleaned.
    assert (profile.orientation, profile.options) == (None, ["Écluse", "Port"])
    events = db.session.scalars(select(StaffEvent.action)).all()
    assert events.count("question.added") == 3


@pytest.mark.parametrize(
    ("purpose", "extra", "message"),
    [
        ("priority", {}, "Choisissez l’orientation"),
        ("action_choice", {}, "Choisissez l’orientation"),
        ("proposal", {}, "Choisissez l’orientation"),
        ("swot", {"prompt": {"fr": "Un mot ?"}}, "quadrant du SWOT"),
        ("profile", {"prompt": {"fr": "Votre école ?"}}, "au moins un choix"),
        ("swot", {"quadrant": "strength"}, "formulation en français"),
    ],
)
def test_a_question_that_would_feed_nothing_is_refused(invented, purpose, extra, message):
    _territory, consultation = invented
    before = len(consultation.questions)
    with pytest.raises(OperationRefused, match=message):
        builder.save_question(
            consultation, None, audience="parent", purpose=purpose, **{"prompt": {}, **extra}
        )
    db.session.rollback()
    assert len(consultation.questions) == before


def test_children_are_never_asked_about_threats_and_orientations_must_be_asked(invented):
    territory, consultation = invented
    with pytest.raises(OperationRefused):
        builder.save_question(
            consultation,
            None,
            audience="child",
            purpose="swot",
            prompt={"fr": "Qu’est-ce qui te fait peur ?"},
            quadrant="threat",
        )
    db.session.rollback()
    outside = diagnostic_operations.save_orientation(
        territory,
        None,
        number=9,
        title={"fr": "Une orientation non consultée"},
        family_title={},
        description={},
    )
    with pytest.raises(OperationRefused, match="pas posée dans cette consultation"):
        builder.save_question(
            consultation,
            None,
            audience="parent",
            purpose="priority",
            prompt={},
            orientation_id=outside.id,
        )


@pytest.mark.parametrize(
    "values",
    [
        {"purpose": "priority", "orientation_id": None},
        {"purpose": "proposal", "orientation_id": None},
        {"purpose": "swot", "quadrant": None},
        {"purpose": "priority", "quadrant": "strength"},
        {"purpose": "profile", "options": ["A"]},
        {"purpose": "nonsense"},
    ],
)
def test_the_database_refuses_a_question_that_feeds_nothing(invented, values):
    _territory, consultation = invented
    orientation = consultation.orientations[0]
    fields = {
        "consultation_id": consultation.id,
        "audience": "parent",
        "orientation_id": orientation.id,
        "prompt": {"fr": "x"},
        "options": [],
        **values,
    }
    db.session.add(Question(**fields))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_once_answered_the_meaning_is_fixed_but_the_wording_can_be_fixed(invented):
    _territory, consultation = invented
    question = _question(consultation, "parent", "action_choice")
    other = consultation.orientations[1]

    def save(**changes):
        values = {
            "audience": question.audience,
            "purpose": question.purpose,
            "prompt": dict(question.prompt),
            "orientation_id": question.orientation_id,
            "max_choices": question.max_choices,
            "screen": question.screen,
            "position": question.position,
        }
        return builder.save_question(consultation, question, **{**values, **changes})

    # Before any answer, anything may change.
    save(orientation_id=other.id)
    save(orientation_id=consultation.orientations[0].id)
    _answer(consultation, question, action_id=question.orientation.actions[0].id)
    for change in (
        {"orientation_id": other.id},
        {"purpose": "priority"},
        {"audience": "young"},
        {"max_choices": 1},
    ):
        with pytest.raises(OperationRefused, match="ne peut plus changer"):
            save(**change)
        db.session.rollback()
    # A wording fix, a translation, a move: allowed, and logged.
    save(
        prompt={"fr": "Au bord du canal, qu’est-ce qui vous aiderait ?", "es": "¿Qué le ayudaría?"},
        screen=5,
    )
    db.session.commit()
    assert question.screen == 5
    event = db.session.scalars(
        select(StaffEvent).filter_by(action="question.wording_changed")
    ).one()
    assert event.target == f"question {question.id}" and event.detail == "languages: es, fr"
    with pytest.raises(OperationRefused, match="Ne la posez plus"):
        builder.delete_question(question)


def test_a_test_answer_leaves_the_meaning_free(invented):
    """A coordinator who tried the form from its preview may still change what it asks."""
    _territory, consultation = invented
    question = _question(consultation, "parent", "action_choice")
    test = _answer(consultation, question, action_id=question.orientation.actions[0].id)
    test.standing = "test"
    for answer in test.answers:
        answer.standing = "test"
    db.session.commit()
    assert not builder.has_collected(question)
    builder.save_question(
        consultation,
        question,
        audience=question.audience,
        purpose=question.purpose,
        prompt=dict(question.prompt),
        orientation_id=question.orientation_id,
        max_choices=1,
        screen=question.screen,
        position=question.position,
    )
    db.session.commit()
    assert question.max_choices == 1
    # A family's answer fixes it.
    _answer(consultation, question, action_id=question.orientation.actions[0].id)
    assert builder.has_collected(question)
    # Tried only in a test, a question can even go; the test keeps its answer, unlinked.
    tried = _question(consultation, "child", "priority")
    tried_id = tried.id
    test = _answer(consultation, tried, priority=2)
    test.standing = "test"
    for answer in test.answers:
        answer.standing = "test"
    db.session.commit()
    builder.delete_question(tried)
    db.session.commit()
    assert db.session.get(Question, tried_id) is None
    assert db.session.scalar(select(func.count(QuestionExposure.question_id))) == 2


def test_a_profile_question_may_gain_choices_but_not_lose_answered_ones(invented):
    _territory, consultation = invented
    question = builder.save_question(
        consultation,
        None,
        audience="parent",
        purpose="profile",
        prompt={"fr": "Votre école ?"},
        options=["Jaurès", "Curie"],
    )
    db.session.commit()
    _answer(consultation, question, text="Curie")
    builder.save_question(
        consultation,
        question,
        audience="parent",
        purpose="profile",
        prompt={"fr": "Votre école ?"},
        options=["Jaurès", "Curie", "Pasteur"],
    )
    with pytest.raises(OperationRefused):
        builder.save_question(
            consultation,
            question,
            audience="parent",
            purpose="profile",
            prompt={"fr": "Votre école ?"},
            options=["Jaurès", "Pasteur"],
        )


def test_an_unanswered_question_is_removed_and_logged(invented):
    _territory, consultation = invented
    question = _question(consultation, "child", "priority", number=2)
    question_id = question.id
    builder.delete_question(question)
    db.session.commit()
    assert db.session.get(Question, question_id) is None
    assert db.session.scalars(select(StaffEvent).filter_by(action="question.removed")).one()


def test_adding_and_removing_an_orientation_adds_and_removes_its_questions(invented):
    territory, consultation = invented
    third = diagnostic_operations.save_orientation(
        territory,
        None,
        number=3,
        title={"fr": "Une troisième orientation inventée"},
        family_title={},
        description={},
    )
    diagnostic_operations.save_action(
        territory,
        None,
        orientation_id=third.id,
        title={"fr": "Une action de la troisième"},
        description={},
    )
    ids = [o.id for o in consultation.orientations]

    def save(orientation_ids):
        operations.save_consultation(
            territory,
            consultation,
            title=consultation.title,
            intro={},
            restitution={},
            opens_on=consultation.opens_on,
            closes_on=consultation.closes_on,
            results_on=None,
            status=consultation.status,
            languages=consultation.languages,
            audiences=consultation.audiences,
            orientation_ids=orientation_ids,
            axis_ids=[a.id for a in consultation.axes],
        )
        db.session.commit()

    save([*ids, third.id])
    about_third = [q for q in consultation.questions if q.orientation_id == third.id]
    assert sorted((q.audience, q.purpose) for q in about_third) == sorted(
        (audience, purpose)
        for audience in ("parent", "child", "young")
        for purpose in ("priority", "action_choice")
    )
    # Without the family wording, the generic title (then the professional one) is used.
    assert about_third[0].label_texts["fr"].startswith("Une troisième orientation inventée")

    # The first orientation's parent priority was answered: it stops being asked, kept.
    first = consultation.orientations[0]
    answered = _question(consultation, "parent", "priority", number=first.number)
    _answer(consultation, answered, priority=3)
    assert builder.removal_impact(consultation, [third.id]) == [first]
    save([third.id])
    remaining = [q for q in consultation.questions if q.orientation_id == first.id]
    assert remaining == [answered] and not answered.is_active
    assert not [q for q in consultation.questions if q.orientation_id == ids[1]]
    # Asked again: its kept question is asked again, the others are generated anew.
    save([first.id, third.id])
    assert answered.is_active
    assert len([q for q in consultation.questions if q.orientation_id == first.id]) == 6


def test_removing_an_answered_orientation_asks_for_confirmation(client, invented, make_user):
    territory, consultation = invented
    first = consultation.orientations[0]
    _answer(consultation, _question(consultation, "parent", "priority"), priority=2)
    login(client, make_user(territories=[territory]))
    url = f"/admin/{territory.slug}/consultations/{consultation.id}/edit"
    form = {
        "title__fr": "Parlons du canal",
        "status": "open",
        "opens_on": consultation.opens_on.isoformat(),
        "closes_on": consultation.closes_on.isoformat(),
        "audiences": consultation.audiences,
        "languages": consultation.languages,
        "orientation_ids": [consultation.orientations[1].id],
        "axis_ids": [a.id for a in consultation.axes],
        "time_budget_seconds": 90,
    }
    page = submit(client, url, form)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'id="confirm-change"' in text and first.label in text
    db.session.expire_all()
    assert first in consultation.orientations
    confirmed = submit(client, url, {**form, "confirmed": "1"})
    assert confirmed.status_code == 302
    db.session.expire_all()
    assert first not in consultation.orientations
    assert consultation.time_budget_seconds == 90


def test_family_wording_falls_back_per_audience_then_to_the_titles(app_context, make_territory):
    territory = make_territory(slug="repli")
    orientation = diagnostic_operations.save_orientation(
        territory,
        None,
        number=1,
        title={"fr": "Titre des professionnels"},
        family_title={"fr": "Titre pour les familles"},
        description={},
        family_wording={
            "child": {
                "title": {"fr": "Pour toi", "ar": "لك"},
                "meaning": {"fr": "Ce que ça veut dire"},
            }
        },
    )
    assert family_title(orientation, "child") == {"fr": "Pour toi", "ar": "لك"}
    assert family_meaning(orientation, "child") == {"fr": "Ce que ça veut dire"}
    assert family_title(orientation, "parent") == {"fr": "Titre pour les familles"}
    orientation.family_title = {}
    assert family_title(orientation, "young") == {"fr": "Titre des professionnels"}
    with pytest.raises(OperationRefused):
        diagnostic_operations.save_orientation(
            territory,
            orientation,
            number=1,
            title={"fr": "Titre"},
            family_title={},
            description={},
            family_wording={"parent": {"title": {"ar": "بدون فرنسية"}}},
        )


def test_coordinators_edit_family_wordings_beside_the_professional_title(
    client, invented, make_user
):
    territory, consultation = invented
    orientation = consultation.orientations[0]
    action = orientation.actions[0]
    login(client, make_user(territories=[territory]))
    response = submit(
        client,
        f"/admin/{territory.slug}/actions/{action.id}/edit",
        {
            "orientation_id": orientation.id,
            "position": action.position,
            "origin": action.origin,
            "title__fr": action.title["fr"],
            "parent_title__fr": "Un atelier sur l’eau",
            "parent_title__es": "Un taller en el agua",
            "parent_meaning__fr": "On bricole ensemble sur un bateau.",
            "child_title__fr": "Bricoler sur un bateau",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert action.family_wording == {
        "parent": {
            "title": {"fr": "Un atelier sur l’eau", "es": "Un taller en el agua"},
            "meaning": {"fr": "On bricole ensemble sur un bateau."},
        },
        "child": {"title": {"fr": "Bricoler sur un bateau"}},
    }
    page = client.get(f"/admin/{territory.slug}/orientations/{orientation.id}/edit")
    assert 'name="young_meaning__es"' in page.get_data(as_text=True)
    assert db.session.get(Orientation, orientation.id).title == orientation.title


def test_an_orientation_without_actions_asks_its_action_question_once_it_has_one(invented):
    territory, consultation = invented
    bare = diagnostic_operations.save_orientation(
        territory,
        None,
        number=4,
        title={"fr": "Une orientation encore sans action"},
        family_title={},
        description={},
    )
    operations.save_consultation(
        territory,
        consultation,
        title=consultation.title,
        intro={},
        restitution={},
        opens_on=consultation.opens_on,
        closes_on=consultation.closes_on,
        results_on=None,
        status=consultation.status,
        languages=consultation.languages,
        audiences=consultation.audiences,
        orientation_ids=[*[o.id for o in consultation.orientations], bare.id],
        axis_ids=[a.id for a in consultation.axes],
    )
    db.session.commit()

    def asked_about_bare():
        return [
            q.purpose
            for q in queries.questions_for(consultation, "parent")
            if q.orientation_id == bare.id
        ]

    assert asked_about_bare() == ["priority"]
    action = diagnostic_operations.save_action(
        territory,
        None,
        orientation_id=bare.id,
        title={"fr": "Sa première action"},
        description={},
    )
    db.session.commit()
    db.session.expire_all()
    assert sorted(asked_about_bare()) == ["action_choice", "priority"]
    question = next(
        q
        for q in queries.questions_for(consultation, "parent")
        if q.orientation_id == bare.id and q.purpose == "action_choice"
    )
    assert [a.id for a in question.orientation.actions] == [action.id]


def test_an_orientation_or_action_families_answered_about_cannot_be_deleted(
    client, invented, make_user
):
    territory, consultation = invented
    login(client, make_user(territories=[territory]))
    base = f"/admin/{territory.slug}"
    first, second = consultation.orientations[0], consultation.orientations[1]
    chosen, untouched = first.actions[0], first.actions[1]
    question = _question(consultation, "parent", "action_choice")
    # A preview's test answer does not hold anything back.
    test = _answer(consultation, question, action_id=chosen.id)
    test.standing = "test"
    for answer in test.answers:
        answer.standing = "test"
    db.session.commit()
    assert diagnostic_operations.answers_about(chosen) == 0
    _answer(consultation, question, action_id=chosen.id)
    chosen_id, untouched_id, first_id = chosen.id, untouched.id, first.id

    refused = submit(client, f"{base}/actions/{chosen_id}/delete", {})
    assert refused.status_code == 302
    page = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "Des familles ont déjà choisi cette action" in unescape(page)
    refused = submit(client, f"{base}/orientations/{first_id}/delete", {})
    assert refused.status_code == 302
    db.session.expire_all()
    assert db.session.get(Action, chosen_id) is not None
    assert db.session.get(Orientation, first_id) is not None
    # An action nobody chose goes; so does an orientation nobody answered about (with its
    # questions, never shown).
    assert submit(client, f"{base}/actions/{untouched_id}/delete", {}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Action, untouched_id) is None
    second_id = second.id
    assert diagnostic_operations.answers_about(second) == 0
    assert submit(client, f"{base}/orientations/{second_id}/delete", {}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Orientation, second_id) is None
