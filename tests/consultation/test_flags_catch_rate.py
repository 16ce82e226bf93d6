"""How much personal data and how many insults the arrival flags catch, per language.

The phrasings are the ways parents and young people actually name someone in a free-text
answer. The catch rate is reported in docs/privacy.md; the test keeps it from falling, and
keeps everyday sentences from being flagged (a queue where everything is flagged is a queue
where nothing is read).
"""

import pytest

from consult.consultation.flags import flags_for

PERSONAL = {
    "fr": [
        "Mon fils Kevin Dupont est en CE2 et il a du mal en lecture.",
        "Ma fille s'appelle Inès, elle adore la cantine.",
        "La maîtresse Mme Martin crie trop sur les enfants.",
        "M. Benali le directeur ne répond jamais.",
        "Je m'appelle Fatou et je veux un club de foot.",
        "Mon fils, Yanis, se fait embêter à la récré.",
        "Appelez-moi au 06 12 34 56 78 pour en parler.",
        "Mon mail : parent.ecole@example.fr",
        "J'habite au 12 rue des Lilas, il n'y a pas de parc.",
        "Le prof Durand est super.",
    ],
    "en": [
        "My son Tom is bullied at school.",
        "My name is Sarah and I want more sport.",
        "Mrs Johnson is the best teacher.",
        "Call me on 07700 900123.",
    ],
    "es": [
        "Mi hijo Carlos no tiene amigos en el colegio.",
        "Me llamo Lucía y quiero aprender música.",
        "La señora García ayuda mucho.",
    ],
    "pt": [
        "Meu filho João precisa de ajuda com o francês.",
        "A minha filha, Ana, gosta muito da escola.",
        "Eu me chamo Rita.",
    ],
    "ro": [
        "Fiul meu Andrei nu are loc la grădiniță.",
        "Mă numesc Ioana și vreau cursuri de franceză.",
        "Doamna Popescu este foarte bună.",
    ],
    "tr": [
        "Oğlum Emre okulda çok yalnız.",
        "Benim adım Ayşe, kurs istiyorum.",
        "Fatma Hanım çok yardımcı oldu.",
    ],
    "uk": [
        "Мій син Андрій не розуміє французьку.",
        "Мене звати Олена, я хочу курси мови.",
        "Пані Коваленко дуже допомагає.",
    ],
    "ar": [
        "ابني محمد لا يفهم الدروس.",
        "اسمي فاطمة وأريد دروسا في اللغة.",
        "الأستاذة سعاد ممتازة.",
        "ابنتي مريم تحب المدرسة.",
    ],
    "zh": [
        "我儿子小明在学校被欺负。",
        "我叫李娜，我想学画画。",
        "王老师对孩子很好。",
        "我的女儿王芳喜欢音乐。",
    ],
    "fa_AF": [
        "پسرم احمد در مکتب مشکل دارد.",
        "اسم من فریبا است و کورس زبان می‌خواهم.",
        "خانم احمدی خیلی کمک می‌کند.",
        "دخترم مریم مکتب را دوست دارد.",
    ],
}
INSULTING = {
    "fr": ["Les animateurs sont des connards.", "Quelle connasse cette dame.", "Bande d'abrutis"],
    "en": ["They are idiots.", "fucking useless"],
    "es": ["Son unos cabrones.", "idiotas"],
    "pt": ["São uns otários."],
    "ro": ["Sunt niște proști."],
    "tr": ["Hepsi aptal."],
    "uk": ["Вони ідіоти."],
    "ar": ["إنهم حمير.", "المدير غبي."],
    "zh": ["他们都是笨蛋。", "这个老师是个白痴"],
    "fa_AF": ["آن‌ها احمق هستند.", "مدیر بی‌شرف است."],
}
EVERYDAY = [
    "Il faudrait plus d'activités le mercredi.",
    "Mon fils aime le foot et la musique.",
    "Ma fille a besoin d'aide pour les devoirs.",
    "La maîtresse est gentille.",
    "Le collège est loin du quartier.",
    "My son likes the library.",
    "Mi hijo va a la escuela a pie.",
    "Meu filho gosta de ler.",
    "Oğlum okulu seviyor.",
    "Мій син любить школу.",
    "ابني يحب المدرسة كثيرا.",
    "ابنتي في الصف الثالث.",
    "我儿子喜欢学校。",
    "我们的老师很耐心。",
    "پسرم مکتب را دوست دارد.",
    "دخترم در صنف سوم است.",
    "معلم صنف مهربان است.",
    "Nous voulons un parc et une bibliothèque ouverte le samedi.",
    "Les horaires de la cantine ne conviennent pas aux parents qui travaillent.",
]


def _rate(samples: dict, flag: str) -> tuple[int, int, list[str]]:
    texts = [text for phrasings in samples.values() for text in phrasings]
    missed = [text for text in texts if flag not in flags_for(text) and not _any_personal(text)]
    return len(texts) - len(missed), len(texts), missed


def _any_personal(text: str) -> bool:
    return bool(set(flags_for(text)) & {"name", "email", "phone", "address"})


def test_personal_data_is_caught_in_every_language():
    caught, total, missed = _rate(PERSONAL, "name")
    # Reported in docs/privacy.md: every phrasing of this list is caught today.
    assert caught == total, missed


@pytest.mark.parametrize("language", sorted(INSULTING))
def test_insults_with_their_plural_and_feminine_forms(language):
    missed = [text for text in INSULTING[language] if "insult" not in flags_for(text)]
    assert missed == []


def test_everyday_sentences_are_not_flagged():
    flagged = [(text, flags_for(text)) for text in EVERYDAY if flags_for(text)]
    assert flagged == []
