"""Typed answers graded through the session (Study.grade), and what the log keeps of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashcards.domain import Rating
from flashcards.store import Store
from flashcards.study import Study, StudyCard
from flashcards.text.grading import Verdict, suggested_rating

from study_support import CONTEXT, RECALL, Clock, card_ids, only, rows, session

RIGHT, NEAR, WRONG = Verdict.RIGHT, Verdict.NEAR, Verdict.WRONG


def shown(store: Store, clock: Clock, word: str, kind: str) -> tuple[Study, StudyCard]:
    only(store, card_ids(store)[word, kind])  # type: ignore[index]
    study = session(store, clock)
    card = study.next_card()
    assert card is not None and card.note.word == word and card.kind == kind
    return study, card


@pytest.mark.parametrize(
    ("typed", "verdict", "spelling"),
    [
        ("niche", RIGHT, "niche"),
        ("  Niche! ", RIGHT, "niche"),
        ("niches", RIGHT, "niche"),
        ("nich", NEAR, "niche"),
        ("segment", WRONG, "niche"),
        ("", WRONG, "niche"),
    ],
)
def test_recall_card(
    seeded_store: Store, clock: Clock, typed: str, verdict: Verdict, spelling: str
) -> None:
    study, card = shown(seeded_store, clock, "niche", RECALL)
    assert card.typed and card.sentence is None and card.expected == "niche"
    grade = study.grade(card, typed)
    assert (grade.verdict, grade.expected, grade.typed) == (verdict, spelling, typed)


POACHED = "He co founded OpenAI back in 2015 and 2017, he was poached by Elon."


@pytest.mark.parametrize(
    ("typed", "verdict", "spelling"),
    [
        ("poached", RIGHT, "poached"),
        ("Poached.", RIGHT, "poached"),
        ("poach", NEAR, "poached"),  # another form of the headword: the sentence needs "poached"
        ("poaching", NEAR, "poached"),
        ("poched", NEAR, "poached"),
        ("stolen", WRONG, "poached"),
    ],
)
def test_context_card_with_an_inflected_form(
    seeded_store: Store, clock: Clock, typed: str, verdict: Verdict, spelling: str
) -> None:
    study, card = shown(seeded_store, clock, "poached", CONTEXT)
    assert card.sentence == POACHED
    assert card.blanked == POACHED.replace("poached", "_____")
    assert card.expected == "poached" and card.typed
    grade = study.grade(card, typed)
    assert (grade.verdict, grade.expected) == (verdict, spelling)
    assert grade.other_form is (typed in ("poach", "poaching"))


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [
        ("co design", RIGHT),
        ("co-design", RIGHT),
        ("Co-Design", RIGHT),
        ("codesign", RIGHT),
        ("co-desing", NEAR),
        ("collaborate", WRONG),
    ],
)
def test_context_card_with_a_hyphen_and_space_variant(
    seeded_store: Store, clock: Clock, typed: str, verdict: Verdict
) -> None:
    study, card = shown(seeded_store, clock, "co-design", CONTEXT)
    assert card.expected == "co design"  # as the talk writes it
    assert card.blanked is not None and "_____" in card.blanked
    assert "co design" not in card.blanked and "co-design" not in card.blanked
    grade = study.grade(card, typed)
    assert (grade.verdict, grade.expected) == (verdict, "co design")


def test_the_log_keeps_what_was_typed_the_grade_and_the_sentence(
    seeded_store: Store, clock: Clock, db_path: Path
) -> None:
    study, card = shown(seeded_store, clock, "poached", CONTEXT)
    grade = study.grade(card, "poched")
    rating = Rating(suggested_rating(grade.verdict))
    assert rating == Rating.HARD
    result = study.answer(card, rating, typed="poched", grade=grade, duration_ms=4200)
    assert result.rating == Rating.HARD
    study.undo()
    # A typed answer without a grade is graded for the log.
    study.answer(card, Rating.GOOD, typed="Poached", duration_ms=3100)
    log = list(rows(db_path, "review_log").values())
    assert [
        (r["rating"], r["answer"], r["grade"], r["duration_ms"], r["shown"], r["prior_state"])
        for r in log
    ] == [
        (2, "poched", "near", 4200, POACHED, "new"),
        (3, "Poached", "right", 3100, POACHED, "new"),
    ]
    assert [r["undone"] for r in log] == [1, 0]
