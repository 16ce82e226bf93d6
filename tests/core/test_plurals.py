"""Where a number meets a noun: every catalogue's plural rule agrees with CLDR, every plural
message has all its forms, and a count picks the right one in every language."""

import gettext
import re
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po
from flask_babel import force_locale, ngettext

from consult.config import UI_LANGUAGES
from tests.core.test_i18n import _public_message_ids

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
NUMBERS = (0, 1, 2, 3, 5, 11, 19, 20, 21, 22, 25, 100, 101, 102, 111)

# Gettext's forms in their order, as CLDR categories. A CLDR category gettext folds into
# another (French "many" is for millions, Ukrainian "other" for fractions) maps to it.
GETTEXT_FORMS = {
    "fr": ("one", "other"),
    "en": ("one", "other"),
    "ar": ("zero", "one", "two", "few", "many", "other"),
    "tr": ("one", "other"),
    "pt": ("one", "other"),
    "es": ("one", "other"),
    "ro": ("one", "few", "other"),
    "uk": ("one", "few", "many"),
    # Chinese nouns do not change after a number: one form.
    "zh": ("other",),
    # Dari (CLDR fa_AF): "one" is 0 and 1.
    "fa_AF": ("one", "other"),
}
FOLDED = {"many": "other", "other": "many"}
# The Portuguese catalogue is European Portuguese ("Anónimo"): 0 takes the plural there,
# while CLDR's plain "pt" is Brazil's rule.
CLDR_LOCALE = {"pt": "pt_PT"}

# A singular-only message with one of these placeholders is a count meeting a noun.
COUNT_PLACEHOLDER = re.compile(r"%\((count|num|people|responses|scans|days|max|target|reached)\)")


def _catalog(language):
    path = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    with open(path, "rb") as handle:
        return read_po(handle, locale=language)


def _template():
    with open(TRANSLATIONS / "messages.pot", "rb") as handle:
        return read_po(handle)


def expected_form(language: str, number: int) -> int:
    forms = GETTEXT_FORMS[language]
    category = Locale.parse(CLDR_LOCALE.get(language, language)).plural_form(number)
    if category not in forms:
        category = FOLDED[category]
    return forms.index(category)


def test_the_enabled_languages_are_all_described_here():
    assert set(UI_LANGUAGES) <= set(GETTEXT_FORMS)


@pytest.mark.parametrize("language", [code for code in UI_LANGUAGES if code != "en"])
def test_each_catalogue_plural_rule_follows_cldr(language):
    catalog = _catalog(language)
    assert catalog.num_plurals == len(GETTEXT_FORMS[language])
    rule = gettext.c2py(catalog.plural_expr)
    chosen = {number: rule(number) for number in NUMBERS}
    assert chosen == {number: expected_form(language, number) for number in NUMBERS}


def test_the_arabic_forms_are_zero_one_two_few_many_other():
    rule = gettext.c2py(_catalog("ar").plural_expr)
    assert [rule(n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 103, 111)] == [
        0,
        1,
        2,
        3,
        3,
        4,
        4,
        5,
        5,
        5,
        3,
        4,
    ]


@pytest.mark.parametrize("language", [code for code in UI_LANGUAGES if code != "en"])
def test_a_plural_message_has_every_form_or_none(language):
    catalog = _catalog(language)
    for message in catalog:
        if not message.pluralizable:
            continue
        assert len(message.string) == catalog.num_plurals, message.id
        filled = [bool(form) for form in message.string]
        if language == "fr":
            assert all(filled), message.id
        else:
            assert all(filled) or not any(filled), (language, message.id)


def test_every_family_plural_is_translated_in_every_form_and_language():
    public = _public_message_ids()
    family_plurals = [m for m in _template() if m.pluralizable and m.id[0] in public]
    assert len(family_plurals) >= 3
    for language in UI_LANGUAGES:
        if language == "en":
            continue
        catalog = _catalog(language)
        for template in family_plurals:
            message = catalog.get(template.id[0])
            assert message is not None and all(message.string), (language, template.id[0])


def test_no_count_meets_a_noun_without_plural_forms():
    singular_counts = [
        message.id
        for message in _template()
        if message.id and not message.pluralizable and COUNT_PLACEHOLDER.search(message.id)
    ]
    assert singular_counts == []


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_a_count_shows_the_form_cldr_gives_it(app, language):
    catalog = _catalog(language)
    for msgid, plural in (
        ("Choose up to %(num)s answer.", "Choose up to %(num)s answers."),
        ("%(num)s person answered. Thank you!", "%(num)s people answered. Thank you!"),
    ):
        forms = (msgid, plural) if language == "en" else catalog.get(msgid).string
        with app.test_request_context(), force_locale(language):
            for number in NUMBERS:
                shown = ngettext(msgid, plural, number)
                assert shown == forms[expected_form(language, number)] % {"num": number}, (
                    language,
                    number,
                )


def test_french_says_one_answer_in_the_singular(app):
    with app.test_request_context(), force_locale("fr"):
        assert ngettext("Choose up to %(num)s answer.", "Choose up to %(num)s answers.", 1) == (
            "Vous pouvez choisir jusqu’à 1 réponse."
        )
        assert ngettext("Choose up to %(num)s answer.", "Choose up to %(num)s answers.", 3) == (
            "Vous pouvez choisir jusqu’à 3 réponses."
        )
