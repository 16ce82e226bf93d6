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


def test_direction_overrides_and_isolates_are_removed_but_arabic_marks_kept():
    from consult.core.translatable import clean_text, without_controls

    disguised = "\u202etxt.exe\u202c \u2066a\u2069\u2067b\u2068c\u2069 \u202a\u202b\u202dd"
    assert clean_text(disguised) == "txt.exe abc d"
    # RLM, LRM, the Arabic letter mark, ZWNJ (Persian) and ZWJ stay: writers put them there.
    kept = "\u200fمرحبا\u200e 12 \u061cنامه\u200cها \u200d"
    assert without_controls(kept) == kept.strip()
