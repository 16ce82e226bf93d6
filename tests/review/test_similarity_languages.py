"""Suggestions share keywords within one language, including Chinese, written without
spaces between words."""

from consult.review.similarity import keywords


def test_chinese_answers_share_their_two_character_words():
    homework = keywords("希望学校多一些作业辅导。")
    assert {"学校", "作业", "辅导"} <= homework
    assert {"作业", "辅导"} <= keywords("作业辅导不够") & homework
    assert not keywords("公园太少") & homework


def test_other_languages_keep_their_word_stems():
    assert keywords("Les devoirs du soir") >= {"devoir", "soir"}
    assert "مکتب" in keywords("مکتب خیلی دور است")
