"""Browse's first page, a search and a quiz of ten at 10k, 100k and 1M cards.

`python bench/paging.py [--sizes 10000,100000,1000000] [--dir DIR]` builds each collection
directly with the standard `sqlite3` driver (three cards a note, 333 notes a deck, two talk
sentences a note; the search index filled the way a migration fills it, timed on its own),
then times each operation through the services (Library.page, Quiz) in this process, warm,
as medians, with each size's figure as a ratio to the smallest size's; and prints, for each
size, the file's size, the search index's (its tables, from `dbstat`) and its fill's time.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth import FILLER, POS, headwords
from flashcards.library import Library
from flashcards.quiz import Quiz
from flashcards.store import Store, search, tables

NOTES_PER_DECK = 333
STAMP = "2026-03-02 09:00:00.000000"


def build(path: Path, cards: int, seed: int = 7) -> tuple[float, float]:
    """A collection of about `cards` cards at `path`; the seconds it took, and those of
    filling its search index."""
    started = time.perf_counter()
    Store.open(path).close()  # the schema, as the program makes it
    notes = max(1, cards // 3)
    rng = random.Random(seed)
    words = headwords(notes, seed)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    ).fetchall()
    for name, _ in triggers:  # made again and their tables filled at the end, as a migration
        conn.execute(f"DROP TRIGGER {name}")
    decks = (notes + NOTES_PER_DECK - 1) // NOTES_PER_DECK
    conn.executemany(
        "INSERT INTO deck (id, name, title, source, tags, new_per_day, reviews_per_day,"
        " desired_retention, created_at) VALUES (?, ?, ?, NULL, '[]', 20, 200, 0.9, ?)",
        [(d, f"deck {d:04d}", f"Talk {d}", STAMP) for d in range(1, decks + 1)],
    )
    note_rows, context_rows, card_rows = [], [], []
    for i, word in enumerate(words):
        note_id, deck_id, position = i + 1, i // NOTES_PER_DECK + 1, i % NOTES_PER_DECK
        _abbr, pos = POS[i % len(POS)]
        definition = " ".join(rng.choice(FILLER) for _ in range(8))
        example = f"I think the {word} is {rng.choice(FILLER)} here."
        note_rows.append(
            (
                note_id,
                deck_id,
                word,
                word,
                pos,
                definition.capitalize() + ".",
                json.dumps([rng.choice(words) for _ in range(2)]),
                example,
                word,
                None,  # forms: found when a note is marked up (as in an old database)
                position,
                position * 2 + 3,
                STAMP,
                STAMP,
            )
        )
        for k in range(2):
            filler = " ".join(rng.choice(FILLER) for _ in range(10))
            context_rows.append((note_id, k, f"So {filler} {word} and {rng.choice(FILLER)}."))
        for kind in ("meaning", "recall", "context"):
            card_rows.append((note_id, deck_id, kind))
    conn.executemany(
        "INSERT INTO note (id, deck_id, key, word, ipa, pos, definition, synonyms, example,"
        " syllables, forms, position, line, in_source, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
        note_rows,
    )
    conn.executemany(
        "INSERT INTO context (note_id, position, sentence) VALUES (?, ?, ?)", context_rows
    )
    conn.executemany(
        "INSERT INTO card (note_id, deck_id, kind, state, reps, lapses, suspended, leech,"
        " retired, context_turn, created_at) VALUES (?, ?, ?, 'new', 0, 0, 0, 0, 0, 0, ?)",
        [(*row, STAMP) for row in card_rows],
    )
    # The cards' and notes' tallies, and the reviews' by day (no answers yet).
    for statement in (*tables.COUNT_FILL, *tables.DUE_FILL, *tables.FORECAST_FILL):
        conn.execute(statement)
    for name, statement in triggers:
        if name not in search.TRIGGER_NAMES:  # those are made with the index's fill
            conn.execute(statement)
    conn.commit()
    filling = time.perf_counter()
    for statement in (*search.TRIGGERS, *search.FILL):
        conn.execute(statement)
    conn.commit()
    filled = time.perf_counter() - filling
    conn.close()
    return time.perf_counter() - started, filled


def sizes_of(path: Path) -> dict[str, float]:
    """The file's size and its search index's (the FTS5 tables), in MB."""
    conn = sqlite3.connect(path)
    try:
        index = conn.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'note\\_search\\_%' ESCAPE '\\'"
            " AND name != 'note_search_pending'"
        ).fetchone()[0]
    finally:
        conn.close()
    return {"file MB": path.stat().st_size / 1e6, "search index MB": index / 1e6}


def timed(action: Callable[[], object], runs: int = 5) -> float:
    """The median seconds of `runs` calls (after one unmeasured warm-up)."""
    action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def measure(path: Path) -> dict[str, float]:
    store = Store.open(path)
    try:
        library = Library(store)
        with store.reading() as conn:
            word = conn.execute("SELECT word FROM note WHERE id = 1").fetchone()[0]
            middle = conn.execute("SELECT max(deck_id) / 2 + 1 FROM note").fetchone()[0]
        rng = random.Random(3)
        return {
            "browse first page, all decks": timed(lambda: library.page(None, "")),
            "browse first page, one deck": timed(lambda: library.page(middle, "")),
            "browse next page, all decks": timed(
                lambda: library.page(None, "", library.page(None, "").after)
            ),
            "search a headword (one note)": timed(lambda: library.page(None, word)),
            "search 4 letters (a page of notes)": timed(lambda: library.page(None, "thin")),
            "search a common word ('the')": timed(lambda: library.page(None, "the")),
            "search two words ('think here')": timed(lambda: library.page(None, "think here")),
            "quiz of 10, all decks": timed(
                lambda: Quiz(store, None, count=10, rng=random.Random(rng.random())).questions
            ),
            "quiz of 10, one deck": timed(
                lambda: Quiz(store, middle, count=10, rng=random.Random(rng.random())).questions
            ),
        }
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    where = args.dir or Path(tempfile.mkdtemp(prefix="paging-"))
    results: dict[int, dict[str, float]] = {}
    built: dict[int, dict[str, float]] = {}
    for size in sizes:
        path = where / f"cards-{size}.db"
        if not path.exists():
            print(f"building {size:,} cards ... ", end="", flush=True)
            seconds, filled = build(path, size)
            print(f"{seconds:.1f} s (search index {filled:.1f} s)", flush=True)
            built[size] = {"build s": seconds, "search index fill s": filled}
        built[size] = {**built.get(size, {}), **sizes_of(path)}
        results[size] = measure(path)
    base = sizes[0]
    print(
        f"\n{'operation':40}" + "".join(f"{s:>12,}" for s in sizes) + "   ratio to " + f"{base:,}"
    )
    for name in results[base]:
        cells = "".join(f"{results[s][name] * 1000:>10.2f}ms" for s in sizes)
        ratios = " ".join(f"{results[s][name] / results[base][name]:.2f}x" for s in sizes[1:])
        print(f"{name:40}{cells}   {ratios}")
    for size in sizes:
        print(f"{size:>10,} cards: " + ", ".join(f"{k} {v:.1f}" for k, v in built[size].items()))
    print(json.dumps({str(s): {**r, **built[s]} for s, r in results.items()}, indent=1))


if __name__ == "__main__":
    main()
