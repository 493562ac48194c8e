"""Two programs on one database: reviews while an import runs, two review sessions at once.
Both succeed, no "database is locked" reaches the learner, no answer is lost."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from flashcards.importing import import_file
from flashcards.store import Store

from support import SEED, T0, flashcards_exe

REVIEWER = textwrap.dedent(
    """
    import sys, time
    from flashcards.domain import Rating
    from flashcards.store import Store
    from flashcards.study import Study

    store = Store.open(sys.argv[1])
    study = Study(store, fuzz=False)
    answered = 0
    for _ in range(int(sys.argv[2])):
        card = study.next_card()
        if card is None:
            break
        study.answer(card, Rating.GOOD, typed=card.expected if card.typed else None)
        answered += 1
        print(card.card_id, flush=True)
        time.sleep(float(sys.argv[3]))
    """
)


def reviewer(db: Path, answers: int, pause: float = 0.01) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", REVIEWER, str(db), str(answers), str(pause)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def log_rows(db: Path) -> list[int]:
    raw = sqlite3.connect(db)
    try:
        return [r[0] for r in raw.execute("SELECT card_id FROM review_log WHERE undone = 0")]
    finally:
        raw.close()


@pytest.mark.slow
def test_review_while_an_import_runs(tmp_path: Path) -> None:
    from bench.synth import make_document

    db = tmp_path / "c.db"
    store = Store.open(db)
    import_file(store, SEED, T0)
    store.close()
    big = tmp_path / "big.txt"
    big.write_text(make_document(3000, 600_000), encoding="utf-8")
    review = reviewer(db, 10, pause=0.15)
    importing = subprocess.run(
        [flashcards_exe(), "--db", str(db), "import", str(big)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    out, err = review.communicate(timeout=300)
    assert importing.returncode == 0, importing.stderr[-500:]
    assert review.returncode == 0, err[-2000:]
    assert "locked" not in err + importing.stderr
    answered = [int(line) for line in out.split()]
    assert len(answered) == 10
    assert sorted(log_rows(db)) == sorted(answered)
    assert "3000 new" in importing.stdout


def test_two_review_sessions_at_once(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    store = Store.open(db)
    import_file(store, SEED, T0)
    store.update_deck_settings(store.decks()[0].id, new_per_day=100)
    store.close()
    first, second = reviewer(db, 8), reviewer(db, 8)
    results = [p.communicate(timeout=300) for p in (first, second)]
    for proc, (_, err) in zip((first, second), results, strict=True):
        assert proc.returncode == 0, err[-2000:]
        assert "locked" not in err
    answered = [int(line) for out, _ in results for line in out.split()]
    assert len(answered) == 16
    assert sorted(log_rows(db)) == sorted(answered)
