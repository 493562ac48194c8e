"""Figure 1: importing a document, against Anki's CSV import and a bare executemany.

Ours: ``flashcards import`` of a synthetic document into a fresh database, as a whole
process. Baselines, on the very entries our import wrote (its notes with their contexts):
Anki's CSV import into a fresh collection, as a whole process (``bench/anki_import.py``),
and the floor — the same rows written by ``sqlite3.executemany`` into a fresh database of
the same schema, in one transaction, timed in-process.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import time
from pathlib import Path

from bench.common import (
    PYTHON,
    ROOT,
    Figure,
    Measure,
    alternate,
    flashcards_command,
    fresh_db,
    timed_process,
)
from bench.startup import compile_program
from bench.synth import make_document

TABLES = ("deck", "note", "context", "card")


def write_csv(db_path: Path, out: Path) -> int:
    """The entries our import wrote, as Anki's text import reads them:
    word;ipa;pos;definition;synonyms;example;contexts (contexts joined by <br>)."""
    db = sqlite3.connect(db_path)
    contexts: dict[int, list[str]] = {}
    for note_id, sentence in db.execute(
        "SELECT note_id, sentence FROM context ORDER BY note_id, position"
    ):
        contexts.setdefault(note_id, []).append(sentence)
    rows = db.execute(
        "SELECT id, word, ipa, pos, definition, synonyms, example FROM note ORDER BY position"
    ).fetchall()
    db.close()
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        for note_id, word, ipa, pos, definition, synonyms, example in rows:
            writer.writerow(
                [
                    word,
                    ipa or "",
                    pos,
                    definition,
                    ", ".join(json.loads(synonyms)),
                    example,
                    "<br>".join(contexts.get(note_id, [])),
                ]
            )
    return len(rows)


def raw_insert(source: Path, target: Path) -> float:
    """Seconds to write the rows of `source`'s tables into a fresh `target` of the same
    schema with executemany, in one transaction (rows read and schema made beforehand)."""
    src = sqlite3.connect(source)
    # A virtual table (the search index) makes its shadow tables itself.
    shadow = {row[1] for row in src.execute("PRAGMA table_list") if row[2] == "shadow"}
    schema = [
        sql
        for (name, sql) in src.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"
            " AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index'"
        )
        if name not in shadow
    ]
    data = {}
    for table in TABLES:
        cursor = src.execute(f"SELECT * FROM {table}")
        columns = [d[0] for d in cursor.description]
        data[table] = (columns, cursor.fetchall())
    src.close()
    db = sqlite3.connect(fresh_db(target), isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    for sql in schema:
        db.execute(sql)
    start = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    for table, (columns, rows) in data.items():
        marks = ", ".join("?" for _ in columns)
        db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed


def measure(work: Path, entries: int, talk_bytes: int, runs: int) -> Figure:
    compile_program()  # run from bytecode, as an installed program (and Anki) does
    document = work / "import-document.txt"
    document.write_text(make_document(entries, talk_bytes), encoding="utf-8")
    ours_db = work / "import-ours.db"
    entries_csv = work / "import-entries.csv"
    collection = work / "import-anki.anki2"

    def ours() -> float:
        fresh_db(ours_db)
        argv = [*flashcards_command(), "--db", str(ours_db), "import", str(document)]
        return timed_process(argv, cwd=ROOT)[0]

    warm = ours()  # also makes the rows the baselines write; file caches warm for all
    written = write_csv(ours_db, entries_csv)
    anki_counts: dict[str, int] = {}

    def anki() -> float:
        fresh_db(collection)
        for extra in (collection.with_suffix(".media"), collection.with_suffix(".media.db2")):
            if extra.is_file():
                extra.unlink()
        argv = [PYTHON, str(ROOT / "bench" / "anki_import.py"), str(entries_csv), str(collection)]
        elapsed, done = timed_process(argv)
        anki_counts.update(json.loads(done.stdout))
        return elapsed

    ours_s, anki_s = alternate(runs, ours, anki)
    raw_s = [raw_insert(ours_db, work / "import-raw.db") for _ in range(runs)]
    db = sqlite3.connect(ours_db)
    counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    db.close()
    raw = Measure("sqlite3.executemany of the same rows (in-process)", "s", raw_s)
    ours_m = Measure("flashcards import (whole process)", "s", ours_s)
    return Figure(
        key="import",
        title=f"import of a {entries:,}-entry document ({len(document.read_bytes()):,} bytes)",
        ours=ours_m,
        baseline=Measure("Anki CSV import (whole process)", "s", anki_s),
        target=2.0,
        target_on="ratio",
        details={
            "entries": written,
            "document_bytes": document.stat().st_size,
            "rows_written": counts,
            "anki": anki_counts,
            "raw_executemany": raw.as_dict(),
            "ratio_to_raw_executemany": ours_m.median / raw.median if raw.median else None,
            "first_run_s": warm,
        },
    )
