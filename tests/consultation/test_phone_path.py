"""What a phone meets on the families' path beyond the questions: the scan without a redirect,
blocked cookies, "you have already answered", typed text kept as it is typed, the language
lines, compressed and cacheable pages."""

import gzip

from sqlalchemy import func, select

from consult.consultation.models import Draft, Question, Response
from consult.extensions import db
from tests.conftest import csrf_token_from
from tests.consultation.helpers import age_drafts, channel, fields_on, post_screen


def _swot(audience="parent"):
    return db.session.scalars(
        select(Question).filter_by(audience=audience, purpose="swot").order_by(Question.position)
    ).all()


def test_back_after_sending_says_you_have_already_answered(client, demo_territory, app_context):
    gate = channel()
    response, _ = post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "parent"})
    last = f"/r/{gate.token}/4"
    age_drafts()
    sent, _ = post_screen(client, last, {f"q{_swot()[0].id}": "Une cour plus grande."})
    assert sent.headers["Location"].endswith("/thanks")
    stored = db.session.scalars(select(Response)).one()
    # The phone keeps only "this consultation was answered here, by a parent": nothing that
    # leads to its response.
    marker = client.get_cookie("consult_draft", path="/r/").value
    assert marker == f"sent-{stored.consultation_id}-parent"
    assert stored.client_token not in marker
    # Back lands on the last screen: it leads to the thanks page, never to an empty form.
    back = client.get(last)
    assert back.headers["Location"].endswith(f"/r/{gate.token}/thanks")
    # "Someone else wants to answer" on the thanks page: the first screen says it is done, and
    # still lets a sibling answer.
    again = client.get(f"/r/{gate.token}/").get_data(as_text=True)
    assert "Vous avez déjà répondu sur ce téléphone. Merci\u00a0!" in again
    assert 'name="respondent_kind"' in again
    # Scanning the QR code again says it too, and counts the scan.
    scanned = client.get(f"/q/{gate.token}").get_data(as_text=True)
    assert "Vous avez déjà répondu sur ce téléphone. Merci\u00a0!" in scanned
    assert 'name="respondent_kind"' in scanned
    response, _ = post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "child"})
    assert response.headers["Location"].endswith(f"/r/{gate.token}/2")
    assert db.session.scalar(select(func.count(Draft.id))) == 1


def test_a_child_is_told_tu_on_the_thanks_page(client, demo_territory, app_context):
    gate = channel()
    post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "child"})
    age_drafts()
    text = _swot("child")[0]
    sent, _ = post_screen(client, f"/r/{gate.token}/{text.screen}", {f"q{text.id}": "La cantine."})
    thanks = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Tes réponses sont envoyées." in thanks
    assert "vos enfants" not in thanks and "Vos réponses" not in thanks
    assert "Vie privée\u00a0: ce que nous faisons de tes réponses" in thanks


def test_blocked_cookies_are_explained_instead_of_looping(app, demo_territory, app_context):
    gate = channel()
    first = app.test_client()
    page = first.get(f"/q/{gate.token}").get_data(as_text=True)
    # A phone that blocks cookies sends none back.
    blocked = app.test_client(use_cookies=False)
    response = blocked.post(
        f"/r/{gate.token}/",
        data={"csrf_token": csrf_token_from(page), "respondent_kind": "parent"},
    )
    assert response.status_code == 302
    shown = blocked.get(response.headers["Location"]).get_data(as_text=True)
    assert "Votre téléphone bloque les cookies" in shown
    assert db.session.scalar(select(func.count(Draft.id))) == 0


def test_a_forgotten_choice_is_asked_again_after_a_redirect(client, demo_territory):
    gate = channel()
    response, _ = post_screen(client, f"/r/{gate.token}/", {})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'class="field-errors"' in page and "Choisissez une réponse." in page


def test_typed_text_is_kept_without_moving_on(client, demo_territory, app_context):
    gate = channel()
    post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "parent"})
    screen = f"/r/{gate.token}/4"
    field = fields_on(client.get(screen).get_data(as_text=True))[0]
    kept, _ = post_screen(client, screen, {field: "Je tape encore…", "go": "keep"})
    assert kept.status_code == 204
    assert "Je tape encore…" in client.get(screen).get_data(as_text=True)
    # Nothing is sent by keeping, even on the last screen.
    assert db.session.scalar(select(func.count(Response.id))) == 0
    # A keep that would not pass the checks changes nothing.
    refused, _ = post_screen(client, screen, {field: "x" * 5000, "go": "keep"})
    assert refused.status_code == 422
    assert "Je tape encore…" in client.get(screen).get_data(as_text=True)


def test_the_language_lines_show_only_when_the_phone_speaks_none_of_the_languages(
    client, demo_territory
):
    gate = channel()
    german = client.get(f"/q/{gate.token}", headers={"Accept-Language": "de-DE,de;q=0.9"})
    page = german.get_data(as_text=True)
    assert '<html lang="fr"' in page
    for line in (
        "Choisissez votre langue",
        "اختاروا لغتكم",
        "Choose your language",
        "Dilinizi seçin",
    ):
        assert line in page
    assert f'href="/r/{gate.token}/?lang=ar"' in page
    arabic = client.get(f"/r/{gate.token}/", headers={"Accept-Language": "ar"}).get_data(
        as_text=True
    )
    assert "Choose your language" not in arabic


