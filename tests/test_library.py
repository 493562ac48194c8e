"""The library service: deck overviews, browse rows, note edits, statistics."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from flashcards.domain import CardState, Rating
from flashcards.errors import FlashcardsError
from flashcards.library import Library, matches
from flashcards.store import Store
from flashcards.study import Study

from support import SEED_WORDS, T0


def library(store: Store) -> Library:
    return Library(store, day_hour=4, zone=UTC)


def answer_at(store: Store, when: datetime, rating: Rating = Rating.GOOD) -> Study:
    study = Study(store, None, clock=lambda: when, fuzz=False, day_hour=4, zone=UTC)
    card = study.next_card()
    assert card is not None
    study.answer(card, rating, duration_ms=1000)
    return study


def test_deck_overviews(bundled_store: Store) -> None:
    (overview,) = library(bundled_store).decks()
    assert overview.notes == 10
    assert overview.deck.title == "Making AI accessible with Andrej Karpathy and Stephanie Zhan"
    assert library(bundled_store).deck_id(overview.name) == overview.id
    assert library(bundled_store).deck_id(None) is None
    with pytest.raises(FlashcardsError):
        library(bundled_store).deck_id("no such deck")


def test_rows_summarise_each_note(bundled_store: Store) -> None:
    answer_at(bundled_store, T0, Rating.EASY)
    rows = library(bundled_store).rows()
    assert [r.note.word for r in rows] == SEED_WORDS
    first = rows[0]
    assert first.state == "new/review"
    assert first.due is not None and first.due > T0
    assert first.lapses == 0 and not first.suspended
    assert all(r.state == "new" and r.due is None for r in rows[1:])


def test_search_matches_word_definition_and_synonyms(bundled_store: Store) -> None:
    lib = library(bundled_store)
    assert [r.note.word for r in lib.rows(query="OLIGO")] == ["oligopoly"]
    assert [r.note.word for r in lib.rows(query="daunting")] == ["intimidating"]
    assert "niche" in [r.note.word for r in lib.rows(query="market segment")]
    assert lib.rows(query="zzzz") == []
    note = lib.rows()[0].note
    assert matches(note, "") and matches(note, "  ")


def test_suspended_notes_show_as_suspended(bundled_store: Store) -> None:
    note = library(bundled_store).rows()[2].note
    Study(bundled_store).set_note_suspended(note.id, True)
    row = library(bundled_store).rows()[2]
    assert row.suspended and row.state == "suspended"
    card = note.cards[0]
    Study(bundled_store).set_note_suspended(note.id, False)
    conn = sqlite3.connect(bundled_store.path)
    conn.execute("UPDATE card SET suspended = 1 WHERE id = ?", (card.id,))
    conn.commit()
    conn.close()
    row = library(bundled_store).rows()[2]
    assert not row.suspended and row.state == "new (some suspended)"


def test_edit_note_keeps_history_and_cleans_fields(bundled_store: Store, db_path: Path) -> None:
    answer_at(bundled_store, T0)
    lib = library(bundled_store)
    note = lib.rows()[0].note
    edited = lib.edit_note(
        note.id,
        now=T0 + timedelta(hours=1),
        word="A.G.I.",
        ipa=" /eɪ dʒiː aɪ/ ",
        pos="n.",
        definition="  Artificial   general intelligence. ",
        synonyms="strong AI, , general AI",
    )
    assert edited.word == "A.G.I."
    assert edited.ipa == "eɪ dʒiː aɪ"
    assert edited.pos == "noun"
    assert edited.definition == "Artificial general intelligence."
    assert edited.synonyms == ("strong AI", "general AI")
    assert edited.syllables  # recomputed for the new word
    assert [c.state for c in edited.cards] == [c.state for c in note.cards]
    assert any(c.state is not CardState.NEW for c in edited.cards)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM review_log").fetchone() == (1,)
    conn.close()
    unchanged = lib.edit_note(note.id, word="A.G.I.")
    assert unchanged == edited


def test_edit_note_refuses_empty_or_unknown_fields(bundled_store: Store) -> None:
    lib = library(bundled_store)
    note = lib.rows()[0].note
    with pytest.raises(FlashcardsError):
        lib.edit_note(note.id, word="   ")
    with pytest.raises(FlashcardsError):
        lib.edit_note(note.id, definition="")
    with pytest.raises(ValueError):
        lib.edit_note(note.id, deck="other")
    assert lib.note(note.id) == note


def test_statistics_count_answers_per_learner_day(bundled_store: Store) -> None:
    answer_at(bundled_store, T0 - timedelta(days=2))
    answer_at(bundled_store, T0 - timedelta(days=1))
    answer_at(bundled_store, datetime(2026, 3, 2, 3, 0, tzinfo=UTC))  # before 4 a.m.: still Mar 1
    answer_at(bundled_store, T0)
    undone = answer_at(bundled_store, T0 + timedelta(minutes=1))
    undone.undo()
    answer_at(bundled_store, T0 - timedelta(days=40))  # too old for the chart
    stats = library(bundled_store).statistics(now=T0)
    assert len(stats.days) == len(stats.reviews_per_day) == 30
    assert stats.days[-1] == date(2026, 3, 2) and stats.days[0] == date(2026, 2, 1)
    assert stats.reviews_per_day[-3:] == (1, 2, 1)
    assert sum(stats.reviews_per_day) == 4
    assert len(stats.forecast) == 30
    assert stats.counts["reviews_total"] == 5
    assert stats.retention is None or 0.0 <= stats.retention <= 1.0


def test_statistics_of_one_deck(bundled_store: Store) -> None:
    answer_at(bundled_store, T0)
    (deck,) = bundled_store.decks()
    stats = library(bundled_store).statistics(deck.id, now=T0)
    assert stats.counts["notes"] == 10
    assert stats.reviews_per_day[-1] == 1
