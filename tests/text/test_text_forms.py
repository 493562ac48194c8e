"""Tests for flashcards.text.forms: tokens, word forms and uses of a headword."""

import pytest

from flashcards.text.forms import find_uses, token_spans, tokenize, uses_word, word_forms


def test_tokenize_splits_on_anything_but_letters_and_digits() -> None:
    assert tokenize("Co-design") == ["co", "design"]
    assert tokenize("OpenAI's") == ["openai", "s"]
    assert tokenize("In 2015, GPT-4 (maybe)!") == ["in", "2015", "gpt", "4", "maybe"]
    assert tokenize("Un café naïve") == ["un", "café", "naïve"]
    assert tokenize("") == []


def test_tokenize_compares_accents_in_normal_form() -> None:
    assert tokenize("CAFE\u0301") == tokenize("café") == ["café"]


def test_token_spans_give_offsets_in_the_original() -> None:
    text = "He co-founded OpenAI's lab."
    spans = token_spans(text)
    assert [token for token, _, _ in spans] == tokenize(text)
    assert [text[start:end] for _, start, end in spans] == [
        "He",
        "co",
        "founded",
        "OpenAI",
        "s",
        "lab",
    ]


@pytest.mark.parametrize(
    ("word", "pos", "expected"),
    [
        ("poached", "verb", {"poach", "poaches", "poached", "poaching"}),
        ("poach", "verb", {"poach", "poaches", "poached", "poaching"}),
        ("convey", "verb", {"convey", "conveys", "conveyed", "conveying"}),
        ("oligopoly", "noun", {"oligopoly", "oligopolies"}),
        ("niche", "noun", {"niche", "niches"}),
        ("intimidating", "adjective", {"intimidating"}),
        ("happy", "adjective", {"happy", "happier", "happiest"}),
        ("vibrant", "adjective", {"vibrant"}),
        ("of", "preposition", {"of"}),
    ],
)
def test_word_forms_of_single_words(word: str, pos: str, expected: set[str]) -> None:
    assert word_forms(word, pos) == frozenset((form,) for form in expected)


def test_word_forms_hyphen_variants() -> None:
    forms = word_forms("co-design", "verb")
    assert ("co", "design") in forms
    assert ("codesign",) in forms
    assert ("co", "designed") in forms
    assert ("codesigning",) in forms


def test_word_forms_phrasal_verb_inflects_the_verb() -> None:
    assert word_forms("carve out", "phrasal verb") == {
        ("carve", "out"),
        ("carves", "out"),
        ("carved", "out"),
        ("carving", "out"),
    }


def test_word_forms_phrase_keeps_other_words_literal() -> None:
    forms = word_forms("free of charge", "phrase")
    assert ("free", "of", "charge") in forms
    assert all(form[1:] == ("of", "charge") for form in forms)


def test_word_forms_noun_phrase_inflects_the_last_word() -> None:
    assert word_forms("limited competition", "noun") == {
        ("limited", "competition"),
        ("limited", "competitions"),
    }


def test_word_forms_of_nothing() -> None:
    assert word_forms("", "noun") == frozenset()
    assert word_forms(" - ", "noun") == frozenset()


def test_find_uses_spans_cover_whole_uses() -> None:
    text = "He co-designed it. The co design of the hardware. Codesign!"
    assert [text[a:b] for a, b in find_uses(text, "co-design", "verb")] == [
        "co-designed",
        "co design",
        "Codesign",
    ]


def test_find_uses_inflected_multi_word() -> None:
    text = "So I think we'll see that sort of carved out, and more carving. Out there."
    assert [text[a:b] for a, b in find_uses(text, "carve out", "phrasal verb")] == ["carved out"]


def test_find_uses_needs_adjacent_tokens() -> None:
    assert find_uses("It is free of any charge.", "free of charge", "phrase") == []
    assert find_uses("It is free, of charge.", "free of charge", "phrase") == []
    text = "It is FREE of charge."
    assert [text[a:b] for a, b in find_uses(text, "free of charge", "phrase")] == ["FREE of charge"]


def test_find_uses_whole_tokens_only() -> None:
    text = "The niches and enriched niche."
    assert [text[a:b] for a, b in find_uses(text, "niche", "noun")] == ["niches", "niche"]
    assert not uses_word("He was enriched.", "niche", "noun")
    assert uses_word("He was poaching.", "poached", "verb")
    assert not uses_word("With agi being such a magnifier of power.", "amplifier", "noun")


def test_a_possessive_is_not_a_plural() -> None:
    assert not uses_word("Many peoples live here.", "people's", "noun")
    assert uses_word("It was the people's choice.", "people's", "noun")
    assert ("peoples",) not in word_forms("people's", "noun")


def test_hyphenated_and_inflected_forms_still_match() -> None:
    for text in ("We co-design it.", "We co design it.", "We codesign it."):
        assert uses_word(text, "co-design", "verb"), text
    for text in ("They poach staff.", "They poached him.", "Stop poaching."):
        assert uses_word(text, "poached", "verb"), text
