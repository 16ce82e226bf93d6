"""Every surface a family sees, rendered in every public language.

The inventory is the views declared with ``@family_surface`` (consult/core/family_surfaces.py);
this test knows how to reach each one (RENDERERS) and fails when a declared surface has no way
in, or a public page is neither declared nor set aside below. Each rendering is read as text
with the language its markup claims; a French text in another language's part, or an English
message id shown as it is in a non-English part, fails the test.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from consult.accounts.roles import Role
from consult.config import UI_LANGUAGES
from consult.consultation.models import Channel, Consultation, Question, Response
from consult.consultation.vocabulary import RESPONDENT_KINDS, Purpose
from consult.core.family_surfaces import family_surfaces
from consult.extensions import db
from consult.outreach import queries as outreach_queries
from tests.conftest import csrf_token_from, login
from tests.core.family_rendering import (
    HAS_LETTER,
    Rendering,
    message_pattern,
    normalise,
    texts_of_html,
    texts_of_response,
)

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"

# Public views that show families nothing of their own.
NOT_FAMILY_SURFACES = {
    "respond.scan": "counts the scan, then shows respond.start's first screen (rendered there)",
    "core.favicon": "the site's icon: no words",
    "accounts.login": "staff login",
    "accounts.login_code": "staff login, second step",
    "accounts.logout": "staff logout",
    "static": "files",
}

# The programme's own name, kept in every language (docs/translations.md, glossary).
PROPER_NAMES = ("Cité éducative",)
# The cookies' own names, which the privacy notices give as they are (a browser shows them so).
COOKIE_NAMES = ("consult_device", "consult_draft", "session")

# What the walk types in a text box: the family's own words, echoed back in any language.
TYPED_ANSWER = "Un mot"

# Texts the same in French and in another language on purpose, with the reason.
SAME_AS_FRENCH = {
    # The word is the same and means the same (priority scale).
    ("en", "Important"): "same word in English",
    ("en", "Questions"): "same word in English",
    ("ro", "Important"): "same word in Romanian",
    ("en", "Cookies"): "same word in English",
    ("es", "Cookies"): "the word Spanish uses",
    ("pt", "Cookies"): "the word Portuguese uses",
    # Shown in its own script in every language's switcher: a reader finds their language.
    ("fr", "Français"): "a language's own name",
}


@dataclass
class World:
    territory: object
    consultation: Consultation
    channel: Channel
    session: object
    names: set


@pytest.fixture
def world(app_context, make_user):
    """An invented territory, loaded from the demo's translated content under another name."""
    from consult.consultation.demo import load_demo_consultation
    from consult.diagnostic.demo import load_demo_territory, read_fixture
    from tests.outreach.helpers import make_session

    fixture = read_fixture()
    fixture["territory"] = {"slug": "tilleuls", "name": "Cité éducative des Tilleuls"}
    territory, _created = load_demo_territory(fixture)
    consultation = load_demo_consultation(territory)
    db.session.commit()
    gate = next(c for c in consultation.channels if c.kind == "school_gate")
    session = make_session(territory)
    profile_options = {
        option
        for question in db.session.scalars(
            select(Question).filter_by(consultation_id=consultation.id, purpose=Purpose.PROFILE)
        )
        for option in question.options
    }
    names = {
        TYPED_ANSWER,
        territory.name,
        session.place,
        session.partner,
        session.reference,
        *(channel.name for channel in consultation.channels),
        *profile_options,
    }
    return World(territory, consultation, gate, session, names)


@pytest.fixture
def staff(app, world, make_user):
    client = app.test_client()
    login(client, make_user(role=Role.FACILITATOR, territories=[world.territory]))
    return client


# How to reach each declared surface: yields (variant, response) in one language.


def _post(client, url, data):
    page = client.get(url)
    return client.post(
        url, data={"csrf_token": csrf_token_from(page.get_data(as_text=True)), **data}
    )


