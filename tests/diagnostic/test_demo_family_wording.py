"""The demo speaks to families in plain words, per audience and language, while the
professionals' titles stay exactly as the diagnostic wrote them."""

import html
import json
import re
from pathlib import Path

from sqlalchemy import select

from consult.config import UI_LANGUAGES
from consult.consultation.models import Consultation
from consult.diagnostic.demo import FAMILY_WORDING, load_demo_territory, read_fixture
from consult.diagnostic.models import Orientation
from consult.extensions import db
from tests.consultation.helpers import age_drafts, channel, post_screen

SEED_NAME = Path("shared") / "seed" / "000_26244eced68e70ec.txt"
AUDIENCES = ("parent", "child", "young")
# Professional words a family does not use.
JARGON = ("dispositif", "médiation", "comité de pilotage", "orientation")


def _seed() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        if (parent / SEED_NAME).exists():
            return parent / SEED_NAME
    return None


def _wordings():
    fixture = json.loads(FAMILY_WORDING.read_text(encoding="utf-8"))["orientations"]
    for number, orientation in fixture.items():
        yield f"orientation {number}", orientation["family_wording"]
        for position, wording in orientation["actions"].items():
            yield f"action {number}.{position}", wording


def test_professional_titles_stay_byte_for_byte_as_in_the_diagnostic(app_context):
    fixture = read_fixture()
    territory, created = load_demo_territory()
    db.session.commit()
    assert created
    orientations = db.session.scalars(
        select(Orientation).filter_by(territory_id=territory.id).order_by(Orientation.number)
    ).all()
    assert len(orientations) == 6
    for orientation, written in zip(orientations, fixture["orientations"], strict=True):
        assert orientation.title == written["title"]
        assert [action.title for action in orientation.actions] == written["actions"]
        assert orientation.family_wording and all(a.family_wording for a in orientation.actions)
    seed = _seed()
    if seed is not None:
        text = re.sub(r"\s+", " ", seed.read_text(encoding="utf-8"))
        for written in fixture["orientations"]:
            for action in written["actions"]:
                assert action["fr"] in text


def test_every_orientation_and_action_has_plain_words_per_audience_in_eight_languages():
    wordings = list(_wordings())
    assert len(wordings) == 6 + 18
    for name, wording in wordings:
        assert set(wording) == set(AUDIENCES), name
        for audience, parts in wording.items():
            for part in ("title", "meaning"):
                assert set(parts[part]) == set(UI_LANGUAGES), (name, audience, part)
            french = f"{parts['title']['fr']} {parts['meaning']['fr']}".lower()
            assert not [word for word in JARGON if word in french], (name, audience)
            # Short: a title and one line.
            for language in UI_LANGUAGES:
                assert len(parts["title"][language]) <= 80, (name, audience, language)
                assert len(parts["meaning"][language].split()) <= 20, (name, audience, language)
            if audience == "child":
                # Children are told "tu".
                assert not re.search(r"\b(vous|votre|vos)\b", french), name
            if name.startswith("orientation"):
                # The title is the subject of "… : qu’est-ce qui vous aiderait ?".
                assert ":" not in parts["title"]["fr"], name


def test_an_existing_demo_gets_its_family_wordings_without_losing_an_edit(app_context):
    territory, _ = load_demo_territory()
    first = db.session.scalars(
        select(Orientation).filter_by(territory_id=territory.id, number=1)
    ).one()
    edited = {"parent": {"title": {"fr": "Le titre écrit par la coordinatrice"}}}
    first.family_wording = edited
    for orientation in db.session.scalars(select(Orientation)):
        if orientation.number != 1:
            orientation.family_wording = {}
        for action in orientation.actions:
            action.family_wording = {}
    db.session.commit()
    load_demo_territory()
    db.session.commit()
    db.session.expire_all()
    orientations = db.session.scalars(select(Orientation).order_by(Orientation.number)).all()
    assert orientations[0].family_wording == edited
    assert all(o.family_wording for o in orientations[1:])
    assert all(a.family_wording for o in orientations for a in o.actions)


def test_families_read_the_plain_words_not_the_professionals(client, demo_territory, app_context):
    consultation = db.session.scalars(select(Consultation)).one()
    consultation.time_budget_seconds = 1200
    db.session.commit()
    gate = channel()
    professional = {
        action.title[language]
        for orientation in consultation.orientations
        for action in orientation.actions
        for language in ("fr", "ar")
    }
    for language, kind, audience in (("fr", "parent", "parent"), ("ar", "child", "child")):
        client.get(f"/r/{gate.token}/?lang={language}")
        response, _ = post_screen(client, f"/r/{gate.token}/", {"respondent_kind": kind})
        age_drafts()
        pages = []
        while "/thanks" not in response.headers["Location"]:
            url = response.headers["Location"]
            pages.append(html.unescape(client.get(url).get_data(as_text=True)))
            response, _ = post_screen(client, url, {})
            # Sending nothing at the end is refused with a redirect to the same screen.
            if response.status_code != 302 or response.headers["Location"].endswith(url):
                break
        client.delete_cookie("consult_draft", path="/r/")
        text = " ".join(pages)
        assert not [title for title in professional if title in text]
        for orientation in consultation.orientations:
            wording = orientation.family_wording[audience]
            assert wording["title"][language] in text
            assert wording["meaning"][language] in text
            for action in orientation.actions:
                assert action.family_wording[audience]["title"][language] in text
