"""Which existing SWOT items a new contribution probably supports: shared meaningful words,
so a coordinator sees why each one is suggested."""

import re
import unicodedata

STOPWORDS = frozenset(
    {
        "a",
        "and",
        "are",
        "as",
        "at",
        "au",
        "aussi",
        "aux",
        "avec",
        "be",
        "bien",
        "c",
        "car",
        "ce",
        "cela",
        "ces",
        "cet",
        "cette",
        "comme",
        "d",
        "dans",
        "de",
        "des",
        "donc",
        "du",
        "elle",
        "en",
        "est",
        "et",
        "exemple",
        "faire",
        "fait",
        "for",
        "il",
        "illustratif",
        "ils",
        "in",
        "is",
        "it",
        "j",
        "je",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "m",
        "ma",
        "mais",
        "me",
        "mes",
        "moi",
        "mon",
        "n",
        "ne",
        "nos",
        "not",
        "notre",
        "nous",
        "of",
        "on",
        "or",
        "ou",
        "où",
        "par",
        "pas",
        "peu",
        "plus",
        "pour",
        "qu",
        "quand",
        "que",
        "qui",
        "s",
        "sa",
        "sans",
        "se",
        "ses",
        "si",
        "son",
        "sont",
        "sous",
        "sur",
        "t",
        "ta",
        "te",
        "tes",
        "that",
        "the",
        "this",
        "to",
        "toi",
        "ton",
        "tous",
        "tout",
        "toute",
        "toutes",
        "trop",
        "très",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "with",
        "y",
        "à",
        "ça",
        "être",
    }
)
WORD = re.compile(r"\w+", re.UNICODE)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Chinese writes words without spaces: a run of characters is read as its pairs, as most
# Chinese words are two characters ("学校" school, "作业" homework).
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def keywords(text: str) -> set[str]:
    """Meaningful word stems: lowercase, accents folded, stop words and short words removed,
    crude plural stripping so "devoirs" meets "devoir"; Chinese as pairs of characters."""
    words = set()
    for run in HAN_RUN.findall(text or ""):
        words.update(run[index : index + 2] for index in range(len(run) - 1))
    for word in WORD.findall(_fold(HAN_RUN.sub(" ", text or ""))):
        if len(word) < 4 or word in STOPWORDS or word.isdigit():
            continue
        words.add(word[:-1] if word.endswith(("s", "x")) and len(word) > 4 else word)
    return words


def suggest(text: str, items, limit: int = 5) -> list[tuple[object, float, list[str]]]:
    """(item, score, shared words), best first; score is the Jaccard overlap of keywords."""
    source = keywords(text)
    if not source:
        return []
    scored = []
    for item in items:
        target = keywords(item.statement)
        shared = source & target
        if shared:
            scored.append((item, len(shared) / len(source | target), sorted(shared)))
    scored.sort(key=lambda entry: (-entry[1], entry[0].id))
    return scored[:limit]
