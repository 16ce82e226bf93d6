from pathlib import Path

from babel.messages.pofile import read_po

from consult.config import UI_LANGUAGES

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


def _catalog(language):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=language)


def _template_ids():
    with open(TRANSLATIONS / "messages.pot", "rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def test_french_catalogue_is_complete():
    catalog = _catalog("fr")
    missing = [
        message.id for message in catalog if message.id and (not message.string or message.fuzzy)
    ]
    assert missing == []
    assert _template_ids() <= {message.id for message in catalog if message.id}


def test_every_enabled_language_has_a_catalogue_with_the_same_placeholders():
    for language in UI_LANGUAGES:
        for message in _catalog(language):
            strings = [message.string] if isinstance(message.string, str) else message.string
            if message.id and any(strings):
                source = message.id if isinstance(message.id, str) else message.id[0]
                target = strings[0]
                assert sorted(_placeholders(source)) == sorted(_placeholders(target)), (
                    language,
                    message.id,
                )


def _placeholders(text):
    import re

    return re.findall(r"%\(\w+\)s", text)


def test_default_language_is_french(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in page


def test_browser_preference_is_followed(client):
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page
    assert "Your voice for the Cité éducative" in page


def test_lang_parameter_wins_and_is_remembered(client):
    page = client.get("/?lang=ar", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    again = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in again


def test_unknown_language_is_ignored(client):
    page = client.get("/?lang=xx").get_data(as_text=True)
    assert '<html lang="fr"' in page


def test_languages_are_offered_in_their_own_script(client):
    page = client.get("/").get_data(as_text=True)
    for name in ("العربية", "Türkçe", "Українська", "Română", "Português", "Español", "English"):
        assert name in page


def test_a_string_missing_in_a_language_falls_back_to_french_not_english(app, client):
    # "Staff login" is a back-office string, deliberately not translated into Turkish.
    turkish = {m.id: m.string for m in _catalog("tr") if m.id}
    assert not turkish.get("Staff login")
    french = {m.id: m.string for m in _catalog("fr") if m.id}["Staff login"]
    page = client.get("/?lang=tr").get_data(as_text=True)
    assert '<html lang="tr"' in page
    assert french in page
    assert ">Staff login<" not in page


def test_back_office_speaks_french_or_english_only(client):
    client.get("/?lang=ar")
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in page
    page = client.get("/login?lang=en").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page


def test_every_staff_page_offers_the_back_office_languages(app):
    from consult.core.i18n import BACK_OFFICE_BLUEPRINTS

    # The kiosk is the families' tablet: it offers their languages.
    staff_blueprints = {
        rule.endpoint.split(".")[0]
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/admin") and not rule.endpoint.startswith("kiosk.")
    }
    assert staff_blueprints - BACK_OFFICE_BLUEPRINTS == set()


def test_the_territories_page_offers_french_and_english(client, make_user):
    from consult.accounts.roles import Role
    from tests.conftest import login

    login(client, make_user(role=Role.ADMIN))
    page = client.get("/admin/territories/?lang=ar").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in page
    assert 'hreflang="ar"' not in page


PUBLIC_SOURCES = [
    "templates/base.html",
    "templates/core/_language_switcher.html",
    "templates/core/home.html",
    "templates/core/error.html",
    "templates/core/privacy.html",
    "templates/core/privacy_children.html",
    "templates/respond/*.html",
    "consult/core/errors.py",
    "consult/consultation/respond_forms.py",
    "consult/consultation/public.py",
    # What a family reads on a facilitator's tablet or on a paper form.
    "templates/outreach/kiosk.html",
    "templates/outreach/paper_print.html",
    "consult/outreach/kiosk.py",
]
# Deliberately left to the French fallback on public pages: a link meant for staff.
# Shown on family pages to staff only: the login link, and the way back from a preview.
STAFF_ONLY = {"Staff login", "Back to the consultation"}


PUBLIC_KEYWORDS = {
    "_": None,
    "_l": None,
    "gettext": None,
    "ngettext": (1, 2),
    # Children and young people are told "tu": the same id in the context "informal"/"young".
    "pgettext": ((1, "c"), 2),
    "lazy_pgettext": ((1, "c"), 2),
    "lazy_ngettext": (1, 2),
    "npgettext": ((1, "c"), 2, 3),
    "lazy_npgettext": ((1, "c"), 2, 3),
}


def public_messages():
    """(context, message id) of every string a family may read."""
    from babel.messages.extract import extract_from_file

    root = TRANSLATIONS.parent
    messages = set()
    for pattern in PUBLIC_SOURCES:
        for path in sorted(root.glob(pattern)):
            method = "python" if path.suffix == ".py" else "jinja2"
            for _lineno, message, _comments, context in extract_from_file(
                method, str(path), keywords=PUBLIC_KEYWORDS
            ):
                message_id = message if isinstance(message, str) else message[0]
                if message_id not in STAFF_ONLY:
                    messages.add((context, message_id))
    return messages


def _public_message_ids():
    """The message ids of every string a family may read, whatever their context."""
    return {message_id for _context, message_id in public_messages()}


def test_every_public_string_is_translated_in_every_language():
    public = public_messages()
    assert len(public) > 50
    assert any(context == "informal" for context, _id in public)
    for language in UI_LANGUAGES:
        if language == "en":
            continue
        translated = {
            (m.context, m.id if isinstance(m.id, str) else m.id[0])
            for m in _catalog(language)
            if m.id and m.string and not m.fuzzy
        }
        assert sorted(public - translated, key=str) == [], language


def test_chinese_and_dari_follow_the_phone_and_say_so_in_bcp_47(client):
    chinese = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert '<html lang="zh-Hans" dir="ltr">' in chinese.get_data(as_text=True)
    for asked in ("fa-AF,fa;q=0.9", "prs", "prs-AF, en;q=0.1"):
        page = client.get("/", headers={"Accept-Language": asked}).get_data(as_text=True)
        assert '<html lang="fa-AF" dir="rtl">' in page, asked
    # Each language is offered under its own name, with the tag a browser understands.
    assert 'hreflang="zh-Hans"' in page and "简体中文" in page
    assert 'lang="fa-AF"' in page and "دری" in page


def test_a_dari_link_keeps_the_apps_own_code(client):
    page = client.get("/?lang=fa_AF").get_data(as_text=True)
    assert '<html lang="fa-AF" dir="rtl">' in page
    assert "?lang=zh" in page
