"""An import stores exactly the rows it stored before it was made faster: every column of
every deck, note, context and card row, the warnings and the report, on the seed (as
imported and as the bundled deck), on the fixture documents (`fixtures/import_rows/` holds
one of accents, phrases and overlapping forms) and on the synthetic 5,000-entry document of
the import benchmark (imported fresh, re-imported with a different talk, which updates most
notes' contexts, then with the first talk again).

`fixtures/import_rows.json` holds a digest of each canonical dump, written by the import
before it found all the words' uses in one pass over the talk:

    .venv/bin/python tests/test_import_rows.py --write
"""

from __future__ import annotations

import gc
import hashlib
import json
import sqlite3
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from bench.synth import make_document
from flashcards.importing import import_file, read_bundled
from flashcards.paths import bundled_decks_dir
from flashcards.store import Store
from flashcards.store.importer import WRITE_CACHE_KIB
from flashcards.text.cuts_ahead import headword_cut

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support import FIXTURES, ROOT, SEED, T0

DIGESTS = FIXTURES / "import_rows.json"
OWN = FIXTURES / "import_rows"  # documents written for this test: accents, phrases, overlaps
TABLES = ("deck", "note", "context", "card", "note_search_pending")
# The synthetic document of the benchmark, and the same list with another talk.
SYNTHETIC = (5000, 1_000_000)
RETOLD = (5000, 900_000)


def canonical_dump(db_path: Path, *, hide: str) -> list[Any]:
    """Every row of the import's tables, ordered by key, with the path ``hide`` masked; a
    note's stored cut (schema 9, newer than the digests) is checked against its fields
    instead of being dumped."""
    raw = sqlite3.connect(db_path)
    try:
        dump: list[Any] = []
        for table in TABLES:
            cursor = raw.execute(f"SELECT * FROM {table} ORDER BY 1")
            columns = [d[0] for d in cursor.description]
            rows = [
                [v.replace(hide, "<doc>") if isinstance(v, str) else v for v in row]
                for row in cursor
            ]
            if table == "note":
                _check_cuts(columns, rows)
                at = columns.index("cut")
                columns = columns[:at] + columns[at + 1 :]
                rows = [row[:at] + row[at + 1 :] for row in rows]
            dump.append([table, columns, rows])
        return dump
    finally:
        raw.close()


def _check_cuts(columns: list[str], rows: list[list[Any]]) -> None:
    """Each note is stored with the cut of its word, IPA, part of speech and definition."""
    at = {name: columns.index(name) for name in ("word", "ipa", "pos", "definition", "cut")}
    for row in rows:
        fields = [row[at[name]] for name in ("word", "ipa", "pos", "definition")]
        assert row[at["cut"]] == headword_cut(*fields), fields


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _imported(store: Store, path: Path, **kwargs: Any) -> list[Any]:
    document, report = import_file(store, path, T0, **kwargs)
    issues = [[i.line, i.word, i.message.replace(str(path), "<doc>")] for i in document.issues]
    return [issues, asdict(report)]


def digests(folder: Path) -> dict[str, str]:
    """The digest of each import's rows, warnings and report (see the module's docstring)."""
    found: dict[str, str] = {}
    documents = [SEED, *sorted(FIXTURES.glob("*.txt")), *sorted(OWN.glob("*.txt"))]
    for number, path in enumerate(documents):
        db = folder / f"small-{number}.db"
        store = Store.open(db)
        said = _imported(store, path, fixes={})  # the document as written
        store.close()
        name = str(path.relative_to(ROOT))
        found[name] = _digest([said, canonical_dump(db, hide=str(path))])
    bundled = read_bundled(bundled_decks_dir() / "making-ai-accessible.toml")
    db = folder / "bundled.db"
    store = Store.open(db)
    said = _imported(store, bundled.source, deck=bundled.name, fixes=bundled.fixes)
    store.close()
    found["bundled"] = _digest([said, canonical_dump(db, hide=str(bundled.source))])
    document = folder / "synthetic.txt"
    db = folder / "synthetic.db"
    store = Store.open(db)
    steps = []
    for entries, talk_bytes in (SYNTHETIC, RETOLD, SYNTHETIC):
        document.write_text(make_document(entries, talk_bytes), encoding="utf-8")
        said = _imported(store, document)
        steps.append([said, canonical_dump(db, hide=str(document.resolve()))])
    found["synthetic"] = _digest(steps[0])
    found["synthetic, retold"] = _digest(steps[1])
    found["synthetic, told again"] = _digest(steps[2])
    store.close()
    return found


@pytest.mark.slow
def test_every_stored_row_is_as_before(tmp_path: Path) -> None:
    before = json.loads(DIGESTS.read_text(encoding="utf-8"))
    assert digests(tmp_path) == before


if __name__ == "__main__" and "--write" in sys.argv:
    import tempfile

    with tempfile.TemporaryDirectory() as work:
        made = digests(Path(work))
    DIGESTS.write_text(json.dumps(made, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(made, indent=1))


def test_the_collector_is_paused_only_during_an_import(db_path: Path) -> None:
    seen: list[bool] = []
    store = Store.open(db_path)
    original = store.import_document

    def spying(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    store.import_document = spying  # type: ignore[method-assign]
    assert gc.isenabled()
    import_file(store, SEED, T0)
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        import_file(store, SEED, T0)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
    store.close()


def test_the_write_cache_is_the_connections_own_again_after_an_import(db_path: Path) -> None:
    store = Store.open(db_path)

    def cache_sizes() -> set[int]:
        sizes = set()
        for _ in range(3):  # whichever connection of the pool the store hands out
            with store.writing() as conn:
                sizes.add(conn.execute("PRAGMA cache_size").fetchone()[0])
        return sizes

    before = cache_sizes()
    assert -WRITE_CACHE_KIB not in before
    import_file(store, SEED, T0)
    assert cache_sizes() == before
    store.close()
