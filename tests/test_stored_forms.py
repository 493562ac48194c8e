"""A note keeps its headword's forms, computed before the import's write transaction and
handed to the store as data; reading a note fills no cache, and reviewing, grading and
exporting need no lemminflect (its forms come from the shipped table)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from flashcards.importing import import_file
from flashcards.store import Store
from flashcards.store.tables import SCHEMA_VERSION
from flashcards.text import forms
from flashcards.text.forms import dump_forms, word_forms

from support import ROOT, SEED, T0


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


def test_review_grading_and_export_load_no_lemminflect(db_path: Path, tmp_path: Path) -> None:
    code = f"""
import sys
from flashcards.export import export_deck
from flashcards.importing import import_file
from flashcards.store import Store
from flashcards.text.forms import find_uses
from flashcards.text.grading import Verdict, grade
from support import SEED, T0
store = Store.open({str(db_path)!r})
import_file(store, SEED, T0)
poached = next(n for n in store.notes() if n.word == "poached")
assert all(find_uses(s, poached.word, poached.pos) for s in poached.contexts)
assert grade("poaching", poached.word, poached.pos).verdict is Verdict.RIGHT
assert export_deck(store, {str(tmp_path / "deck.apkg")!r}, now=T0).cloze_notes > 0
print(sorted(m for m in ("lemminflect", "numpy") if m in sys.modules))
"""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}", "PATH": ""},
    )
    assert done.stdout.strip() == "[]"


def test_reading_a_note_fills_no_cache(db_path: Path) -> None:
    store = Store.open(db_path)
    import_file(store, SEED, T0)
    forms._computed_forms.cache_clear()
    assert store.notes()
    assert forms._computed_forms.cache_info().currsize == 0


def test_the_store_stores_the_forms_it_is_given(db_path: Path) -> None:
    from flashcards.documents import read_document

    store = Store.open(db_path)
    document = read_document(SEED)
    given = {(e.word, e.pos): f"given {e.word}" for e in document.entries}
    store.import_document(document, "seed", T0, forms=given)
    assert _stored(db_path)["poached"] == "given poached"


def test_editing_the_word_forgets_its_forms(db_path: Path) -> None:
    store = Store.open(db_path)
    import_file(store, SEED, T0)
    note = next(n for n in store.notes() if n.word == "poached")
    store.edit_note(note.id, T0, word="poach")
    assert _stored(db_path)["poach"] is None
    # The next import keeps the learner's word, without forms (they are computed when needed).
    _, report = import_file(store, SEED, T0)
    assert report.kept_edits == ["poach (word)"]
    assert _stored(db_path)["poach"] is None
    assert ("poaching",) in word_forms("poach", "verb")


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
    notes = {n.word: n for n in store.notes()}
    assert ("poaching",) in word_forms("poached", notes["poached"].pos)
    import_file(store, SEED, T0)
    assert None not in set(_stored(db_path).values())
