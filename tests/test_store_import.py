"""Storage round trips on a real temporary SQLite file: import, re-import, edits, history."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from flashcards.documents import read_document
from flashcards.domain import CardKind, CardState
from flashcards.errors import FlashcardsError, StoreError
from flashcards.importing import import_file
from flashcards.store import Store
from flashcards.store.tables import SCHEMA_VERSION

from support import SEED, SEED_WORDS, T0


def test_import_round_trip(empty_store: Store) -> None:
    doc, report = import_file(empty_store, SEED, T0)
    assert report.created_deck and len(report.added) == 10
    notes = empty_store.notes()
    assert [n.word for n in notes] == SEED_WORDS
    by = {n.word: n for n in notes}
    parsed = {e.word: e for e in doc.entries}
    for word, note in by.items():
        e = parsed[word]
        assert (note.ipa, note.pos, note.definition, note.synonyms, note.example) == (
            e.ipa,
            e.pos,
            e.definition,
            e.synonyms,
            e.example,
        )
        assert note.contexts == e.contexts
        assert note.deck == "Making AI accessible with Andrej Karpathy and Stephanie Zhan"
        kinds = [c.kind for c in note.cards]
        expected = [CardKind.MEANING, CardKind.RECALL]
        if e.contexts:
            expected.append(CardKind.CONTEXT)
        assert kinds == expected
        assert all(c.state == CardState.NEW and c.due is None for c in note.cards)
    assert by["inspire"].card(CardKind.CONTEXT) is None


def test_pragmas_and_version(empty_store: Store, db_path: Path) -> None:
    with empty_store.reading() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()


def test_second_import_changes_nothing(empty_store: Store, db_path: Path) -> None:
    import_file(empty_store, SEED, T0)
    before = _dump(db_path)
    _, report = import_file(empty_store, SEED, T0 + timedelta(days=1))
    assert not report.changed and report.unchanged == 10
    assert _dump(db_path) == before


def test_reimport_of_edited_document_keeps_history(empty_store: Store, tmp_path: Path) -> None:
    import_file(empty_store, SEED, T0, fixes={})  # as the document says, like its copies
    niche = next(n for n in empty_store.notes() if n.word == "niche")
    card_id = niche.cards[0].id
    with empty_store.writing() as conn:  # a review happened
        conn.execute(
            "UPDATE card SET state='review', reps=3, due='2026-03-09 09:00:00.000000' "
            f"WHERE id={card_id}"
        )
        conn.execute(
            "INSERT INTO review_log (card_id, rating, reviewed_at, state, undone, state_before) "
            f"VALUES ({card_id}, 3, '2026-03-02 09:00:00.000000', 'review', 0, '{{}}')"
        )
    text = SEED.read_text(encoding="utf-8")
    edited = text.replace(
        "A specialized segment of the market", "A small specialised segment of the market"
    )
    # Drop vibrant (entry 8) from the list entirely; renumber what follows.
    start = edited.index("8. vibrant")
    end = edited.index("9. amplifier")
    edited = edited[:start] + edited[end:].replace("9. amplifier", "8. amplifier", 1)
    edited = edited.replace("10. co-design", "9. co-design", 1)
    path = tmp_path / "edited.txt"
    path.write_text(edited, encoding="utf-8")
    _, report = import_file(
        empty_store, path, T0, deck="Making AI accessible with Andrej Karpathy and Stephanie Zhan"
    )
    assert report.updated == ["niche"]
    assert report.missing == ["vibrant"]
    notes = {n.word: n for n in empty_store.notes()}
    assert notes["niche"].definition.startswith("A small specialised")
    assert notes["niche"].cards[0].id == card_id
    assert notes["niche"].cards[0].state == CardState.REVIEW
    assert not notes["vibrant"].in_source and notes["vibrant"].cards
    with empty_store.reading() as conn:
        assert conn.execute("SELECT count(*) FROM review_log").fetchone()[0] == 1
    # The original comes back: vibrant returns, niche is updated again.
    _, report = import_file(empty_store, SEED, T0, fixes={})
    assert report.returned == ["vibrant"] and report.updated == ["niche"]


def test_failed_import_leaves_database_unchanged(empty_store: Store, db_path: Path) -> None:
    import_file(empty_store, SEED, T0)
    before = _dump(db_path)
    doc = read_document(SEED, "seed")
    broken = replace(doc, entries=(*doc.entries, replace(doc.entries[0], word=None)))  # type: ignore[arg-type]
    with pytest.raises((StoreError, TypeError, AttributeError)):
        empty_store.import_document(broken, "another deck", T0)
    assert _dump(db_path) == before


def test_newer_schema_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    raw = sqlite3.connect(db_path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(StoreError, match="newer version"):
        Store.open(db_path)


def test_not_a_database_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not sqlite at all" * 10)
    with pytest.raises(StoreError, match="not a flashcards database"):
        Store.open(path)
    assert path.read_bytes() == b"this is not sqlite at all" * 10


def _dump(path: Path) -> list[str]:
    raw = sqlite3.connect(path)
    try:
        return list(raw.iterdump())
    finally:
        raw.close()


def test_a_talk_edit_that_changes_contexts_is_one_update(
    empty_store: Store, tmp_path: Path
) -> None:
    import_file(empty_store, SEED, T0, fixes={})  # as the document says, like its copies
    text = SEED.read_text(encoding="utf-8")
    # The talk (after the list) loses a sentence that uses "vibrant"; the list is unchanged.
    talk_start = text.index("I'm thrilled to introduce")
    edited = text[:talk_start] + text[talk_start:].replace(
        "how do we have a vibrant ecosystem of startups",
        "how do we have a lively ecosystem of startups",
    )
    path = tmp_path / "edited.txt"
    path.write_text(edited, encoding="utf-8")
    name = "Making AI accessible with Andrej Karpathy and Stephanie Zhan"
    _, report = import_file(empty_store, path, T0, deck=name)
    assert report.updated == ["vibrant"] and report.unchanged == 9
    vibrant = next(n for n in empty_store.notes() if n.word == "vibrant")
    assert vibrant.contexts and not any("ecosystem of startups" in c for c in vibrant.contexts)


def test_reimport_keeps_the_learners_edits(empty_store: Store, tmp_path: Path) -> None:
    import_file(empty_store, SEED, T0)
    notes = {n.word: n for n in empty_store.notes()}
    empty_store.edit_note(notes["co-design"].id, T0, ipa="ˌkəʊdɪˈzaɪn")
    empty_store.edit_note(notes["agi"].id, T0, word="AGI (artificial general intelligence)")
    empty_store.edit_note(notes["niche"].id, T0, definition="temporary")
    empty_store.edit_note(notes["niche"].id, T0, definition=notes["niche"].definition)  # undone
    _, report = import_file(empty_store, SEED, T0)
    assert sorted(report.kept_edits) == [
        "AGI (artificial general intelligence) (word)",
        "co-design (ipa)",
    ]
    assert not report.added and not report.missing and not report.updated
    after = {n.word: n for n in empty_store.notes()}
    assert after["co-design"].ipa == "ˌkəʊdɪˈzaɪn"
    assert "AGI (artificial general intelligence)" in after and "agi" not in after
    assert len(after) == 10
    # The document changes a field the learner edited: the learner's value stays, reported.
    text = SEED.read_text(encoding="utf-8").replace("[kɒˈdɪzaɪn]", "[koʊˈdɪzaɪn]")
    path = tmp_path / "edited.txt"
    path.write_text(text, encoding="utf-8")
    name = "Making AI accessible with Andrej Karpathy and Stephanie Zhan"
    _, report = import_file(empty_store, path, T0, deck=name)
    assert "co-design (ipa; the document now says 'koʊˈdɪzaɪn')" in report.kept_edits
    assert {n.word: n for n in empty_store.notes()}["co-design"].ipa == "ˌkəʊdɪˈzaɪn"


def test_renaming_to_a_word_the_deck_has_is_refused(empty_store: Store, db_path: Path) -> None:
    import_file(empty_store, SEED, T0)
    agi = next(n for n in empty_store.notes() if n.word == "agi")
    before = _dump(db_path)
    with pytest.raises(FlashcardsError, match="already has a note 'niche'"):
        empty_store.edit_note(agi.id, T0, word="Niche", definition="changed")
    assert _dump(db_path) == before


def test_importing_a_bundled_document_applies_its_deck_file(empty_store: Store) -> None:
    # The deck file gives agi the pronunciation its document lacks.
    doc, report = import_file(empty_store, SEED, T0)
    agi = next(n for n in empty_store.notes() if n.word == "agi")
    assert agi.ipa == "ˌeɪ.dʒiːˈaɪ"
    assert any(
        str(i).endswith(
            'agi: no pronunciation (placeholder "[ ext.pronunciation]"); '
            "the deck file gives /ˌeɪ.dʒiːˈaɪ/"
        )
        for i in doc.issues
    )
    assert report.deck == "Making AI accessible with Andrej Karpathy and Stephanie Zhan"


def test_a_rename_to_a_word_the_document_lists_later(empty_store: Store, tmp_path: Path) -> None:
    import_file(empty_store, SEED, T0)
    agi = next(n for n in empty_store.notes() if n.word == "agi")
    empty_store.edit_note(agi.id, T0, word="superintelligence")
    text = SEED.read_text(encoding="utf-8").replace(
        "Together with the co design of the hardware and how that might evolve.\n",
        "Together with the co design of the hardware and how that might evolve.\n\n"
        "11. superintelligence [x] - (n.) - Intelligence far beyond ours. - Synonyms: (ASI)\n\n"
        "A superintelligence.\n",
    )
    path = tmp_path / "more.txt"
    path.write_text(text, encoding="utf-8")
    name = "Making AI accessible with Andrej Karpathy and Stephanie Zhan"
    _, report = import_file(empty_store, path, T0, deck=name)
    assert not report.added and len(empty_store.notes()) == 10
    assert any("also listed as 'superintelligence'" in k for k in report.kept_edits)


def test_one_note_is_read_alone(empty_store: Store) -> None:
    import_file(empty_store, SEED, T0)
    every = {n.id: n for n in empty_store.notes()}
    for note_id, note in every.items():
        assert empty_store.note(note_id) == note
    with pytest.raises(StoreError, match="no note"):
        empty_store.note(max(every) + 1)
