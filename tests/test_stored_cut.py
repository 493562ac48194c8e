"""A note keeps its headword cut into syllables from the import on (``note.cut``), so that an
export cuts nothing; the cut is forgotten whenever what it was cut from changes, however the
change was written, and the package is the same with the cut stored or not."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flashcards.documents import read_document
from flashcards.export import export_deck
from flashcards.importing import bundled_deck_for, headword_forms, import_file
from flashcards.library import Library
from flashcards.store import Store
from flashcards.text.cuts_ahead import headword_cut
from flashcards.text.syllables import syllable_text

from support import SEED, T0

FIXTURES = Path(__file__).parent / "fixtures" / "schema"
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def _cuts(path: Path) -> dict[str, str | None]:
    raw = sqlite3.connect(path)
    try:
        return dict(raw.execute("SELECT word, cut FROM note").fetchall())
    finally:
        raw.close()


def _raw(path: Path, statement: str, *args: object) -> None:
    raw = sqlite3.connect(path)
    try:
        raw.execute(statement, args)
        raw.commit()
    finally:
        raw.close()


def _syllable_fields(package: Path) -> dict[str, str]:
    """Each vocabulary note's Syllables field, by its Word."""
    copy = package.with_suffix(".anki2")
    with zipfile.ZipFile(package) as archive:
        copy.write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(copy)
    try:
        fields = [row[0].split("\x1f") for row in conn.execute("SELECT flds FROM notes")]
    finally:
        conn.close()
        copy.unlink()
    return {f[0]: f[2] for f in fields if len(f) == 10}


def test_an_import_stores_each_headwords_cut(seeded_store: Store, db_path: Path) -> None:
    notes = seeded_store.notes()
    cuts = _cuts(db_path)
    assert len(cuts) == len(notes) == 10
    for note in notes:
        assert cuts[note.word] == syllable_text(
            note.word, note.ipa, definition=note.definition, pos=note.pos
        )
    assert cuts["oligopoly"] == "ol·i·gop·o·ly"
    assert cuts["agi"] == "A·G·I"  # an initialism, told by its IPA


def test_the_cut_is_forgotten_when_what_it_was_cut_from_changes(
    seeded_store: Store, db_path: Path
) -> None:
    lib = Library(seeded_store, clock=lambda: T0)
    by_word = {n.word: n for n in seeded_store.notes()}
    lib.edit_note(by_word["oligopoly"].id, word="monopoly", ipa="məˈnɒpəli")
    lib.edit_note(by_word["vibrant"].id, synonyms=["lively"])  # not what it is cut from
    for column, word in (("ipa", "niche"), ("pos", "poached"), ("definition", "agi")):
        _raw(db_path, f"UPDATE note SET {column} = {column} || 'x' WHERE word = ?", word)
    _raw(db_path, "UPDATE note SET word = 'inspires' WHERE word = 'inspire'")
    _raw(db_path, "UPDATE note SET word = word WHERE word = 'amplifier'")  # the same value
    cuts = _cuts(db_path)
    for word in ("monopoly", "niche", "poached", "agi", "inspires"):
        assert cuts[word] is None, word
    assert cuts["vibrant"] == "vi·brant"
    assert cuts["amplifier"] == "am·pli·fi·er"
    # a write that gives the cut with the change keeps it
    _raw(db_path, "UPDATE note SET word = 'vibrants', cut = 'vi·brants' WHERE word = 'vibrant'")
    assert _cuts(db_path)["vibrants"] == "vi·brants"


def test_a_reimport_cuts_only_what_changed(db_path: Path, tmp_path: Path) -> None:
    store = Store.open(db_path)
    import_file(store, SEED, T0)
    _raw(db_path, "UPDATE note SET ipa = 'ˈnɪʃ' WHERE word = 'niche'")  # forgets its cut
    _raw(db_path, "UPDATE note SET cut = NULL WHERE word = 'vibrant'")  # as a migrated note
    asked: list[str] = []

    def counted(word: str, ipa: str | None, pos: str, definition: str) -> str:
        asked.append(word)
        return headword_cut(word, ipa, pos, definition)

    bundled = bundled_deck_for(SEED)  # the corrections an import of the seed makes
    document = read_document(SEED, str(SEED), bundled.fixes if bundled else None)
    forms = headword_forms(document)
    (deck,) = store.decks()
    store.import_document(document, deck.name, T0, source=deck.source, forms=forms, cut=counted)
    assert sorted(asked) == ["niche", "vibrant"]
    cuts = _cuts(db_path)
    assert cuts["niche"] == "niche" and cuts["vibrant"] == "vi·brant"
    store.close()


def test_a_learners_renamed_word_is_cut_at_the_next_import(db_path: Path) -> None:
    store = Store.open(db_path)
    import_file(store, SEED, T0)
    lib = Library(store, clock=lambda: T0)
    note = next(n for n in store.notes() if n.word == "oligopoly")
    lib.edit_note(note.id, word="duopoly", ipa="djuːˈɒpəli")
    assert _cuts(db_path)["duopoly"] is None
    import_file(store, SEED, T0)  # keeps the learner's word, and cuts it
    assert _cuts(db_path)["duopoly"] == syllable_text("duopoly", "djuːˈɒpəli")
    store.close()


def test_the_export_takes_the_stored_cut_and_cuts_when_there_is_none(
    seeded_store: Store, db_path: Path, tmp_path: Path
) -> None:
    stored = tmp_path / "stored.apkg"
    export_deck(seeded_store, stored, now=NOW)
    _raw(db_path, "UPDATE note SET cut = NULL")
    cut_here = tmp_path / "cut-here.apkg"
    export_deck(seeded_store, cut_here, now=NOW)
    assert _syllable_fields(stored) == _syllable_fields(cut_here)
    assert _syllable_fields(stored)["oligopoly"] == "ol·i·<b>gop</b>·o·ly"
    # the export reads the stored cut, not a cut of its own
    _raw(db_path, "UPDATE note SET cut = 'o·lig·o·pol·y' WHERE word = 'oligopoly'")
    taken = tmp_path / "taken.apkg"
    export_deck(seeded_store, taken, now=NOW)
    assert _syllable_fields(taken)["oligopoly"] == "o·lig·<b>o</b>·pol·y"
    # the learner's own syllables win over the cut
    _raw(db_path, "UPDATE note SET syllables = 'o·li·go·po·ly' WHERE word = 'oligopoly'")
    own = tmp_path / "own.apkg"
    export_deck(seeded_store, own, now=NOW)
    assert _syllable_fields(own)["oligopoly"] == "o·li·<b>go</b>·po·ly"


@pytest.mark.parametrize("version", ["v8"])
def test_an_upgraded_database_keeps_no_cut_until_the_next_import(
    version: str, tmp_path: Path
) -> None:
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / f"{version}.db", path)
    Store.open(path).close()
    cuts = _cuts(path)
    assert cuts and all(cut is None for cut in cuts.values())
    store = Store.open(path)
    package = tmp_path / "old.apkg"
    export_deck(store, package, now=NOW)
    assert _syllable_fields(package)["oligopoly"] == "ol·i·<b>gop</b>·o·ly"
    import_file(store, SEED, T0)
    assert _cuts(path)["oligopoly"] == "ol·i·gop·o·ly"
    store.close()
