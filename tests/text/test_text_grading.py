"""Tests for flashcards.text.grading: grading typed answers."""

import pytest

from flashcards.text.grading import Verdict, grade, suggested_rating

RIGHT, NEAR, WRONG = Verdict.RIGHT, Verdict.NEAR, Verdict.WRONG


@pytest.mark.parametrize(
    ("typed", "word", "pos", "expected_form", "verdict", "shown"),
    [
        # right
        ("niche", "niche", "noun", None, RIGHT, "niche"),
        ("oligopoly", "oligopoly", "noun", None, RIGHT, "oligopoly"),
        # wrong
        ("segment", "niche", "noun", None, WRONG, "niche"),
        ("nitch", "niche", "noun", None, WRONG, "niche"),
        ("intimidated", "intimidating", "adjective", None, WRONG, "intimidating"),
        # near miss: one edit for a short word, two for a longer one
        ("nich", "niche", "noun", None, NEAR, "niche"),
        ("nicje", "niche", "noun", None, NEAR, "niche"),
        ("olygopoly", "oligopoly", "noun", None, NEAR, "oligopoly"),
        ("oligopli", "oligopoly", "noun", None, NEAR, "oligopoly"),
        ("oligpli", "oligopoly", "noun", None, WRONG, "oligopoly"),
        ("vibrnt", "vibrant", "adjective", None, NEAR, "vibrant"),
        # inflected forms of the headword
        ("poaching", "poached", "verb", None, RIGHT, "poached"),
        ("poach", "poached", "verb", "poached", NEAR, "poached"),  # the sentence needs "poached"
        ("poached", "poach", "verb", "poached", RIGHT, "poached"),
        ("oligopolies", "oligopoly", "noun", None, RIGHT, "oligopoly"),
        ("poachng", "poach", "verb", None, NEAR, "poaching"),
        ("poched", "poach", "verb", "poached", NEAR, "poached"),
        ("carved out", "carve out", "phrasal verb", "carved out", RIGHT, "carved out"),
        # hyphen and space variants
        ("co design", "co-design", "verb", None, RIGHT, "co-design"),
        ("codesign", "co-design", "verb", None, RIGHT, "co-design"),
        ("co-design", "co-design", "verb", "co design", RIGHT, "co design"),
        ("co-designed", "co-design", "verb", None, RIGHT, "co-design"),
        ("codesing", "co-design", "verb", None, NEAR, "co-design"),
        ("carveout", "carve out", "phrasal verb", None, RIGHT, "carve out"),
        # capitals, accents, punctuation and spaces around the answer
        ("Niche", "niche", "noun", None, RIGHT, "niche"),
        ("  NICHE!  ", "niche", "noun", None, RIGHT, "niche"),
        ('"poached."', "poach", "verb", "poached", RIGHT, "poached"),
        ("niché", "niche", "noun", None, RIGHT, "niche"),
        ("cafe", "café", "noun", None, RIGHT, "café"),
        ("CAFÉS", "café", "noun", None, RIGHT, "café"),
        # empty answers
        ("", "niche", "noun", None, WRONG, "niche"),
        ("   ", "niche", "noun", None, WRONG, "niche"),
        (" ...? ", "niche", "noun", None, WRONG, "niche"),
    ],
)
def test_grade(
    typed: str, word: str, pos: str, expected_form: str | None, verdict: Verdict, shown: str
) -> None:
    got = grade(typed, word, pos, expected_form)
    assert (got.verdict, got.expected, got.typed) == (verdict, shown, typed)
    # Only the right word in another form than the sentence's is "another form".
    assert got.other_form is (verdict is NEAR and typed == "poach" and shown == "poached")


def test_verdict_values() -> None:
    assert [verdict.value for verdict in Verdict] == ["right", "near", "wrong"]
    assert Verdict("near") is Verdict.NEAR
    assert str(Verdict.RIGHT) == "right"


def test_suggested_rating() -> None:
    assert suggested_rating(Verdict.WRONG) == 1
    assert suggested_rating(Verdict.NEAR) == 2
    assert suggested_rating(Verdict.RIGHT) == 3
