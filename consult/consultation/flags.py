"""Likely personal data and insults in free text, flagged on arrival for the moderators.

Simple rules, explainable to a coordinator; they flag, they never delete. A flag only asks a
person to look: a false alarm costs a glance, a miss can put a child's name on a poster, so
the rules lean towards flagging.
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

# Words after which a person is usually named, in the languages the forms speak: "my son",
# "Mrs", "the teacher", "my name is". A capitalised word after one of them is taken for a
# name (scripts without capitals: any word but a few everyday ones, see below).
NAME_CUES = (
    # French
    r"je m[’']appelle|mon nom est|il s[’']appelle|elle s[’']appelle|s[’']appelle|"
    r"mon fils|ma fille|mon enfant|mon fr[èe]re|ma s(?:œ|oe)ur|mon mari|ma femme|mon neveu|"
    r"ma ni[èe]ce|mon petit-fils|ma petite-fille|madame|monsieur|mademoiselle|mme\.?|mlle\.?|"
    r"m\.|ma[îi]tresse|ma[îi]tre|professeure?|prof|directrice|directeur|docteure?|dr\.?|"
    # English
    r"my name is|i am called|i'm called|my son|my daughter|my child|my kid|mr\.?|mrs\.?|ms\.?|"
    r"miss|teacher|"
    # Spanish and Portuguese
    r"me llamo|mi nombre es|se llama|mi hijo|mi hija|señora|señor|sra\.?|sr\.?|"
    r"profesora?|maestra|maestro|meu nome é|chamo-me|eu me chamo|se chama|meu filho|"
    r"minha filha|senhora|senhor|professora|"
    # Romanian
    r"mă numesc|numele meu este|se numește|fiul meu|fiica mea|doamna|domnul|dna\.?|dl\.?|"
    r"doamna profesoară|învățătoarea|"
    # Turkish (a title may also follow the name: "Ayşe Hanım", see below)
    r"benim adım|adım|oğlum|kızım|öğretmen|"
    # Ukrainian
    r"мене звати|моє ім[’']я|мій син|моя донька|моя дочка|пані|пан|вчителька|вчитель"
)
NAME_AFTER_CUE = re.compile(
    rf"(?<!\w)(?:{NAME_CUES})(?:(?<=\.)|(?!\w))\s*(?:,|:|qui|who|que)?\s*(?:s[’']appelle\s+)?"
    r"(?P<name>[^\W\d_][\w’'-]*)",
    re.IGNORECASE,
)
# Turkish puts the title after the name.
NAME_BEFORE_TITLE = re.compile(r"(?P<name>[^\W\d_][\w’'-]*)\s+(?i:hanım|bey|hoca)\b")
# Arabic script has no capitals: the word after the cue is flagged unless it is one of the
# everyday words that follow "my son" in a sentence ("my son is in ...", "my son likes ...").
ARABIC_NAME_CUES = re.compile(
    r"(?:اسمي|إسمي|اسمه|اسمها|يدعى|تدعى|ابني|إبني|ابنتي|إبنتي|السيد|السيدة|الأستاذ|الأستاذة|"
    r"الاستاذ|الاستاذة|المعلم|المعلمة|مدام)\s+(?P<name>[\u0621-\u064a]+)"
)
ARABIC_EVERYDAY = frozenset(
    [
        "في",
        "لا",
        "لم",
        "لن",
        "و",
        "من",
        "مع",
        "عند",
        "عنده",
        "عندها",
        "كان",
        "كانت",
        "يحب",
        "تحب",
        "يذهب",
        "تذهب",
        "يدرس",
        "تدرس",
        "هو",
        "هي",
        "الذي",
        "التي",
        "ليس",
        "ليست",
        "يريد",
        "تريد",
        "صغير",
        "صغيرة",
        "كبير",
        "كبيرة",
    ]
)
# Dari (Persian letters: the Arabic range lacks پ چ ژ ک گ ی): "my son", "my name is", "Mr",
# "Mrs", "the teacher" before a word that is not an everyday one nor a verb (می-, نمی-).
PERSIAN_LETTERS = "\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc"
DARI_NAME_CUES = re.compile(
    r"(?<![" + PERSIAN_LETTERS + r"])(?:اسمم|اسم من|نامم|نام من|پسرم|دخترم|طفلم|فرزندم|آقای|آقا|"
    r"خانم|معلم|استاد)\s+(?:(?:است|هست)\s+)?(?P<name>[" + PERSIAN_LETTERS + r"]+)"
)
DARI_EVERYDAY = frozenset(
    [
        "در",
        "به",
        "از",
        "با",
        "را",
        "که",
        "و",
        "هم",
        "هر",
        "خیلی",
        "بسیار",
        "همیشه",
        "هنوز",
        "دیگر",
        "مکتب",
        "صنف",
        "درس",
        "کار",
        "خانه",
        "دوست",
        "مشکل",
        "کمک",
        "خوب",
        "بد",
        "کلان",
        "خورد",
        "امسال",
        "حالا",
        "است",
        "هست",
        "نیست",
        "بود",
        "باید",
        "ما",
        "شما",
        "او",
        "آن",
        "این",
        "یک",
        "دو",
        "سه",
        "چند",
        "ها",
        "ای",
        "اول",
        "دوم",
        "سوم",
        "مهربان",
    ]
)
# Chinese: no capitals and no spaces. A name follows "I am called", "my name is"; "my son"
# or "my daughter" is followed by a name unless by an everyday word; a common surname
# before a title ("王老师", "李女士") is a person.
CHINESE_NAME_CUES = re.compile(
    r"(?:我叫|我的名字(?:是|叫)|名字叫|他叫|她叫|名叫|我(?:的)?(?:儿子|女儿|孩子))"
    r"[，,：:\s]*(?P<name>[\u4e00-\u9fff]{2,3})"
)
CHINESE_EVERYDAY_START = frozenset(
    "喜在是不很有要想去上也都和说没的会能已今现每觉需学太经一特非比还就才得对跟被把从用让爱最总常刚正今"
)
CHINESE_SURNAME_TITLE = re.compile(
    r"(?P<name>[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    r"苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱"
    r"严覃武戴莫孔向汤][\u4e00-\u9fff]?)(?:老师|先生|女士|小姐|校长|医生|阿姨|叔叔)"
)
# Capitalised words that start a sentence or a place, not a person.
NOT_NAMES = frozenset(
    [
        "le",
        "la",
        "les",
        "il",
        "elle",
        "ils",
        "elles",
        "un",
        "une",
        "des",
        "du",
        "de",
        "est",
        "a",
        "et",
        "ou",
        "mais",
        "qui",
        "que",
        "nous",
        "vous",
        "on",
        "the",
        "a",
        "an",
        "is",
        "and",
        "or",
        "but",
        "who",
        "my",
        "his",
        "her",
        "he",
        "she",
        "it",
        "they",
        "we",
        "you",
        "this",
        "that",
        "el",
        "los",
        "las",
        "es",
        "y",
        "o",
        "pero",
        "su",
        "un",
        "una",
        "o",
        "os",
        "as",
        "é",
        "e",
        "um",
        "uma",
        "un",
        "o",
        "este",
        "și",
        "dar",
        "bir",
        "ve",
        "ama",
        "bu",
        "şu",
        "він",
        "вона",
        "це",
        "і",
        "та",
        "але",
        "école",
        "collège",
        "lycée",
        "mairie",
        "caf",
    ]
)


def _name_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in NAME_AFTER_CUE.finditer(text):
        name = match.group("name")
        if name[0].isupper() and name.casefold() not in NOT_NAMES:
            spans.append((match.start(), match.end()))
    for match in NAME_BEFORE_TITLE.finditer(text):
        name = match.group("name")
        if name[0].isupper() and name.casefold() not in NOT_NAMES:
            spans.append((match.start(), match.end()))
    for match in ARABIC_NAME_CUES.finditer(text):
        name = match.group("name")
        bare = name[2:] if name.startswith("ال") and len(name) > 4 else name
        if name not in ARABIC_EVERYDAY and bare not in ARABIC_EVERYDAY:
            spans.append((match.start(), match.end()))
    for match in DARI_NAME_CUES.finditer(text):
        name = match.group("name")
        if name not in DARI_EVERYDAY and not name.startswith(("می", "نمی")):
            spans.append((match.start(), match.end()))
    for match in CHINESE_NAME_CUES.finditer(text):
        if match.group("name")[0] not in CHINESE_EVERYDAY_START:
            spans.append((match.start(), match.end()))
    spans.extend((match.start(), match.end()) for match in CHINESE_SURNAME_TITLE.finditer(text))
    return spans


# Insults with their feminine and plural forms, per language.
INSULTS = re.compile(
    r"(?<!\w)(?:"
    # French
    r"conn(?:ard|arde|asse)s?|salopes?|salauds?|putes?|encul[ée]e?s?|b[âa]tarde?s?|niqu\w*|"
    r"ntm|fdp|idiote?s?|imb[ée]ciles?|cr[ée]tine?s?|d[ée]biles?|abrutie?s?|merdes?|"
    r"merdeu(?:x|se|ses)|bouffone?s?|"
    # English
    r"fuck\w*|bitch(?:es)?|assholes?|shit\w*|bastards?|morons?|idiots?|dickheads?|"
    # Spanish
    r"putas?|putos?|cabr[óo]n(?:a|es|as)?|gilipollas|imb[ée]ciles?|idiotas?|pendej[oa]s?|"
    r"mierdas?|"
    # Portuguese
    r"caralho|porra|ot[áa]ri[oa]s?|babacas?|merdas?|"
    # Romanian
    r"dracu\w*|prost(?:ul|ule|ii|ilor|i|ă|oaca|oacă)?|proșt(?:i|ii|ilor)|proast[ăae]|pul[ăa]|muie|"
    r"cretin(?:ul|ule|i|ii|ă)?|"
    # Turkish
    r"siktir\w*|orospu\w*|aptal\w*|salak\w*|gerizekal[ıi]\w*|şerefsiz\w*|piç\w*|"
    # Ukrainian
    r"сук[аиоуі]|бляд\w*|дур(?:ень|ні|на|епа|ню)|ідіот\w*|придур\w*|мудак\w*|"
    # Arabic
    r"حمار|حمير|حمارة|كلب|كلاب|كلبة|غبي|غبية|أغبياء|حقير|حقيرة|حقراء|وسخ|وسخة|"
    # Dari (with or without the non-joiner: "بی‌شرف", "بیشرف")
    r"احمق(?:\u200c?ها)?|احمقان|الاغ(?:\u200c?ها)?|خر(?:\u200c?ها)?|بی\u200c?شرف(?:\u200c?ها)?|"
    r"بی\u200c?شعور(?:\u200c?ها)?|کثافت|لعنتی|حرامزاده|پدرسوخته|پدرسگ|کودن|گمشو"
    r")(?!\w)|"
    # Chinese runs words together: no boundary to look for.
    r"傻逼|傻瓜|笨蛋|白痴|混蛋|王八蛋|他妈的|蠢货|废物|贱人|去死",
    re.IGNORECASE,
)


def _pattern_spans(pattern):
    return lambda text: [(match.start(), match.end()) for match in pattern.finditer(text)]


DETECTORS = {
    "email": _pattern_spans(EMAIL),
    "phone": _pattern_spans(PHONE),
    "address": _pattern_spans(STREET),
    "name": _name_spans,
    "insult": _pattern_spans(INSULTS),
}


def flags_for(text: str | None) -> list[str]:
    if not text:
        return []
    return [flag for flag, detect in DETECTORS.items() if detect(text)]


def spans_for(text: str) -> list[tuple[int, int, str]]:
    """Where each flagged piece is, so a coordinator sees why and can redact it."""
    spans = []
    for flag, detect in DETECTORS.items():
        spans.extend((start, end, flag) for start, end in detect(text))
    return sorted(spans)
