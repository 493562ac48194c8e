"""Tests for flashcards.text.cloze: blanked and marked-up sentences."""

from flashcards.text.cloze import blank, cloze_markup, used_form

POACHED = "He co founded OpenAI back in 2015 and 2017, he was poached by Elon."
CO_DESIGN = "Together with the co design of the hardware and how that might evolve."


def test_blank_inflected_form() -> None:
    assert blank(POACHED, "poach", "verb") == (
        "He co founded OpenAI back in 2015 and 2017, he was _____ by Elon."
    )


def test_blank_every_use_with_custom_mask() -> None:
    sentence = "It's quite autonomous, but not fully autonomous."
    assert blank(sentence, "autonomous", "adjective", mask="[...]") == (
        "It's quite [...], but not fully [...]."
    )


def test_blank_multi_token_use() -> None:
    assert blank(CO_DESIGN, "co-design", "verb") == (
        "Together with the _____ of the hardware and how that might evolve."
    )


def test_no_blank_no_cloze() -> None:
    sentence = "With agi being such a magnifier of power."
    assert blank(sentence, "amplifier", "noun") is None
    assert cloze_markup(sentence, "amplifier", "noun", lambda s: f"<{s}>") is None
    assert used_form(sentence, "amplifier", "noun") is None


def test_cloze_markup_for_anki_keeps_the_rest() -> None:
    sentence = "Poaching <b>talent</b>? He was poached & moved."
    assert cloze_markup(sentence, "poach", "verb", lambda s: "{{c1::" + s + "}}") == (
        "{{c1::Poaching}} <b>talent</b>? He was {{c1::poached}} & moved."
    )


def test_used_form() -> None:
    assert used_form(POACHED, "poach", "verb") == "poached"
    assert used_form(CO_DESIGN, "co-design", "verb") == "co design"
    assert used_form("We carved out a niche.", "carve out", "phrasal verb") == "carved out"
