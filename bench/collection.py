"""Synthetic collections for the review benchmarks: N cards with 10 review-log rows each.

The schema comes from the program (``Store.open``); the rows go in through bare
``sqlite3.executemany``, which builds 100,000 cards and 1,000,000 log rows in seconds where the
program's own paths would take minutes. The data are shaped like a learner's: a deck per talk
of about 1,000 cards (333 words), a third of the cards new, a few in learning (due some hours
ago or in some hours, never within minutes, so that which card comes first does not change
while a benchmark runs) and the rest in review, due from 20 days ago to 120 days ahead.
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.synth import headwords, pseudo_word
from flashcards.store import Store
from flashcards.store.sqlite import to_db_time
from flashcards.text.forms import dump_forms

CARDS_PER_DECK = 1_000
KINDS = ("meaning", "recall", "context")
LOGS_PER_CARD = 10


def build_collection(
    path: Path,
    cards: int,
    *,
    logs_per_card: int = LOGS_PER_CARD,
    now: datetime | None = None,
    seed: int = 7,
) -> dict[str, int]:
    """Create the database `path` (replacing it) with `cards` cards in decks of about 1,000
    and `logs_per_card` review-log rows a card. Returns what it holds."""
    now = now or datetime.now(UTC)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    Store.open(path).close()
    rng = random.Random(seed)
    notes = -(-cards // len(KINDS))
    decks = max(1, round(cards / CARDS_PER_DECK))
    per_deck = -(-notes // decks)
    created = to_db_time(now - timedelta(days=400))
    words = headwords(notes, seed)

    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    db.executemany(
        "INSERT INTO deck (id, name, title, source, tags, new_per_day, reviews_per_day, "
        "desired_retention, created_at) VALUES (?, ?, ?, NULL, '[]', 20, 200, 0.9, ?)",
        [(d, f"Talk {d}", f"A talk, number {d}", created) for d in range(1, decks + 1)],
    )

    def deck_of(note: int) -> int:
        return (note - 1) // per_deck + 1

    db.executemany(
        "INSERT INTO note (id, deck_id, key, word, ipa, pos, definition, synonyms, example, "
        "syllables, forms, position, line, in_source, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, 'noun', ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
        (
            (
                n,
                deck_of(n),
                word,
                word,
                f"ˈ{word}",
                f"The meaning of {word}, a word made up for measuring.",
                json.dumps([pseudo_word(rng, 2), pseudo_word(rng, 3)]),
                f"They said {word} in the example sentence.",
                word,
                dump_forms(word, "noun"),  # as an import stores them
                n,
                4 * n,
                created,
                created,
            )
            for n, word in enumerate(words, start=1)
        ),
    )
    db.executemany(
        "INSERT INTO context (note_id, position, sentence) VALUES (?, ?, ?)",
        (
            (n, p, f"In part {p} of the talk the speaker used {word} twice, {word}s.")
            for n, word in enumerate(words, start=1)
            for p in range(2)
        ),
    )
    rows = []
    scheduled: list[tuple[int, int]] = []
    for card in range(1, cards + 1):
        note = (card - 1) // len(KINDS) + 1
        kind = KINDS[(card - 1) % len(KINDS)]
        r = rng.random()
        if r < 0.35:
            state, step, stability, difficulty, due, last, reps, lapses = (
                "new",
                None,
                None,
                None,
                None,
                None,
                0,
                0,
            )
        elif r < 0.40:
            minutes = rng.choice((-1, 1)) * rng.randint(60, 600)
            at = now + timedelta(minutes=minutes)
            state, step, stability, difficulty = "learning", 1, 2.3, 5.0
            due, last, reps, lapses = to_db_time(at), to_db_time(at - timedelta(minutes=10)), 2, 0
        else:
            at = now + timedelta(days=rng.uniform(-20, 120))
            state, step = "review", None
            stability, difficulty = rng.uniform(1, 200), rng.uniform(1, 10)
            due, last = to_db_time(at), to_db_time(at - timedelta(days=10))
            reps, lapses = rng.randint(1, 30), rng.randint(0, 5)
        if state != "new":
            scheduled.append((card, deck_of(note)))
        schedule = (state, step, stability, difficulty, due, last, reps, lapses)
        rows.append((card, note, deck_of(note), kind, *schedule, created))
    db.executemany(
        "INSERT INTO card (id, note_id, deck_id, kind, state, step, stability, difficulty, due, "
        "last_review, reps, lapses, suspended, leech, buried_until, retired, context_turn, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, NULL, 0, 0, ?)",
        rows,
    )
    snapshot = json.dumps({"card": {"state": "review"}, "siblings": {}})
    total_logs = cards * logs_per_card

    def logs():  # oldest first, as they were written; the last few today
        moments = sorted(rng.randint(3_600, 3 * 365 * 86_400) for _ in range(total_logs))
        for seconds in reversed(moments):
            card, deck = rng.choice(scheduled)
            at = now - timedelta(seconds=seconds)
            yield (card, deck, rng.choice((1, 3, 3, 3, 4)), to_db_time(at), 5_000, snapshot)

    if scheduled and total_logs:
        db.executemany(
            "INSERT INTO review_log (card_id, deck_id, rating, reviewed_at, duration_ms, "
            "state_before, prior_state, state, undone) "
            "VALUES (?, ?, ?, ?, ?, ?, 'review', 'review', 0)",
            logs(),
        )
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    held = {
        "decks": decks,
        "notes": notes,
        "cards": db.execute("SELECT count(*) FROM card").fetchone()[0],
        "review_log": db.execute("SELECT count(*) FROM review_log").fetchone()[0],
    }
    db.close()
    return held


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
