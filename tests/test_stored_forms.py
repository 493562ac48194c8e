"""A note keeps its headword's forms, found at import, so that reviewing, grading and
exporting need no lemminflect (half a second and some 60 MB to load)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from flashcards.importing import import_file
from flashcards.store import Store
from flashcards.store.tables import SCHEMA_VERSION
from flashcards.text import forms, grading
from flashcards.text.forms import dump_forms, find_uses, remember_forms, word_forms
from flashcards.text.grading import Verdict, grade

from support import SEED, T0


def _forget_forms() -> None:
    forms._remembered.clear()
    forms._computed_forms.cache_clear()
    forms._by_first_token.cache_clear()
    grading._accepted.cache_clear()


def _refuse_lemminflect(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a new process that has not loaded lemminflect, and must not."""
    _forget_forms()

    def refuse() -> None:
        raise AssertionError("lemminflect was loaded")

    monkeypatch.setattr(forms, "_lemminflect", refuse)


def _stored(db_path: Path) -> dict[str, str | None]:
    raw = sqlite3.connect(db_path)
    try:
        return dict(raw.execute("SELECT word, forms FROM note").fetchall())
    finally:
        raw.close()


def test_import_stores_each_headwords_forms(db_path: Path) -> None:
    import_file(Store.open(db_path), SEED, T0)
    stored = _stored(db_path)
    assert stored["poached"] == dump_forms("poached", "verb")
    assert stored["poached"].startswith(f"{forms.FORMS_VERSION}:")
    assert "poaching" in stored["poached"].split(":", 1)[1].split("|")


def test_review_grading_and_export_use_the_stored_forms(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(db_path)
    import_file(store, SEED, T0)
    _refuse_lemminflect(monkeypatch)
    with pytest.raises(AssertionError):  # a word no note holds would need lemminflect
        word_forms("flummox", "verb")
    notes = {n.word: n for n in store.notes()}
    poached = notes["poached"]
    assert all(find_uses(s, poached.word, poached.pos) for s in poached.contexts)
    assert grade("poaching", poached.word, poached.pos).verdict is Verdict.RIGHT

    from flashcards.export import export_deck

    report = export_deck(store, tmp_path / "deck.apkg", now=T0)
    assert report.cloze_notes > 0


def test_forms_of_other_rules_are_computed_again() -> None:
    _forget_forms()
    remember_forms("poached", "verb", '{"v": 1, "forms": [["poached"]]}')
    remember_forms("poached", "verb", f"{forms.FORMS_VERSION + 1}:poached")
    assert ("poaching",) in word_forms("poached", "verb")
    remember_forms("niche", "noun", None)
    assert ("niches",) in word_forms("niche", "noun")


def test_remembered_forms_round_trip() -> None:
    _forget_forms()
    text = dump_forms("carve out", "phrasal verb")
    computed = word_forms("carve out", "phrasal verb")
    _forget_forms()
    remember_forms("carve out", "phrasal verb", text)
    assert forms._remembered[("carve out", "phrasal verb")] == computed


def test_editing_the_word_forgets_its_forms(db_path: Path) -> None:
    store = Store.open(db_path)
    import_file(store, SEED, T0)
    note = next(n for n in store.notes() if n.word == "poached")
    store.edit_note(note.id, T0, word="poach")
    assert _stored(db_path)["poach"] is None
    # The next import keeps the learner's word and finds the forms again, for it.
    _, report = import_file(store, SEED, T0)
    assert report.kept_edits == ["poach (word)"]
    assert _stored(db_path)["poach"] == dump_forms("poach", "verb")


def test_a_schema_1_database_is_migrated(db_path: Path) -> None:
    import_file(Store.open(db_path), SEED, T0)
    raw = sqlite3.connect(db_path)
    raw.execute("ALTER TABLE note DROP COLUMN forms")  # as schema 1 had it
    raw.execute("ALTER TABLE note DROP COLUMN edited")
    raw.execute("ALTER TABLE review_log DROP COLUMN source")  # schema 4 added these two
    raw.execute("ALTER TABLE review_log DROP COLUMN anki_id")
    raw.execute("PRAGMA user_version = 1")
    raw.commit()
    raw.close()
    store = Store.open(db_path)
    assert sqlite3.connect(db_path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert set(_stored(db_path).values()) == {None}
    _forget_forms()
    notes = {n.word: n for n in store.notes()}
    assert ("poaching",) in word_forms("poached", notes["poached"].pos)
    import_file(store, SEED, T0)
    assert None not in set(_stored(db_path).values())
