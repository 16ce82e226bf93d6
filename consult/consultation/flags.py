"""Likely personal data and insults in free text, flagged on arrival for the moderators.

Simple patterns, explainable to a coordinator; they flag, they never delete.
"""

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# French numbers (06 12 34 56 78, +33 6 12 34 56 78) and any long run of digits.
PHONE = re.compile(r"(?:\+\d{2,3}[\s.-]?)?(?:\(?0\)?[\s.-]?)?[1-9](?:[\s.-]?\d{2}){4}\b|\b\d{9,}\b")
STREET = re.compile(
    r"\b\d{1,4}\s*(?:bis|ter)?,?\s+(?:rue|avenue|av\.?|boulevard|bd|allée|chemin|impasse|place|"
    r"cours|quai|route|résidence|cité|street|road|calle|rua|strada|sokak|cadde|вулиця)\b",
    re.IGNORECASE,
)
# "My name is ...", in the languages the forms speak.
NAME_INTRODUCTIONS = re.compile(
    r"(?:je m[’']appelle|mon nom est|mon fils s[’']appelle|ma fille s[’']appelle|"
    r"my name is|i am called|me llamo|mi nombre es|meu nome é|chamo-me|eu me chamo|"
    r"mă numesc|numele meu este|benim adım|adım|мене звати|моє ім[’']я|اسمي|إسمي)\s+\S+",
    re.IGNORECASE,
)
INSULTS = re.compile(
    r"\b(?:connard|connasse|salope|pute|enculé|encule|batard|bâtard|nique|ntm|fdp|"
    r"idiot|imbécile|crétin|débile|merde|fuck|bitch|asshole|shit|puta|cabrón|gilipollas|"
    r"caralho|porra|dracu|prost|pula|siktir|orospu|aptal|сука|блядь|дурень|حمار|كلب)\b",
    re.IGNORECASE,
)

PATTERNS = {
    "email": EMAIL,
    "phone": PHONE,
    "address": STREET,
    "name": NAME_INTRODUCTIONS,
    "insult": INSULTS,
}


def flags_for(text: str | None) -> list[str]:
    if not text:
        return []
    return [flag for flag, pattern in PATTERNS.items() if pattern.search(text)]


def spans_for(text: str) -> list[tuple[int, int, str]]:
    """Where each flagged piece is, so a coordinator sees why and can redact it."""
    spans = []
    for flag, pattern in PATTERNS.items():
        spans.extend((match.start(), match.end(), flag) for match in pattern.finditer(text))
    return sorted(spans)
