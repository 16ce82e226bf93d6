"""A coordinator of a new Cité éducative builds its diagnostic from nothing on a phone, in
French and Arabic, makes a consultation of it, previews it as every audience, sends a test
answer and purges it, opens it; families' answers through the QR code land on the orientation
and the action they chose. No screen a family reads shows any of the demo's words."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from consult.accounts.roles import Role
from consult.consultation.models import Answer, Question, Response
from consult.extensions import db
from tests.browser.conftest import ARTIFACTS
from tests.conftest import PASSWORD
from tests.consultation.invented import demo_strings

pytestmark = pytest.mark.browser

SLUG = "lac-des-saules"
AUDIENCES = ("parent", "child", "young")
# How each audience is named at the end of its own wording, so a screen shows whose words.
FOR = {
    "fr": {"parent": "pour les parents", "child": "pour les enfants", "young": "pour les jeunes"},
    "ar": {"parent": "للآباء", "child": "للأطفال", "young": "للشباب"},
}
AXES = [
    {"fr": "Grandir au bord du lac", "ar": "النمو على ضفاف البحيرة"},
    {"fr": "Vivre ensemble entre les deux rives", "ar": "العيش معًا بين الضفتين"},
]
ORIENTATIONS = [
    {
        "title": {
            "fr": "Structurer une offre d'éveil musical autour du kiosque du lac",
            "ar": "تنظيم عرض للتربية الموسيقية حول كشك البحيرة",
        },
        "family": {"fr": "La musique au kiosque du lac", "ar": "الموسيقى في كشك البحيرة"},
        "actions": [
            {
                "title": {
                    "fr": "Créer un orchestre d'instruments à vent du quartier",
                    "ar": "إنشاء أوركسترا آلات النفخ في الحي",
                },
                "family": {"fr": "Un orchestre du quartier", "ar": "أوركسترا الحي"},
            },
            {
                "title": {
                    "fr": "Ouvrir le kiosque aux répétitions libres le dimanche",
                    "ar": "فتح الكشك للتدريبات الحرة يوم الأحد",
                },
                "family": {"fr": "Le kiosque ouvert le dimanche", "ar": "الكشك مفتوح يوم الأحد"},
            },
        ],
    },
    {
        "title": {
            "fr": "Favoriser la mobilité douce des familles entre les deux rives",
            "ar": "تشجيع التنقل اللطيف للعائلات بين الضفتين",
        },
        "family": {"fr": "À vélo d'une rive à l'autre", "ar": "بالدراجة من ضفة إلى أخرى"},
        "actions": [
            {
                "title": {
                    "fr": "Aménager une piste cyclable éclairée sur la digue",
                    "ar": "تهيئة مسار دراجات مضاء على السد",
                },
                "family": {"fr": "Une piste à vélo sur la digue", "ar": "مسار دراجات على السد"},
            },
            {
                "title": {
                    "fr": "Animer un atelier d'autoréparation de vélos au port",
                    "ar": "تنشيط ورشة لإصلاح الدراجات ذاتيًا في الميناء",
                },
                "family": {"fr": "Réparer son vélo au port", "ar": "إصلاح دراجتك في الميناء"},
            },
        ],
    },
]
# The previews whose screens are kept as pictures, for a person to look at.
SHOWN = {("child", "ar"), ("young_11_15", "fr")}
GATE = "Portail de l'école des Saules"
SEND = {"Envoyer mes réponses", "أرسل إجاباتي"}
CONSULTATION = {
    "fr": "La parole aux familles du Lac des Saules",
    "ar": "الكلمة لعائلات بحيرة الصفصاف",
}


def family_title(item: dict, audience: str, language: str) -> str:
    return f"{item['family'][language]} {FOR[language][audience]}"


def family_meaning(item: dict, audience: str, language: str) -> str:
    if language == "fr":
        return f"Ce que veut dire « {item['family']['fr']} » {FOR['fr'][audience]}."
    return f"معنى « {item['family']['ar']} » {FOR['ar'][audience]}."


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"scratch-{name}.png"), full_page=True)


def _open_translations(page) -> None:
    """Every "Translations" fold of the form opened, as one taps each of them."""
    page.eval_on_selector_all("details.translations", "folds => folds.forEach(f => f.open = true)")


def _fill_translated(page, name: str, texts: dict) -> None:
    """French in the visible field, the other languages under "Translations" (opened)."""
    for language, text in texts.items():
        page.locator(f"[name={name}__{language}]").fill(text)


def _fill_family_wording(page, item: dict) -> None:
    for audience in AUDIENCES:
        _fill_translated(
            page,
            f"{audience}_title",
            {language: family_title(item, audience, language) for language in ("fr", "ar")},
        )
        _fill_translated(
            page,
            f"{audience}_meaning",
            {language: family_meaning(item, audience, language) for language in ("fr", "ar")},
        )


def _save(page) -> None:
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert page.locator(".flashes").inner_text().strip() == "Modifications enregistrées.", page.url


def _author_the_diagnostic(page) -> None:
    page.get_by_role("link", name="Diagnostic", exact=True).first.click()
    for number, title in enumerate(AXES, start=1):
        page.get_by_role("link", name="Ajouter un axe").click()
        _open_translations(page)
        page.locator("[name=number]").fill(str(number))
        _fill_translated(page, "title", title)
        _save(page)
    page.get_by_role("link", name="Orientations", exact=True).first.click()
    for number, orientation in enumerate(ORIENTATIONS, start=1):
        page.get_by_role("link", name="Ajouter une orientation").click()
        _open_translations(page)
        page.locator("[name=number]").fill(str(number))
        _fill_translated(page, "title", orientation["title"])
        _fill_translated(page, "family_title", orientation["family"])
        _fill_family_wording(page, orientation)
        page.get_by_label(f"{number}. {AXES[number - 1]['fr']}").check()
        _save(page)
        for position, action in enumerate(orientation["actions"], start=1):
            page.get_by_role("link", name=f"Ajouter une action — Orientation {number}").click()
            _open_translations(page)
            page.locator("[name=position]").fill(str(position))
            _fill_translated(page, "title", action["title"])
            _fill_family_wording(page, action)
            _save(page)
    text = page.locator("main").inner_text()
    for orientation in ORIENTATIONS:
        assert orientation["title"]["fr"] in text
        for action in orientation["actions"]:
            assert action["title"]["fr"] in text


def _create_the_consultation(page) -> int:
    page.get_by_role("link", name="Consultations", exact=True).first.click()
    page.get_by_role("link", name="Nouvelle consultation").click()
    _open_translations(page)
    _fill_translated(page, "title", CONSULTATION)
    page.locator("[name=status]").select_option("draft")
    today = date.today()
    page.locator("[name=opens_on]").fill(today.isoformat())
    page.locator("[name=closes_on]").fill((today + timedelta(days=30)).isoformat())
    # Offered in Arabic besides French, nothing else.
    for box in page.locator("input[name=languages]").all():
        box.set_checked(box.get_attribute("value") == "ar")
    # Every action question fits in one respondent's path: which of them a respondent is
    # given never depends on the rotation's draw.
    page.locator("[name=time_budget_seconds]").fill("1200")
    _save(page)
    # Saved, the consultation's own page shows, with its checklist.
    assert re.search(r"/consultations/\d+$", page.url)
    assert page.locator("h1").inner_text() == CONSULTATION["fr"]
    consultation_id = int(page.url.rsplit("/", 1)[1])
    # Every audience has its questions, one per orientation, worded from the territory's model.
    questions = page.locator("section:has(#questions-title)").inner_text()
    for orientation in ORIENTATIONS:
        for audience in AUDIENCES:
            assert family_title(orientation, audience, "fr") in questions
    page.get_by_role("link", name="Ajouter un canal").click()
    page.locator("[name=name]").fill(GATE)
    _save(page)
    return consultation_id


def _walk(page, demo, expected, unexpected, choose=None, shots: str | None = None) -> str:
    """Through every screen after "who is answering", up to the last one (not sent): no demo
    string on any; returns the text of all screens."""
    seen = []
    for _ in range(12):
        page.wait_for_load_state()
        text = page.locator("body").inner_text()
        leaked = sorted(string for string in demo if string in text)
        assert not leaked, (page.url, leaked[:5])
        # Nothing wider than the phone.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        seen.append(text)
        if choose is not None:
            choose(page)
        if shots:
            _shot(page, f"{shots}-{len(seen) + 1}")
        button = page.locator("button.button--primary")
        if button.inner_text().strip() in SEND:
            break
        button.click()
    else:
        pytest.fail(f"no last screen: {page.url}")
    walked = "\n".join(seen)
    for string in expected:
        assert string in walked, (page.url, string)
    for string in unexpected:
        assert string not in walked, (page.url, string)
    return walked


def _expected_for(audience: str, language: str) -> tuple[list[str], list[str]]:
    """The invented territory's words this audience reads, and the other audiences' ones."""
    own, others = [], []
    for orientation in ORIENTATIONS:
        for item in [orientation, *orientation["actions"]]:
            for kind in AUDIENCES:
                target = own if kind == audience else others
                target.append(family_title(item, kind, language))
            own.append(family_meaning(item, audience, language))
    return own, others


def _preview(page, kind: str, language: str, demo: set, consultation_id: int) -> None:
    page.locator("#preview-as").select_option(kind)
    page.locator("#preview-lang").select_option(language)
    page.get_by_role("button", name="Ouvrir l'aperçu").click()
    page.wait_for_url(re.compile(r".*/r/preview-\d+/(\?.*)?$"))
    assert page.locator("#preview-banner").is_visible()
    assert page.locator(f"input[value={kind}]").is_checked()
    text = page.locator("body").inner_text()
    assert CONSULTATION[language] in text
    assert not [string for string in demo if string in text]
    page.locator("button.button--primary").click()
    audience = "young" if kind.startswith("young") else kind
    expected, unexpected = _expected_for(audience, language)
    shots = f"preview-{kind}-{language}" if (kind, language) in SHOWN else None
    _walk(page, demo, expected, unexpected, shots=shots)
    page.goto(page.url.split("/r/")[0] + f"/admin/{SLUG}/consultations/{consultation_id}")


def _choose(audience: str, language: str, orientation: dict, action: dict, priority: str):
    """On whichever screen shows them: the orientation's priority and one of its actions."""

    def choose(page):
        priority_box = page.locator("fieldset.question--priority").filter(
            has_text=family_title(orientation, audience, language)
        )
        if priority_box.count():
            face = priority_box.locator(f"input[value='{priority}']").get_attribute("id")
            priority_box.locator(f"label[for='{face}']").click()
        label = page.locator("fieldset.question--action_choice label").filter(
            has_text=family_title(action, audience, language)
        )
        if label.count():
            label.click()

    return choose


