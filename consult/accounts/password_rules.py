"""What a staff password must be: long, not common, not built from the account's e-mail.

Length alone is not enough: "motdepasse2024!" is 15 characters and among the first guesses
of any attacker. A password is refused when, once lowercased, stripped of the digits and
symbols people add at its ends and read through common letter swaps (@ for a, 0 for o...),
it is in the shipped list of frequent passwords, a run of digits or letters, one short
pattern repeated, or contains the e-mail's name. It is refused too when it is made of the
words an attacker tries first against this site (the app's own: "cité éducative",
"consult"; the territory's name and short name; the person's name) with little else: fewer
than MIN_OWN_LETTERS letters of its own once those words are taken out ("Consult2024!!",
"citeeducative2024"), while a passphrase that merely contains one of them passes.
"""

import re
import unicodedata
from functools import cache
from itertools import pairwise
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import ngettext

MIN_PASSWORD_LENGTH = 12
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")
# Parts of an e-mail's name shorter than this are too ordinary to refuse ("jo", "li").
MIN_NAME_PART = 3
MIN_FORM_LENGTH = 4
LEET = str.maketrans(
    {
        "@": "a",
        "4": "a",
        "0": "o",
        "1": "i",
        "!": "i",
        "3": "e",
        "$": "s",
        "5": "s",
        "7": "t",
        "+": "t",
        "8": "b",
        "9": "g",
    }
)
ENDS = re.compile(r"^[\W\d_]+|[\W\d_]+$")
SEPARATORS = re.compile(r"[\s._\-]+")
NAME_SEPARATORS = re.compile(r"[._\-+]+")
# The site's own words, in every spelling people type them (accents are dropped first).
APP_WORDS = ("cite", "cites", "educative", "educatives", "education", "consult", "consultation")
MIN_CONTEXT_WORD = 4
MIN_OWN_LETTERS = 6


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _candidate_forms(password: str) -> set[str]:
    """The password as an attacker's list would spell it."""
    lowered = password.lower()
    forms = {lowered, SEPARATORS.sub("", lowered)}
    for form in list(forms):
        core = ENDS.sub("", form)
        forms.update({core, core.translate(LEET), form.translate(LEET)})
    # Too short a remainder says nothing ("ab" of "ab!!!!!!!!!!"); the whole password is kept.
    return {form for form in forms if len(form) >= MIN_FORM_LENGTH} | {lowered}


def _is_run(text: str) -> bool:
    """Each character one step after (or before) the previous one: 123456789012, abcdefgh."""
    if len(text) < 2:
        return False
    steps = set()
    for previous, current in pairwise(text):
        if previous.isdigit() and current.isdigit():
            steps.add((int(current) - int(previous)) % 10)
        else:
            steps.add(ord(current) - ord(previous))
    return steps in ({1}, {9}, {-1})


def _is_repeated_pattern(text: str) -> bool:
    return re.fullmatch(r"(.+?)\1+", text) is not None


def _email_name_parts(email: str | None) -> list[str]:
    if not email or "@" not in email:
        return []
    name = email.strip().lower().split("@", 1)[0]
    parts = [name, *NAME_SEPARATORS.split(name)]
    return [part for part in parts if len(part) >= MIN_NAME_PART]


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def context_words(*texts: str) -> list[str]:
    """The words of names (a territory's, a person's, a slug) worth refusing, longest first."""
    words = set(APP_WORDS)
    for text in texts:
        words.update(
            word
            for word in re.split(r"[^a-z0-9]+", _plain(text or ""))
            if len(word) >= MIN_CONTEXT_WORD
        )
    return sorted(words, key=len, reverse=True)


def _own_letters(form: str, words: list[str]) -> int | None:
    """Letters left once the words are taken out; None when none of them is there."""
    found = False
    for word in words:
        found = found or word in form
        form = form.replace(word, "")
    return len(re.sub(r"[^a-z]", "", form)) if found else None


def _made_of_context_words(password: str, context: tuple[str, ...]) -> bool:
    words = context_words(*context)
    plain = SEPARATORS.sub("", _plain(password))
    core = ENDS.sub("", plain)
    left = [_own_letters(plain, words), _own_letters(core.translate(LEET), words)]
    return any(count is not None and count < MIN_OWN_LETTERS for count in left)


def password_problem(
    password: str, email: str | None = None, context: tuple[str, ...] = ()
) -> str | None:
    """Why this password is refused, in the user's language; None when it is acceptable.

    ``context``: the names an attacker of this account would try (territories, the person's
    name), besides the app's own words."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return ngettext(
            "The password must have at least %(num)s character.",
            "The password must have at least %(num)s characters.",
            MIN_PASSWORD_LENGTH,
        )
    lowered = password.lower()
    if len(set(lowered)) == 1:
        return _("The password must not be one character repeated.")
    if any(part in lowered for part in _email_name_parts(email)):
        return _("The password must not contain the name of the e-mail address.")
    if _made_of_context_words(password, context):
        return _(
            "The password must not be made of this site's words (Cité éducative, Consult, "
            "the territory's or your name). Add a few unrelated words."
        )
    forms = _candidate_forms(password)
    listed = common_passwords()
    if any(form in listed or _is_run(form) or _is_repeated_pattern(form) for form in forms):
        return _(
            "This password is among the first ones an attacker tries. "
            "Choose a few unrelated words instead."
        )
    return None