def _refused(client, url, data):
    """A refusal answers with a redirect to the screen, which then says why."""
    response = _post(client, url, data)
    assert response.status_code == 302, (url, response.status_code)
    return client.get(response.headers["Location"])


def _start(client, world, kind, language):
    url = f"/r/{world.channel.token}/?lang={language}"
    response = _post(client, url, {"respondent_kind": kind})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def render_start(app, world, staff, language):
    client = app.test_client()
    url = f"/r/{world.channel.token}/?lang={language}"
    yield "who is answering", client.get(url)
    yield "who is answering, nothing chosen", _refused(client, url, {})
    consultation = world.consultation
    opens_on, closes_on = consultation.opens_on, consultation.closes_on
    today = date.today()
    consultation.opens_on, consultation.closes_on = today + timedelta(1), today + timedelta(30)
    db.session.commit()
    yield "not open yet", client.get(url)
    consultation.opens_on, consultation.closes_on = today - timedelta(30), today - timedelta(1)
    db.session.commit()
    yield "closed", client.get(url)
    consultation.opens_on, consultation.closes_on = opens_on, closes_on
    world.channel.is_retired = True
    db.session.commit()
    yield "retired QR code", client.get(url)
    world.channel.is_retired = False
    db.session.commit()
    yield "unknown link", client.get(f"/r/not-a-token/?lang={language}")


def render_screen(app, world, staff, language):
    from consult.consultation import queries

    for kind in world.consultation.audiences:
        client = app.test_client()
        _start(client, world, kind, language)
        screens = queries.screens_for(world.consultation, kind)
        for number in screens:
            url = f"/r/{world.channel.token}/{number}?lang={language}"
            yield f"{kind}, screen {number}", client.get(url)
            too_many = [
                question
                for question in queries.questions_on_screen(world.consultation, kind, number, None)
                if question.purpose == Purpose.ACTION_CHOICE
                and len(question.orientation.actions) > question.max_choices
            ]
            if too_many:
                question = too_many[0]
                choices = [str(action.id) for action in question.orientation.actions]
                yield (
                    f"{kind}, screen {number}, too many choices",
                    _refused(client, url, {f"q{question.id}": choices}),
                )
        last = f"/r/{world.channel.token}/{screens[-1]}?lang={language}"
        yield f"{kind}, sent empty", _refused(client, last, {})
        question = queries.questions_on_screen(world.consultation, kind, screens[-1], None)[0]
        # Sent sooner after starting than anyone reads the answers, however slow the machine.
        usual = app.config["MINIMUM_FILL_SECONDS"]
        app.config["MINIMUM_FILL_SECONDS"] = 24 * 3600
        try:
            too_fast = _refused(client, last, {f"q{question.id}": _a_value(question)})
        finally:
            app.config["MINIMUM_FILL_SECONDS"] = usual
        yield f"{kind}, sent too fast", too_fast
        expired = client.post(last, data={"csrf_token": "expired"})
        assert expired.status_code == 302
        yield f"{kind}, page left open too long", client.get(expired.headers["Location"])


def _a_value(question):
    if question.purpose == Purpose.PRIORITY:
        return "2"
    if question.purpose == Purpose.ACTION_CHOICE:
        return str(question.orientation.actions[0].id)
    if question.purpose == Purpose.PROFILE:
        return question.options[0]
    return TYPED_ANSWER


def render_thanks(app, world, staff, language):
    client = app.test_client()
    yield "thanks", client.get(f"/r/{world.channel.token}/thanks?lang={language}")


def render_summary(app, world, staff, language):
    from consult.review import synthetic

    consultation = world.consultation
    if not db.session.scalar(select(Response.id).filter_by(consultation_id=consultation.id)):
        synthetic.generate(consultation, 40)
    consultation.status = "published"
    db.session.commit()
    client = app.test_client()
    yield "published results", client.get(f"/s/{world.channel.token}?lang={language}")
    yield (
        "published results for children",
        client.get(f"/s/{world.channel.token}/children?lang={language}"),
    )
    yield (
        "form once published",
        client.get(f"/r/{world.channel.token}/?lang={language}", follow_redirects=True),
    )
    consultation.status = "open"
    db.session.commit()