def test_a_territory_built_from_scratch_reaches_families(
    live_server, phone, make_territory, make_user, demo_territory, app, monkeypatch
):
    # Five people must answer before a figure shows; they need not wait three seconds each.
    monkeypatch.setitem(app.config, "MINIMUM_FILL_SECONDS", 0)
    territory = make_territory(slug=SLUG, name="Cité éducative du Lac des Saules")
    coordinator = make_user(role=Role.COORDINATOR, territories=[territory])
    demo = demo_strings()
    invented = [o["title"]["fr"] for o in ORIENTATIONS]
    assert not [string for string in demo if any(string in text for text in invented)]

    page = phone()
    page.goto(f"{live_server}/login")
    page.fill("#email", coordinator.email)
    page.fill("#password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**/admin/{SLUG}/")

    _author_the_diagnostic(page)
    consultation_id = _create_the_consultation(page)

    for language in ("fr", "ar"):
        for kind in ("parent", "child", "young_11_15"):
            _preview(page, kind, language, demo, consultation_id)
    # Looking at the screens changed no rotation counter.
    assert set(db.session.scalars(select(Question.times_shown))) == {0}

    # A test answer, sent from the preview: stored as a test, then purged.
    music, cycling = ORIENTATIONS
    page.locator("#preview-as").select_option("parent")
    page.locator("#preview-lang").select_option("fr")
    page.get_by_role("button", name="Ouvrir l'aperçu").click()
    page.locator("button.button--primary").click()
    _walk(page, demo, [], [], _choose("parent", "fr", music, music["actions"][0], "1"))
    page.locator("button.button--primary").click()
    page.wait_for_url("**/thanks")
    assert page.locator("#preview-banner").is_visible()
    db.session.expire_all()
    assert db.session.scalars(select(Response.standing)).all() == ["test"]
    assert set(db.session.scalars(select(Question.times_shown))) == {0}
    page.goto(f"{live_server}/admin/{SLUG}/consultations/{consultation_id}")
    assert "1 réponse de test" in page.locator("#tests").inner_text()
    page.get_by_role("link", name="Purger les tests").click()
    page.get_by_role("button", name="Oui, purger les tests").click()
    page.wait_for_url(f"**/consultations/{consultation_id}")
    assert "0 réponse de test" in page.locator("#tests").inner_text()
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Response.id))) == 0

    # Open it.
    page.get_by_role("link", name="Modifier", exact=True).first.click()
    page.locator("[name=status]").select_option("open")
    _save(page)
    assert "Ouverte" in page.locator("main .meta").first.inner_text()
    gate = page.locator("li.card").filter(has_text=GATE)
    public_url = gate.locator("p.url code").inner_text()
    token = public_url.rsplit("/q/", 1)[1]

    # Five parents answer through the QR code, in French and in Arabic: each finds cycling
    # very important and wants the bike lane on the dyke.
    lane = cycling["actions"][0]
    phones = {"fr": phone(locale="fr-FR"), "ar": phone(locale="ar")}
    for number, language in enumerate(["fr", "ar", "fr", "ar", "fr"]):
        family = phones[language]
        # Another person on a phone of the same kind.
        family.context.clear_cookies()
        family.goto(f"{live_server}/q/{token}")
        assert family.locator("html").get_attribute("lang") == language
        assert family.locator("#preview-banner").count() == 0
        who = family.locator("body").inner_text()
        assert CONSULTATION[language] in who
        assert not [string for string in demo if string in who]
        parent = family.locator("input[value=parent]")
        family.locator(f"label[for={parent.get_attribute('id')}]").click()
        family.locator("button.button--primary").click()
        expected, unexpected = _expected_for("parent", language)
        _walk(
            family,
            demo,
            expected,
            unexpected,
            _choose("parent", language, cycling, lane, "3"),
            shots=f"family-{language}" if number == 1 else None,
        )
        family.locator("button.button--primary").click()
        family.wait_for_url("**/thanks")
        thanks = family.locator("body").inner_text()
        assert not [string for string in demo if string in thanks]

    db.session.expire_all()
    responses = db.session.scalars(select(Response)).all()
    assert [r.standing for r in responses] == ["counted"] * 5
    assert sorted(r.language for r in responses) == ["ar", "ar", "fr", "fr", "fr"]
    chosen = db.session.scalars(select(Answer).filter(Answer.action_id.is_not(None))).all()
    assert len(chosen) == 5
    from consult.diagnostic.models import Action, Orientation

    lane_row = db.session.scalars(
        select(Action).filter(Action.title["fr"].as_string() == lane["title"]["fr"])
    ).one()
    cycling_row = db.session.scalars(
        select(Orientation).filter(
            Orientation.territory_id == territory.id, Orientation.number == 2
        )
    ).one()
    assert {(a.orientation_id, a.action_id, a.audience) for a in chosen} == {
        (cycling_row.id, lane_row.id, "parent")
    }
    priorities = db.session.scalars(select(Answer).filter_by(purpose="priority")).all()
    assert {(a.orientation_id, a.priority) for a in priorities} == {(cycling_row.id, 3)}
    # Every parent was given both action questions: each counted once per person.
    assert {
        (q.orientation.number, q.times_shown)
        for q in db.session.scalars(
            select(Question).filter_by(
                consultation_id=consultation_id, purpose="action_choice", audience="parent"
            )
        )
    } == {(1, 5), (2, 5)}

    page.goto(f"{live_server}/admin/{SLUG}/review/results/{consultation_id}")
    _shot(page, "results-fr")
    cycling_card = page.locator("#actions-2")
    assert "Montrée à 5 personnes" in cycling_card.inner_text()
    lane_cells = cycling_card.locator("tr").filter(has_text=lane["title"]["fr"]).locator("td")
    assert lane_cells.all_inner_texts()[:3] == ["5", "5", "100\xa0%"]
    other = cycling["actions"][1]["title"]["fr"]
    other_cells = cycling_card.locator("tr").filter(has_text=other).locator("td")
    assert other_cells.all_inner_texts()[:2] == ["5", "0"]
    results_text = page.locator("main").inner_text()
    assert cycling["title"]["fr"] in results_text
    assert not [string for string in demo if string in results_text]

    # Results published: the same QR code leads families to what they said, in their words.
    page.goto(f"{live_server}/admin/{SLUG}/consultations/{consultation_id}")
    page.get_by_role("link", name="Modifier", exact=True).first.click()
    page.locator("[name=status]").select_option("published")
    _save(page)
    for language, family in phones.items():
        family.goto(f"{live_server}/q/{token}?lang={language}")
        family.wait_for_url(f"**/s/{token}*")
        summary = family.locator("body").inner_text()
        assert not [string for string in demo if string in summary], language
        assert family_title(cycling, "parent", language) in summary or (
            cycling["family"][language] in summary
        ), summary
        _shot(family, f"summary-{language}")
