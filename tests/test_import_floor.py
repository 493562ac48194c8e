"""The import near its floor gives what it gave before: the same contexts and, when shown, the
same syllables, on the seed, the fixtures and a synthetic document; and a whole-process
import loads neither pyphen nor the ORM into a database at the current version.

`fixtures/import_before.json` was written by the import as it was before word forms came
from a table and syllables were cut when shown (the synthetic document as a hash)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from bench.synth import make_document
from flashcards.documents import read_document
from flashcards.importing import import_file
from flashcards.store import Store
from flashcards.text.syllables import shown_syllables

from support import FIXTURES, ROOT, SEED, T0

BEFORE = json.loads((FIXTURES / "import_before.json").read_text(encoding="utf-8"))
DOCUMENTS = [SEED, *sorted(FIXTURES.glob("*.txt"))]


def test_contexts_and_syllables_are_as_before(tmp_path: Path) -> None:
    for path in DOCUMENTS:
        name = str(path.relative_to(ROOT))
        entries = read_document(path).entries
        assert {e.word: list(e.contexts) for e in entries} == BEFORE["contexts"][name]
        assert {e.word: shown_syllables(e) for e in entries} == BEFORE["syllables"][name]
    synthetic = tmp_path / "synth.txt"
    synthetic.write_text(make_document(2000, 300_000), encoding="utf-8")
    entries = read_document(synthetic).entries
    digest = json.dumps([[e.word, list(e.contexts)] for e in entries], ensure_ascii=False)
    assert hashlib.sha256(digest.encode()).hexdigest() == BEFORE["contexts"]["synth"]


def test_an_import_into_a_current_database_loads_no_pyphen_and_no_orm(db_path: Path) -> None:
    Store.open(db_path).close()  # a database at the current version
    code = (
        "import sys; from flashcards.cli import main; "
        f"status = main(['--db', {str(db_path)!r}, 'import', {str(SEED)!r}]); "
        "print(sorted(m for m in ('pyphen', 'sqlalchemy', 'sqlmodel', 'pydantic', "
        "'lemminflect', 'numpy') if m in sys.modules), status)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[] 0"
    raw = sqlite3.connect(db_path)
    assert raw.execute("SELECT count(*) FROM note").fetchone()[0] == 10
    raw.close()


def test_a_reimport_over_stored_syllables_changes_nothing_shown(db_path: Path) -> None:
    store = Store.open(db_path)
    import_file(store, SEED, T0)
    # As an import before this one stored them: every note's syllables, cut at import.
    with store.writing() as conn:
        for note in store.notes():
            conn.execute(
                "UPDATE note SET syllables = ? WHERE id = ?", (shown_syllables(note), note.id)
            )
    shown = {n.word: shown_syllables(n) for n in store.notes()}
    _, report = import_file(store, SEED, T0)
    assert not report.updated and report.unchanged == 10
    assert {n.word: n.syllables for n in store.notes()} == dict.fromkeys(shown, "")
    assert {n.word: shown_syllables(n) for n in store.notes()} == shown


def test_the_learners_syllables_are_kept_and_shown(db_path: Path) -> None:
    store = Store.open(db_path)
    import_file(store, SEED, T0)
    note = next(n for n in store.notes() if n.word == "oligopoly")
    store.edit_note(note.id, T0, syllables="o·li·go·po·ly")
    _, report = import_file(store, SEED, T0)
    assert report.kept_edits == ["oligopoly (syllables)"]
    again = next(n for n in store.notes() if n.word == "oligopoly")
    assert shown_syllables(again) == "o·li·go·po·ly"