def render_home(app, world, staff, language):
    yield "home", app.test_client().get(f"/?lang={language}")
    yield "page not found", app.test_client().get(f"/no-such-page?lang={language}")


def render_privacy(app, world, staff, language):
    yield "privacy", app.test_client().get(f"/privacy?lang={language}")


def render_privacy_children(app, world, staff, language):
    yield "privacy for children", app.test_client().get(f"/privacy/children?lang={language}")


def _kiosk_base(world):
    return f"/admin/{world.territory.slug}/outreach/kiosk/{world.session.id}"


def render_kiosk(app, world, staff, language):
    yield "kiosk page", staff.get(f"{_kiosk_base(world)}/?lang={language}")


def render_kiosk_definition(app, world, staff, language):
    yield "kiosk screens", staff.get(f"{_kiosk_base(world)}/definition.json?lang={language}")


def render_paper(app, world, staff, language):
    base = f"/admin/{world.territory.slug}/outreach/{world.session.id}/paper"
    for audience in outreach_queries.audiences_of(world.consultation):
        yield f"{audience} paper sheet", staff.get(f"{base}/{audience}/{language}")


def render_poster(app, world, staff, language):
    base = f"/admin/{world.territory.slug}/channels/{world.channel.id}"
    yield "poster", staff.get(f"{base}/poster")
    yield "flyer", staff.get(f"{base}/flyer")


RENDERERS = {
    "core.home": render_home,
    "core.privacy": render_privacy,
    "core.privacy_children": render_privacy_children,
    "respond.start": render_start,
    "respond.screen": render_screen,
    "respond.thanks": render_thanks,
    "results_public.summary": render_summary,
    "results_public.summary_for_children": render_summary,
    "outreach.paper_print": render_paper,
    "consultation.channel_print": render_poster,
    # Last: opening the kiosk locks the staff login until the password is typed again.
    "kiosk.kiosk": render_kiosk,
    "kiosk.definition": render_kiosk_definition,
}


def test_every_public_page_is_a_declared_family_surface_or_set_aside(app):
    declared = family_surfaces(app)
    public = {
        endpoint
        for endpoint, view in app.view_functions.items()
        if getattr(view, "is_public", False) or endpoint == "static"
    }
    assert sorted(public - set(declared) - set(NOT_FAMILY_SURFACES)) == []
    assert sorted(set(NOT_FAMILY_SURFACES) - set(app.view_functions)) == []


def test_every_declared_surface_can_be_rendered_by_this_test(app):
    assert sorted(set(family_surfaces(app)) - set(RENDERERS)) == []
    assert sorted(set(RENDERERS) - set(family_surfaces(app))) == []


def render_everything(app, world, staff) -> list[Rendering]:
    renderings = []
    declared = family_surfaces(app)
    for endpoint, render in RENDERERS.items():
        # A document that speaks every language at once is read once, part by part.
        languages = ("fr",) if declared[endpoint].multilingual else UI_LANGUAGES
        for language in languages:
            for variant, response in render(app, world, staff, language):
                assert response.status_code in (200, 404, 410, 422), (
                    endpoint,
                    variant,
                    language,
                    response.status_code,
                )
                renderings.append(
                    Rendering(endpoint, variant, language, texts_of_response(response))
                )
    return renderings