def test_families_pages_are_compressed_and_the_back_office_is_not(client, demo_territory):
    gate = channel()
    page = client.get(f"/q/{gate.token}", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
    assert b"respondent_kind" in gzip.decompress(page.data)
    stylesheet = client.get("/static/css/app.css", headers={"Accept-Encoding": "br, gzip"})
    assert stylesheet.headers["Content-Encoding"] == "br"
    assert len(stylesheet.data) < 6000
    login = client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in login.headers


def test_cache_headers_follow_what_the_page_holds(client, demo_territory, app_context):
    gate = channel()
    first = client.get(f"/q/{gate.token}")
    # Nothing of anyone's answers yet: Back may show it from memory, a new visit asks again.
    assert first.headers["Cache-Control"] == "private, no-cache"
    for path in ("/privacy", "/privacy/children", "/"):
        assert client.get(path).headers["Cache-Control"] == "private, max-age=300", path
    response, _ = post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "parent"})
    assert client.get(response.headers["Location"]).headers["Cache-Control"] == "no-store"
    assert client.get(f"/r/{gate.token}/").headers["Cache-Control"] == "no-store"


def test_every_page_has_a_description_and_an_icon(client, demo_territory):
    page = client.get(f"/q/{channel().token}").get_data(as_text=True)
    assert '<meta name="description" content="Parents, enfants et jeunes' in page
    assert 'rel="icon" href="data:image/svg+xml,' in page
    icon = client.get("/favicon.ico", follow_redirects=True)
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"


def test_the_privacy_notice_names_each_cookie(client):
    page = client.get("/privacy").get_data(as_text=True)
    for name in ("session", "consult_draft", "consult_device"):
        assert f"<code>{name}</code>" in page
    assert page.count("Effacé") == 3


def _invented_consultation():
    """A territory of its own: two languages (French and Turkish), parents only."""
    from datetime import date, timedelta

    from consult.consultation import operations
    from consult.diagnostic import operations as diagnostic
    from consult.diagnostic.models import Territory

    territory = Territory(slug="tilleuls", name="Cité éducative des Tilleuls")
    db.session.add(territory)
    db.session.flush()
    axis = diagnostic.save_axis(
        territory, None, number=1, title={"fr": "Réussir à l’école"}, description={}
    )
    orientation = diagnostic.save_orientation(
        territory,
        None,
        number=1,
        title={"fr": "Renforcer le lien école-familles"},
        family_title={"fr": "Parler plus souvent avec l’école", "tr": "Okulla daha sık konuşmak"},
        description={},
        axis_ids=[axis.id],
    )
    today = date.today()
    consultation = operations.save_consultation(
        territory,
        None,
        title={"fr": "Les Tilleuls vous écoutent", "tr": "Tilleuls sizi dinliyor"},
        intro={},
        restitution={},
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=30),
        results_on=None,
        status="open",
        languages=["fr", "tr"],
        audiences=["parent"],
        orientation_ids=[orientation.id],
        axis_ids=[axis.id],
    )
    gate = operations.save_channel(
        consultation, None, name="Marché", kind="outreach_stand", orientation_id=None
    )
    db.session.commit()
    return gate


def test_an_invented_territory_in_two_languages(client, app_context):
    gate = _invented_consultation()
    page = client.get(f"/q/{gate.token}", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Les Tilleuls vous écoutent" in page
    # Only this consultation's languages, each saying "choose your language" in its own words.
    assert page.count('class="choose-language__name"') == 2
    assert "Dilinizi seçin" in page and "Choose your language" not in page
    turkish = client.get(f"/r/{gate.token}/?lang=tr", headers={"Accept-Language": "de"})
    assert '<html lang="tr"' in turkish.get_data(as_text=True)
    # Nothing chosen: a redirect, then the reason in Turkish beside the question.
    refused, _ = post_screen(client, f"/r/{gate.token}/", {})
    shown = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert 'class="field-errors"' in shown and '<html lang="tr"' in shown
    response, _ = post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "parent"})
    screen = response.headers["Location"]
    priority = fields_on(client.get(screen).get_data(as_text=True))[0]
    age_drafts()
    response, _ = post_screen(client, screen, {priority: "3"})
    while "/thanks" not in response.headers["Location"]:
        response, _ = post_screen(client, response.headers["Location"], {})
    assert client.get(screen).headers["Location"].endswith(f"/r/{gate.token}/thanks")
    stored = db.session.scalars(select(Response)).one()
    assert (stored.language, stored.channel_id) == ("tr", gate.id)


def test_once_results_are_published_the_thanks_page_leads_to_them(client, demo_territory):
    from consult.consultation.models import Consultation

    gate = channel()
    consultation = db.session.scalars(select(Consultation)).one()
    consultation.status = "published"
    db.session.commit()
    page = client.get(f"/r/{gate.token}/thanks").get_data(as_text=True)
    assert f'href="/s/{gate.token}"' in page
