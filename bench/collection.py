"""Synthetic collections for the benchmarks: N cards in decks of about 1,000, with 10
review-log rows a card, from 1,000 cards to 1,000,000 (and 10,000,000 log rows).

The schema comes from the program (``Store.open`` on an empty file), so it is exactly ours;
the rows go in directly through the standard ``sqlite3`` driver in one transaction, with
journal_mode=OFF and synchronous=OFF while building. A first block of cards (10,000 at the
larger sizes) is made in Python: its decks, notes, contexts and cards by ``executemany``,
its answers into a temporary table with the group each is counted in (young or mature, by
the wait since the card's previous answer) and their tally. Every further block is a copy of
the first, its ids moved on, made by SQLite itself (``INSERT ... SELECT``, no Python object
a row): the notes, cards and ten million answers, and the tally, whose rows are the first
block's with the decks moved on (one ``GROUP BY`` over the block, not over the log). The
triggers are dropped while the rows go in; the secondary indexes are made once at the end,
except the log's day index, which the answers reach in its own order; the search index is
filled once from the notes. The file is then what the program would have made: the same
objects, the tallies equal to their definitions, nothing left pending.

The data are shaped like a learner's: a deck per talk of about 1,000 cards (333 words), a
third of the cards new, a few in learning (due some hours ago or in some hours, never
within minutes, so that which card comes first does not change while a benchmark runs) and
the rest in review, due from 20 days ago to 120 days ahead; the log spreads over three
years, oldest first, the last answers an hour ago. Notes and contexts carry the spans of
their word's uses as an import stores them (found by the importer's own function), so that
a review reads them instead of finding the uses again.

Headwords are unique within a deck and drawn from a pool of 400 (their stored forms cost
lemminflect a millisecond or more each to find, which for 333,334 distinct words would be
most of the build; they are kept in the cache folder). ``cached_collection`` keeps built
files by size and schema version.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import chain
from pathlib import Path

from bench.common import ROOT
from bench.synth import headwords, pseudo_word
from flashcards.store import Store, search, tables
from flashcards.store.importer import dump_spans
from flashcards.store.sqlite import to_db_time
from flashcards.store.version import MATURE_DAYS, SCHEMA_VERSION
from flashcards.text.forms import FORMS_VERSION, dump_forms, find_uses

CARDS_PER_DECK = 1_000
KINDS = ("meaning", "recall", "context")
LOGS_PER_CARD = 10
WORD_POOL = 400
#: A collection larger than this, in whole blocks, is blocks like its first.
BLOCK = 10_000
#: Changes whenever what the builder writes changes (cached files are keyed by it).
BUILDER_VERSION = 6
#: Where built collections are kept ($FLASHCARDS_BENCH_CACHE, else bench/.cache).
CACHE_ENV = "FLASHCARDS_BENCH_CACHE"

_TABLES = ("note", "context", "card", "review_log")
#: The secondary index the log's rows reach in its own order (time, then deck: each block's
#: copy of an answer has a larger deck than the one before): kept while they go in, since
#: adding at its end costs less than sorting ten million entries afterwards.
_KEPT_INDEX = "ix_review_log_day"


def cache_dir() -> Path:
    """The folder of cached collections."""
    return Path(os.environ.get(CACHE_ENV) or ROOT / "bench" / ".cache")


def cached_collection(cards: int, *, logs_per_card: int = LOGS_PER_CARD) -> Path:
    """A built collection of `cards` cards, from the cache when one of this size, schema and
    builder version is there (benchmarks that write must work on a `copy_collection`)."""
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"collection-{cards}-logs{logs_per_card}-v{SCHEMA_VERSION}.{BUILDER_VERSION}.db"
    path = folder / name
    if not path.exists():
        partial = folder / f".{name}.{os.getpid()}.part"
        build_collection(partial, cards, logs_per_card=logs_per_card)
        partial.replace(path)
    return path


def build_collection(
    path: Path,
    cards: int,
    *,
    logs_per_card: int = LOGS_PER_CARD,
    now: datetime | None = None,
    seed: int = 7,
    block: int = BLOCK,
) -> dict[str, int]:
    """Create the database `path` (replacing it) with `cards` cards in decks of about 1,000
    and `logs_per_card` review-log rows a card, as copies of a first `block` of cards when
    it is a multiple of it. Returns what it holds."""
    now = now or datetime.now(UTC)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    Store.open(path).close()
    rng = random.Random(seed)
    copies = cards // block if cards > block and cards % block == 0 else 1
    block = cards // copies
    notes = -(-block // len(KINDS))
    decks = max(1, round(block / CARDS_PER_DECK))
    per_deck = -(-notes // decks)
    created = to_db_time(now - timedelta(days=400))
    sizes = {"decks": decks, "notes": notes, "cards": block}

    db = sqlite3.connect(path, isolation_level=None)
    for pragma in (
        "journal_mode = OFF",
        "synchronous = OFF",
        "locking_mode = EXCLUSIVE",
        "temp_store = MEMORY",
        "cache_size = -400000",  # 400 MB: the indexes are sorted in memory
    ):
        db.execute(f"PRAGMA {pragma}")
    db.execute("BEGIN")
    triggers = _drop("trigger", db)
    indexes = _drop("index", db)
    _decks(db, decks, created)
    _notes(db, rng, notes, per_deck, created, seed)
    scheduled = _cards(db, rng, block, per_deck, now, created)
    db.execute(
        "CREATE TEMP TABLE block_log (n INTEGER PRIMARY KEY, card_id INTEGER, deck_id INTEGER,"
        " rating INTEGER, at TEXT, counted_as TEXT)"
    )
    if scheduled and logs_per_card:
        _log(db, block * logs_per_card, scheduled, now)
    _copy_blocks(db, copies, sizes)
    for statement in indexes:
        db.execute(statement)
    _tallies(db, sizes)
    _search_index(db)
    for statement in triggers:
        db.execute(statement)
    db.execute("COMMIT")
    db.execute("PRAGMA locking_mode = NORMAL")
    db.execute("PRAGMA journal_mode = WAL")  # as the program leaves its files
    held = {
        "decks": db.execute("SELECT count(*) FROM deck").fetchone()[0],
        "notes": db.execute("SELECT count(*) FROM note").fetchone()[0],
        "cards": db.execute("SELECT count(*) FROM card").fetchone()[0],
        "review_log": db.execute("SELECT count(*) FROM review_log").fetchone()[0],
    }
    db.close()
    return held


_COPY = {  # each row of the first block once for each further block, its ids moved on
    "deck": "INSERT INTO deck (id, name, title, source, tags, new_per_day, reviews_per_day, "
    "desired_retention, created_at) SELECT d.id + c.k * :decks, 'Talk ' || (d.id + c.k * :decks), "
    "'A talk, number ' || (d.id + c.k * :decks), source, tags, new_per_day, reviews_per_day, "
    "desired_retention, created_at FROM copies c CROSS JOIN deck d WHERE c.k > 0 "
    "ORDER BY c.k, d.id",
    "note": "INSERT INTO note (id, deck_id, key, word, ipa, pos, definition, synonyms, example, "
    "syllables, forms, example_spans, position, line, in_source, created_at, updated_at) "
    "SELECT n.id + c.k * :notes, deck_id + c.k * :decks, key, word, ipa, pos, definition, "
    "synonyms, example, syllables, forms, example_spans, position + c.k * :notes, line, "
    "in_source, created_at, updated_at FROM copies c CROSS JOIN note n WHERE c.k > 0 "
    "ORDER BY c.k, n.id",
    "context": "INSERT INTO context (note_id, position, sentence, spans) "
    "SELECT note_id + c.k * :notes, position, sentence, spans "
    "FROM copies c CROSS JOIN context x WHERE c.k > 0 ORDER BY c.k, x.id",
    "card": "INSERT INTO card (id, note_id, deck_id, kind, state, step, stability, difficulty, "
    "due, last_review, reps, lapses, suspended, leech, buried_until, retired, context_turn, "
    "created_at) SELECT x.id + c.k * :cards, note_id + c.k * :notes, deck_id + c.k * :decks, "
    "kind, state, step, stability, difficulty, due, last_review, reps, lapses, suspended, "
    "leech, buried_until, retired, context_turn, created_at "
    "FROM copies c CROSS JOIN card x WHERE c.k > 0 ORDER BY c.k, x.id",
    # Every block's answers, oldest first: each answer of the first block in every block.
    "review_log": "INSERT INTO review_log (card_id, deck_id, rating, reviewed_at, duration_ms, "
    "state_before, prior_state, state, undone, counted_as) "
    "SELECT b.card_id + c.k * :cards, b.deck_id + c.k * :decks, b.rating, b.at, 5000, '{}', "
    "'review', 'review', 0, b.counted_as FROM block_log b CROSS JOIN copies c "
    "ORDER BY b.n, c.k",
}


def _copy_blocks(db: sqlite3.Connection, copies: int, sizes: dict[str, int]) -> None:
    """The collection as `copies` blocks like the first (a million cards: a hundred blocks
    of 10,000), copied by SQLite itself: no Python object a row."""
    db.execute("CREATE TEMP TABLE copies (k INTEGER PRIMARY KEY)")
    db.executemany("INSERT INTO copies VALUES (?)", [(k,) for k in range(copies)])
    for statement in _COPY.values():
        db.execute(statement, sizes)


#: The log's tally (``review_tally``, by deck and prior state) of the first block's answers
#: as `tables.TALLY_FILL` counts them, once for each block, its decks moved on: every block's
#: cards answer alike, so its tally is the first block's.
_TALLY = (
    "INSERT INTO review_tally (deck_id, prior_state, answers, passed, young, young_passed,"
    " mature, mature_passed) SELECT t.deck_id + c.k * :decks, 'review', answers, passed, young,"
    " young_passed, mature, mature_passed FROM copies c CROSS JOIN (SELECT deck_id,"
    " count(*) AS answers, sum(rating != 1) AS passed, sum(counted_as IS 'young') AS young,"
    " sum(counted_as IS 'young' AND rating != 1) AS young_passed,"
    " sum(counted_as IS 'mature') AS mature,"
    " sum(counted_as IS 'mature' AND rating != 1) AS mature_passed"
    " FROM block_log GROUP BY deck_id) AS t ORDER BY 1"
)


def _tallies(db: sqlite3.Connection, sizes: dict[str, int]) -> None:
    """The tallies the triggers would have kept, filled once the rows are in."""
    db.execute("DELETE FROM review_tally")
    db.execute(_TALLY, sizes)
    for statement in (*tables.COUNT_FILL, *tables.DUE_FILL, *tables.FORECAST_FILL):
        db.execute(statement)


def _search_index(db: sqlite3.Connection) -> None:
    """The search index, once, from every note, as a migration fills it: with a larger
    buffer of words before each write of the index (fewer, larger pieces to merge), which
    is then set back as the program has it."""
    db.execute("INSERT INTO note_search (note_search, rank) VALUES ('hashsize', 256000000)")
    for statement in search.FILL:
        db.execute(statement)
    db.execute("DELETE FROM note_search_config WHERE k = 'hashsize'")


def _drop(kind: str, db: sqlite3.Connection) -> list[str]:
    """Drop the triggers (each answer's tally, each note's search mark) or the secondary
    indexes of the big tables; their CREATE statements, to run once the rows are in (one
    sort each instead of ten million inserts into a B-tree, one fill instead of a trigger a
    row). The log's day index stays."""
    names = ", ".join(f"'{t}'" for t in _TABLES)
    found = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = ? AND sql IS NOT NULL "
        f"AND tbl_name IN ({names}) AND name != ? ORDER BY name",
        (kind, _KEPT_INDEX),
    ).fetchall()
    for name, _sql in found:
        db.execute(f'DROP {kind.upper()} "{name}"')
    return [sql for _name, sql in found]


