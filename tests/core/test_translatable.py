from consult.core.translatable import clean_translations, translated


def test_the_asked_language_wins():
    assert translated({"fr": "Bonjour", "ar": "مرحبا"}, "ar") == "مرحبا"


def test_a_missing_language_falls_back_to_french():
    assert translated({"fr": "Bonjour", "en": "Hello"}, "tr") == "Bonjour"


def test_a_blank_translation_never_hides_the_french():
    assert translated({"fr": "Bonjour", "ar": ""}, "ar") == "Bonjour"
    assert clean_translations({"fr": " Bonjour ", "ar": "   ", "en": None}) == {"fr": "Bonjour"}


def test_without_french_any_text_is_better_than_blank():
    assert translated({"en": "Hello"}, "ar") == "Hello"
    assert translated({}, "fr") == ""