def _assert_every_audience_and_language_was_rendered(renderings):
    variants = {(r.surface, r.variant, r.language) for r in renderings}
    for language in UI_LANGUAGES:
        for kind in RESPONDENT_KINDS:
            assert ("respond.screen", f"{kind}, sent empty", language) in variants
        for audience in ("parent", "child", "young"):
            assert ("outreach.paper_print", f"{audience} paper sheet", language) in variants
        # Errors are surfaces too.
        for error in ("too many choices", "sent too fast", "page left open too long"):
            assert any(r.variant.endswith(error) and r.language == language for r in renderings), (
                error
            )
    shown = {
        "sent too fast": "Please take a moment to read your answers, then send them.",
        "page left open too long": (
            "This page was open for a long time. Your answers are kept: please press the button "
            "again."
        ),
        "sent empty": "Please answer at least one question before sending.",
    }
    for rendering in renderings:
        for suffix, english in shown.items():
            if rendering.variant.endswith(suffix) and rendering.language == "en":
                assert ("en", english) in rendering.texts, rendering.where()
    poster = next(r for r in renderings if r.variant == "poster")
    assert {language for language, _text in poster.texts} >= set(UI_LANGUAGES)


def _english_message_ids() -> list[re.Pattern]:
    with open(TRANSLATIONS / "messages.pot", "rb") as handle:
        return [
            message_pattern(text)
            for message in read_po(handle)
            if message.id
            for text in (message.id if isinstance(message.id, tuple) else (message.id,))
        ]


def _kept_as_in_english(language: str) -> set:
    """Texts the language's own catalogue gives: ids a translator deliberately kept as they
    are ("PIN" in Spanish), and translations that happen to spell another id (French "Code"
    for "PIN", while "Code" is also the English id of the verb)."""
    if language == "en":
        return set()
    path = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    with open(path, "rb") as handle:
        return {
            text
            for message in read_po(handle, locale=language)
            if message.id
            for text in (message.string if isinstance(message.string, tuple) else (message.string,))
            if text
        }


def _without_names(text: str, names: set) -> str:
    """The text less the names in it; nothing with a letter left means nothing to translate."""
    for name in sorted((*names, *PROPER_NAMES, *COOKIE_NAMES), key=len, reverse=True):
        text = text.replace(name, " ")
    text = normalise(text)
    return text if HAS_LETTER.search(text) else ""


def test_no_french_and_no_english_message_id_left_in_another_language(app, world, staff):
    renderings = render_everything(app, world, staff)
    _assert_every_audience_and_language_was_rendered(renderings)
    seen_languages = {language for rendering in renderings for language, _text in rendering.texts}
    assert set(UI_LANGUAGES) <= seen_languages
    french = {text for rendering in renderings for lang, text in rendering.texts if lang == "fr"}
    english_ids = _english_message_ids()
    kept_as_in_english = {language: _kept_as_in_english(language) for language in UI_LANGUAGES}

    french_left = set()
    english_left = set()
    for rendering in renderings:
        for language, text in rendering.texts:
            if text.startswith("http") or not _without_names(text, world.names):
                continue
            if language != "fr" and text in french and (language, text) not in SAME_AS_FRENCH:
                french_left.add((rendering.where(), language, text))
            if (
                language != "en"
                and text not in kept_as_in_english[language]
                and any(pattern.fullmatch(text) for pattern in english_ids)
            ):
                english_left.add((rendering.where(), language, text))
    assert not french_left, "French left in another language:\n" + _listed(french_left)
    assert not english_left, "English message ids shown as they are:\n" + _listed(english_left)


def _listed(found) -> str:
    return "\n".join(f"  {where} · {language} · {text}" for where, language, text in sorted(found))


def test_texts_are_read_with_the_language_their_markup_claims():
    html = (
        '<html lang="ar"><head><title>عنوان</title></head><body>'
        '<p>نص <span lang="fr">Jeunes de 11 à 15 ans</span></p><img alt="صورة"><br>'
        '<div data-next="التالي" data-sync-url="/sync"></div><script>var a = "x y";</script>'
        '<ul><li lang="uk">Далі</li><li>بعد</li></ul></body></html>'
    )
    assert texts_of_html(html) == [
        ("ar", "عنوان"),
        ("ar", "نص"),
        ("fr", "Jeunes de 11 à 15 ans"),
        ("ar", "صورة"),
        ("ar", "التالي"),
        ("uk", "Далі"),
        ("ar", "بعد"),
    ]
    assert message_pattern("Choose up to %(count)s.").fullmatch("Choose up to 3.")