def _forms(words: list[str]) -> list[str]:
    """Each word's forms as an import stores them, kept in the cache folder: lemminflect
    takes a millisecond or more for each made-up word."""
    kept = cache_dir() / f"forms-{FORMS_VERSION}.json"
    try:
        known: dict[str, str] = json.loads(kept.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    missing = [w for w in words if w not in known]
    if missing:
        known.update((w, dump_forms(w, "noun")) for w in missing)
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(json.dumps(known), encoding="utf-8")
    return [known[w] for w in words]


def _decks(db: sqlite3.Connection, decks: int, created: str) -> None:
    db.executemany(
        "INSERT INTO deck (id, name, title, source, tags, new_per_day, reviews_per_day, "
        "desired_retention, created_at) VALUES (?, ?, ?, NULL, '[]', 20, 200, 0.9, ?)",
        [(d, f"Talk {d}", f"A talk, number {d}", created) for d in range(1, decks + 1)],
    )


def _spans(text: str, word: str) -> str:
    """Where `text` uses `word`, found and stored as an import finds and stores them."""
    return dump_spans(find_uses(text, word, "noun"))


def _notes(
    db: sqlite3.Connection,
    rng: random.Random,
    notes: int,
    per_deck: int,
    created: str,
    seed: int,
) -> None:
    pool = headwords(min(notes, max(WORD_POOL, per_deck)), seed)
    forms = _forms(pool)
    synonyms = [json.dumps([pseudo_word(rng, 2), pseudo_word(rng, 3)]) for _ in pool]
    examples = [f"They said {word} in the example sentence." for word in pool]
    example_spans = [_spans(example, word) for example, word in zip(examples, pool, strict=True)]

    def word_of(note: int) -> int:  # distinct within a deck: consecutive in the pool
        deck, place = divmod(note - 1, per_deck)
        return (deck * 7 + place) % len(pool)

    def rows() -> Iterator[tuple[object, ...]]:
        for n in range(1, notes + 1):
            i = word_of(n)
            word = pool[i]
            yield (
                n,
                (n - 1) // per_deck + 1,
                word,
                word,
                f"ˈ{word}",
                f"Something made up for measuring, number {i + 1}.",  # a recall card masks its word
                synonyms[i],
                examples[i],
                word,
                forms[i],
                example_spans[i],
                n,
                4 * n,
                created,
                created,
            )

    db.executemany(
        "INSERT INTO note (id, deck_id, key, word, ipa, pos, definition, synonyms, example, "
        "syllables, forms, example_spans, position, line, in_source, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, 'noun', ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
        rows(),
    )
    sentences = [
        [
            (sentence, _spans(sentence, w))
            for sentence in (
                f"In part {p} of the talk the speaker used {w} twice, {w}s." for p in (0, 1)
            )
        ]
        for w in pool
    ]
    db.executemany(
        "INSERT INTO context (note_id, position, sentence, spans) VALUES (?, ?, ?, ?)",
        ((n, p, *sentences[word_of(n)][p]) for n in range(1, notes + 1) for p in range(2)),
    )


def _cards(
    db: sqlite3.Connection,
    rng: random.Random,
    cards: int,
    per_deck: int,
    now: datetime,
    created: str,
) -> list[tuple[int, int]]:
    """The cards; those scheduled (in learning or review: the log's cards), with their
    decks."""
    scheduled: list[tuple[int, int]] = []
    new = ("new", None, None, None, None, None, 0, 0)
    learning_at = [now + timedelta(minutes=m) for m in range(-600, 601) if abs(m) >= 60]
    review_at = [now + timedelta(hours=h) for h in range(-20 * 24, 120 * 24)]
    learning = [(to_db_time(at), to_db_time(at - timedelta(minutes=10))) for at in learning_at]
    review = [(to_db_time(at), to_db_time(at - timedelta(days=10))) for at in review_at]
    rows: list[tuple[object, ...]] = []
    for card in range(1, cards + 1):
        note = (card - 1) // len(KINDS) + 1
        deck = (note - 1) // per_deck + 1
        kind = KINDS[(card - 1) % len(KINDS)]
        r = rng.random()
        if r < 0.35:
            schedule: tuple[object, ...] = new
        elif r < 0.40:
            due, last = learning[int(rng.random() * len(learning))]
            schedule = ("learning", 1, 2.3, 5.0, due, last, 2, 0)
        else:
            due, last = review[int(rng.random() * len(review))]
            schedule = (
                "review",
                None,
                1 + 199 * rng.random(),
                1 + 9 * rng.random(),
                due,
                last,
                1 + int(30 * rng.random()),
                int(6 * rng.random()),
            )
        if schedule is not new:
            scheduled.append((card, deck))
        rows.append((card, note, deck, kind, *schedule, created))
        if len(rows) >= 100_000:
            _insert_cards(db, rows)
            rows = []
    _insert_cards(db, rows)
    return scheduled


def _insert_cards(db: sqlite3.Connection, rows: list[tuple[object, ...]]) -> None:
    db.executemany(
        "INSERT INTO card (id, note_id, deck_id, kind, state, step, stability, difficulty, due, "
        "last_review, reps, lapses, suspended, leech, buried_until, retired, context_turn, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, NULL, 0, 0, ?)",
        rows,
    )


def _log(
    db: sqlite3.Connection, total: int, scheduled: list[tuple[int, int]], now: datetime
) -> None:
    """`total` answers to the scheduled cards, evenly spread over three years to an hour
    ago, oldest first, each to a card picked by a multiplicative hash of its number. Times
    are whole seconds put together from a day's text and a second's (formatting ten million
    datetimes would be most of the build)."""
    end = int(now.timestamp()) - 3_600
    start = end - 3 * 365 * 86_400
    step = (end - start) / total
    seconds = [
        f"{h:02d}:{m:02d}:{s:02d}.000000" for h in range(24) for m in range(60) for s in range(60)
    ]
    first_day = start - start % 86_400
    days = [
        datetime.fromtimestamp(first_day + d * 86_400, UTC).strftime("%Y-%m-%d ")
        for d in range((end - first_day) // 86_400 + 1)
    ]
    count = len(scheduled)
    ratings = (1, 3, 3, 3, 4)

    def chunk(low: int, high: int) -> list[tuple[int, int, int, str]]:
        out = []
        for i in range(low, high):
            at = int(start + i * step) - first_day
            card, deck = scheduled[(i * 2654435761) % count]
            out.append((card, deck, ratings[i % 5], days[at // 86_400] + seconds[at % 86_400]))
        return out

    size = 200_000
    db.execute("CREATE TEMP TABLE block_answers (card_id, deck_id, rating, at)")
    db.executemany(
        "INSERT INTO block_answers VALUES (?, ?, ?, ?)",
        chain.from_iterable(chunk(low, min(total, low + size)) for low in range(0, total, size)),
    )
    db.execute(_GROUPS)
    db.execute("DROP TABLE block_answers")


#: Each answer's group of the tally's young/mature split (every answer is a review card's,
#: in force): by the wait since the card's previous answer, as `tables.GROUP_FILL` finds it
#: for a log, here over the first block's answers only (every block's cards answer alike).
_GROUPS = (
    "INSERT INTO block_log (n, card_id, deck_id, rating, at, counted_as) SELECT rowid, card_id,"
    f" deck_id, rating, at, CASE WHEN waited < {MATURE_DAYS} THEN 'young'"
    f" WHEN waited >= {MATURE_DAYS} THEN 'mature' END FROM (SELECT rowid, *, julianday(at)"
    " - julianday(lag(at) OVER (PARTITION BY card_id ORDER BY at, rowid)) AS waited"
    " FROM block_answers) ORDER BY rowid"
)


def copy_collection(source: Path, target: Path) -> Path:
    """A private copy of a built collection (benchmarks that answer cards change it)."""
    src = sqlite3.connect(source)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    dst = sqlite3.connect(target)
    src.backup(dst)
    dst.close()
    src.close()
    return target
