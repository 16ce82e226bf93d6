"""A territory built from scratch asks about its own orientations and actions, in its own
words, and nothing of the demo appears anywhere in its form."""

import html
import re

from sqlalchemy import select

from consult.consultation.models import Channel, Question
from consult.consultation.vocabulary import Purpose
from consult.core.translatable import translated
from consult.extensions import db
from tests.consultation.helpers import age_drafts, post_screen
from tests.consultation.invented import ORIENTATIONS, build_invented_territory, demo_strings

LANGUAGES = ("fr", "es")
KINDS = ("parent", "child", "young_11_15", "young_16_25")


def _territory_texts(territory) -> set[str]:
    from consult.diagnostic import queries

    texts = set()
    for orientation in queries.orientations(territory):
        for item in [orientation, *orientation.actions]:
            texts.update(item.title.values())
            texts.update((getattr(item, "family_title", None) or {}).values())
            for wording in item.family_wording.values():
                for part in wording.values():
                    texts.update(part.values())
    for axis in queries.axes(territory):
        texts.update(axis.title.values())
    return texts


def test_every_question_names_only_the_territorys_own_texts(app_context):
    territory, consultation = build_invented_territory()
    own = _territory_texts(territory)
    demo = demo_strings()
    assert consultation.questions
    for question in consultation.questions:
        for language in LANGUAGES:
            label = translated(question.label_texts, language)
            assert label
            assert not [text for text in demo if text in label], label
            if question.orientation is not None:
                # Worded with the orientation's title written for this audience.
                subject = translated(
                    question.orientation.family_wording[question.audience]["title"], language
                )
                assert subject in label and subject in own
    about = {q.orientation.number for q in consultation.questions if q.orientation}
    assert about == {spec["number"] for spec in ORIENTATIONS}
    # One priority and one action question per orientation, for every audience.
    for audience in ("parent", "child", "young"):
        for purpose in (Purpose.PRIORITY, Purpose.ACTION_CHOICE):
            asked = [
                q for q in consultation.questions if (q.audience, q.purpose) == (audience, purpose)
            ]
            assert len(asked) == len(ORIENTATIONS)


def _walk(client, token: str, kind: str, language: str) -> list[str]:
    """Every screen one respondent sees, answered with nothing typed, in ``language``."""
    pages = [client.get(f"/r/{token}/?lang={language}").get_data(as_text=True)]
    response, _ = post_screen(client, f"/r/{token}/", {"respondent_kind": kind})
    age_drafts()
    while response.status_code == 302 and "/thanks" not in response.headers["Location"]:
        url = response.headers["Location"]
        page = client.get(url).get_data(as_text=True)
        pages.append(page)
        # Answer the first option of every radio question, so the path can be sent.
        answers = {}
        for name, value in re.findall(r'name="(q\d+)" type="radio" value="([^"]+)"', page):
            answers.setdefault(name, value)
        response, _ = post_screen(client, url, answers)
    pages.append(client.get(f"/r/{token}/thanks").get_data(as_text=True))
    client.delete_cookie("consult_draft", path="/r/")
    return pages


def test_no_demo_string_on_any_screen_of_any_audience_in_both_languages(client, app_context):
    _territory, consultation = build_invented_territory()
    # Every action question fits: each respondent sees all of them.
    consultation.time_budget_seconds = 1200
    db.session.commit()
    token = db.session.scalars(
        select(Channel.token).filter_by(consultation_id=consultation.id)
    ).first()
    demo = demo_strings()
    assert len(demo) > 100
    seen_questions = set()
    for language in LANGUAGES:
        for kind in KINDS:
            pages = _walk(client, token, kind, language)
            assert len(pages) >= 4
            for page in pages:
                text = html.unescape(page)
                found = [string for string in demo if string in text]
                assert found == [], (language, kind, found)
                seen_questions.update(int(n) for n in re.findall(r'name="q(\d+)"', page))
            screens = html.unescape(" ".join(pages))
            # The territory's own words, in the respondent's language, are what is shown.
            audience = "young" if kind.startswith("young") else kind
            for spec in ORIENTATIONS:
                family = spec["family"][language]
                assert f"{family} (O {audience})" in screens
                for _title, action_family in spec["actions"]:
                    expected = action_family if language == "fr" else f"{action_family} en español"
                    assert f"{expected} (A {audience})" in screens
            assert "Explicación inventada" in screens if language == "es" else True
    asked = {
        q.id
        for q in db.session.scalars(select(Question).filter_by(consultation_id=consultation.id))
        if q.is_active
    }
    assert asked <= seen_questions
