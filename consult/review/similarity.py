"""Which existing SWOT items a contribution probably supports, and which items a typed search
finds: shared word stems in the text's own language (Snowball), so a coordinator sees why each
one is suggested ("enseignant" and "enseignante" share "enseign")."""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import snowballstemmer

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
# The public languages Snowball has an algorithm for; Ukrainian has none, its words are
# compared whole.
SNOWBALL = {
    "fr": "french",
    "en": "english",
    "ar": "arabic",
    "tr": "turkish",
    "pt": "portuguese",
    "es": "spanish",
    "ro": "romanian",
}
# Answers closer than this (shared stems over all their stems) are shown as one group.
GROUPING_OVERLAP = 0.3


@cache
def _stemmer(language: str):
    algorithm = SNOWBALL.get(language)
    return snowballstemmer.stemmer(algorithm) if algorithm else None


# Snowball in pure Python takes a fraction of a millisecond a word; the same words come back
# on every page of the queue and in every item, so each is stemmed once per process.
@lru_cache(maxsize=100_000)
def _stem(word: str, language: str) -> str:
    stemmer = _stemmer(language)
    return _fold(stemmer.stemWord(word)) if stemmer else _fold(word)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Chinese writes words without spaces: a run of characters is read as its pairs, as most
# Chinese words are two characters ("学校" school, "作业" homework).
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def stems(text: str, language: str = "fr") -> dict[str, set[str]]:
    """Meaningful words by stem: lowercase, stop words and short words left out, each word
    stemmed in ``language``; the accents are folded after stemming (the stemmer reads them).
    Chinese is read as pairs of characters, whatever ``language`` says."""
    found: dict[str, set[str]] = {}
    for run in HAN_RUN.findall(text or ""):
        for index in range(len(run) - 1):
            pair = run[index : index + 2]
            found.setdefault(pair, set()).add(pair)
    for word in WORD.findall(HAN_RUN.sub(" ", text or "").lower()):
        folded = _fold(word)
        if len(folded) < 4 or folded in STOPWORDS or folded.isdigit():
            continue
        found.setdefault(_stem(word, language), set()).add(word)
    return found


def keywords(text: str, language: str = "fr") -> set[str]:
    return set(stems(text, language))


@dataclass
class Match:
    """An item and why it is offered: the stems it shares, with the words on each side."""

    item: object
    score: float
    # (stem, words of the answer or search, words of the item)
    reasons: list[tuple[str, list[str], list[str]]]

    @property
    def shared(self) -> list[str]:
        return [stem for stem, _, _ in self.reasons]


def _reasons(source: dict, target: dict, pairs) -> list[tuple[str, list[str], list[str]]]:
    return [
        (stem, sorted(source[query_stem]), sorted(target[stem]))
        for query_stem, stem in sorted(pairs, key=lambda pair: pair[1])
    ]


def suggest(text: str, items, language: str = "fr", limit: int = 5) -> list[Match]:
    """Items sharing stems with an answer, best first; the score is the Jaccard overlap."""
    source = stems(text, language)
    if not source:
        return []
    scored = []
    for item in items:
        target = stems(item.statement, language)
        shared = set(source) & set(target)
        if shared:
            score = len(shared) / len(set(source) | set(target))
            reasons = _reasons(source, target, [(stem, stem) for stem in shared])
            scored.append(Match(item, score, reasons))
    scored.sort(key=lambda match: (-match.score, match.item.id))
    return scored[:limit]


def search(query: str, items, language: str = "fr", limit: int = 30) -> list[Match]:
    """Items matching what a coordinator typed: every typed word must meet a word of the item
    with the same stem, or one it begins (a word being typed, "enseig")."""
    wanted = stems(query, language)
    if not wanted:
        return []
    found = []
    for item in items:
        target = stems(item.statement, language)
        pairs = []
        for stem in wanted:
            if stem in target:
                pairs.append((stem, stem))
            else:
                longer = sorted(other for other in target if other.startswith(stem))
                if not longer:
                    break
                pairs.append((stem, longer[0]))
        else:
            exact = sum(1 for stem, other in pairs if stem == other)
            found.append(Match(item, exact + len(pairs), _reasons(wanted, target, pairs)))
    found.sort(key=lambda match: (-match.score, match.item.id))
    return found[:limit]


def group_similar(entries, threshold: float = GROUPING_OVERLAP) -> list[tuple[list, list[str]]]:
    """Entries (object, text, language) in groups of close answers, each group with the stems
    its members share; the first entry of a group keeps its place in the list."""
    groups: list[tuple[list, set[str], str]] = []
    for entry, text, language in entries:
        words = keywords(text, language)
        for members, common, group_language in groups:
            if group_language != language or not words or not common:
                continue
            if len(words & common) / len(words | common) >= threshold:
                members.append(entry)
                common &= words
                break
        else:
            groups.append(([entry], set(words), language))
    return [(members, sorted(common) if len(members) > 1 else []) for members, common, _ in groups]
