"""Fitting FSRS parameters to a learner's history: held-out quality on a synthetic learner,
`flashcards optimize` / `--revert` / `--reschedule` and `config retention` on a real
database, the fitted set used by the review, and the review path without the optimiser."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bench.fitting import held_out, synthetic_learner
from bench.synth import make_document
from flashcards.domain import CardKind, Rating
from flashcards.importing import import_file
from flashcards.scheduling import DEFAULT_PARAMETERS, Schedule, Scheduler
from flashcards.store import Store
from flashcards.store import parameters as stored
from flashcards.store.parameters import HistoryAnswer

from study_support import Clock, session
from support import ROOT

Run = Callable[..., subprocess.CompletedProcess[str]]
HISTORY_START = datetime(2025, 1, 6, 10, 0, tzinfo=UTC)


def test_a_fit_predicts_held_out_reviews_better_than_the_defaults() -> None:
    # A learner who remembers by other parameters than FSRS' defaults (and production
    # harder than recognition): fitted on nine months, judged on the three after.
    result = held_out(synthetic_learner(new_per_day=4, seed=3))
    assert result.train > 2000 and result.test > 1000
    assert result.fitted[0] < result.default[0]
    assert result.per_kind[0] < result.default[0]
    # Each kind's own set predicts its own cards better than the defaults do.
    for figures in result.per_group.values():
        assert figures["own_set"]["log_loss"] < figures["default"]["log_loss"]


def _big_deck(db_path: Path, tmp_path: Path, entries: int = 120) -> list[tuple[int, CardKind]]:
    document = tmp_path / "big.txt"
    document.write_text(make_document(entries, 30_000, seed=5), encoding="utf-8")
    store = Store.open(db_path)
    try:
        import_file(store, document, HISTORY_START - timedelta(days=1), deck="Big")
        return [(c.id, c.kind) for n in store.notes() for c in n.cards]
    finally:
        store.close()


def _write_history(db_path: Path, history: list[HistoryAnswer]) -> None:
    """The answers as review-log rows (what the review or an Anki merge would have left)."""
    raw = sqlite3.connect(db_path)
    try:
        deck = raw.execute("SELECT id FROM deck").fetchone()[0]
        raw.executemany(
            "INSERT INTO review_log (card_id, deck_id, rating, reviewed_at, duration_ms, "
            "state_before, prior_state, state, due, undone) "
            "VALUES (?, ?, ?, ?, 4000, '{}', 'review', 'review', ?, 0)",
            [
                (
                    a.card_id,
                    deck,
                    int(a.rating),
                    a.reviewed_at.strftime("%Y-%m-%d %H:%M:%S.%f"),
                    (a.reviewed_at + timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S.%f"),
                )
                for a in history
            ],
        )
        raw.commit()
    finally:
        raw.close()


@pytest.fixture
def learnt(db_path: Path, tmp_path: Path) -> list[HistoryAnswer]:
    """A real database whose review log holds a year of a synthetic learner's answers."""
    cards = _big_deck(db_path, tmp_path)
    history = synthetic_learner(new_per_day=6, cards=cards, start=HISTORY_START, seed=2)
    _write_history(db_path, history)
    return history


def _stats(cli: Run) -> dict[str, Any]:
    done = cli("stats", "--json")
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_optimize_says_plainly_when_the_history_is_too_thin(cli: Run, seed_path: Path) -> None:
    assert cli("import", str(seed_path)).returncode == 0
    done = cli("optimize")
    assert done.returncode == 0, done.stderr
    assert "not enough history" in done.stdout
    assert "at least 400" in done.stdout
    assert _stats(cli)["parameters"]["fitted"] is False
    reverted = cli("optimize", "--revert")
    assert reverted.returncode == 1
    assert reverted.stderr.count("\n") == 1 and "Traceback" not in reverted.stderr


@pytest.mark.slow
def test_optimize_keeps_a_better_fit_per_kind_and_reverts(
    cli: Run, db_path: Path, learnt: list[HistoryAnswer]
) -> None:
    done = cli("optimize", "--deck", "Big")
    assert done.returncode == 0, done.stderr
    assert "kept" in done.stdout
    assert "recognition (meaning)" in done.stdout and "production" in done.stdout
    params = _stats(cli)["parameters"]
    assert params["fitted"] is True and params["scope"] == "deck"
    assert params["reviews"] > 800
    # The two kinds remember differently, so each has a set of its own.
    assert params["per_kind"] is True
    assert params["weights"]["recognition"] != params["weights"]["production"]
    assert params["weights"]["recognition"] != list(DEFAULT_PARAMETERS)

    # Fitting the same history again finds nothing better than what is in use.
    again = cli("optimize", "--deck", "Big")
    assert "no better than the set in use" in again.stdout
    assert _stats(cli)["parameters"]["fitted_at"] == params["fitted_at"]

    back = cli("optimize", "--deck", "Big", "--revert")
    assert back.returncode == 0, back.stderr
    assert "default FSRS parameters" in back.stdout
    assert _stats(cli)["parameters"]["fitted"] is False
    forth = cli("optimize", "--deck", "Big", "--revert")
    assert "fitted" in forth.stdout
    assert _stats(cli)["parameters"]["weights"] == params["weights"]


def test_the_review_schedules_each_kind_with_its_fitted_set(
    cli: Run, db_path: Path, learnt: list[HistoryAnswer]
) -> None:
    assert cli("optimize", "--deck", "Big").returncode == 0
    store = Store.open(db_path)
    try:
        deck = store.decks()[0].id
        with store.reading() as conn:
            weights = {k: stored.weights_for(conn, deck, k) for k in CardKind}
        assert weights[CardKind.MEANING] != weights[CardKind.RECALL]
        assert weights[CardKind.RECALL] == weights[CardKind.CONTEXT]
        new_ids = [
            c.id
            for n in store.notes()
            for c in n.cards
            if c.state.value == "new" and c.kind is CardKind.MEANING
        ]
        with store.writing() as conn:  # leave one new meaning card to study
            conn.execute(f"UPDATE card SET suspended = (id != {new_ids[0]})")
        clock = Clock(datetime(2026, 6, 1, 12, tzinfo=UTC))
        study = session(store, clock)
        card = study.next_card()
        assert card is not None and card.card_id == new_ids[0]
        shown = study.intervals(card)
        fitted = Scheduler(0.9, fuzz=False, parameters=weights[CardKind.MEANING])
        default = Scheduler(0.9, fuzz=False)
        assert shown == fitted.preview(card.card_id, Schedule(), clock.now)
        assert shown != default.preview(card.card_id, Schedule(), clock.now)
    finally:
        store.close()


def test_reschedule_replays_each_cards_history_with_the_set_in_use(
    cli: Run, db_path: Path, learnt: list[HistoryAnswer]
) -> None:
    first = cli("optimize", "--deck", "Big", "--reschedule")
    assert first.returncode == 0, first.stderr
    assert "rescheduled" in first.stdout
    listed = json.loads(cli("list", "--json").stdout)
    answered = [c for n in listed for c in n["cards"] if c["state"] != "new"]
    assert answered
    for card in answered:
        assert card["stability"] > 0 and 1 <= card["difficulty"] <= 10
        assert 0 < card["retrievability"] <= 1
    new = [c for n in listed for c in n["cards"] if c["state"] == "new"]
    assert all(c["stability"] is None and c["retrievability"] is None for c in new)
    # The same history replayed with the defaults gives other stabilities.
    log_rows = sqlite3.connect(db_path).execute("SELECT COUNT(*) FROM review_log").fetchone()
    assert cli("optimize", "--deck", "Big", "--revert", "--reschedule").returncode == 0
    default_listed = json.loads(cli("list", "--json").stdout)
    by_default = [c for n in default_listed for c in n["cards"] if c["state"] != "new"]
    assert [c["stability"] for c in by_default] != [c["stability"] for c in answered]
    # The log is the truth: rescheduling never writes to it.
    after = sqlite3.connect(db_path).execute("SELECT COUNT(*) FROM review_log").fetchone()
    assert after == log_rows


@pytest.mark.slow
def test_config_sets_the_retention_with_its_workload(cli: Run, seed_path: Path) -> None:
    assert cli("import", str(seed_path)).returncode == 0
    low = cli("config", "retention", "0.80")
    assert low.returncode == 0, low.stderr
    assert "desired retention 0.80" in low.stdout and "reviews a day" in low.stdout
    high = cli("config", "retention", "0.97")
    assert "desired retention 0.97" in high.stdout

    def first_month(out: str) -> float:
        return float(out.split("about ")[1].split(" reviews")[0])

    assert first_month(high.stdout) > first_month(low.stdout)
    shown = cli("config")
    assert "desired retention 0.97" in shown.stdout
    for bad in ("1.5", "0.5", "high"):
        refused = cli("config", "retention", bad)
        assert refused.returncode != 0
        assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    assert "desired retention 0.97" in cli("config").stdout  # unchanged by the refusals


def test_a_review_session_never_imports_the_optimiser(tmp_path: Path, seed_path: Path) -> None:
    # Open a session, answer a card, read the card info: no fsrs-rs, no flashcards.optimizer.
    code = f"""
import sys
from datetime import UTC, datetime
from flashcards.importing import import_file
from flashcards.memory import card_info
from flashcards.store import Store
from flashcards.study import Study
from flashcards.domain import Rating
store = Store.open({str(tmp_path / "db.sqlite")!r})
import_file(store, {str(seed_path)!r}, datetime(2026, 3, 2, tzinfo=UTC))
study = Study(store)
card = study.next_card()
study.intervals(card)
study.answer(card, Rating.GOOD)
card_info(store, card.card_id, datetime.now(UTC))
import flashcards.tui.screens.review, flashcards.tui.screens.card_info
bad = sorted(m for m in sys.modules if m.startswith(("fsrs_rs_python", "flashcards.optimizer")))
print(",".join(bad))
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_history_of_undone_answers_is_left_out(seeded_store: Store, clock: Clock) -> None:
    study = session(seeded_store, clock)
    card = study.next_card()
    assert card is not None
    study.answer(card, Rating.GOOD)
    study.undo()
    with seeded_store.reading() as conn:
        assert stored.review_history(conn, None) == []
        assert stored.card_answers(conn, card.card_id) == []


@pytest.mark.slow
def test_damaged_stored_parameters_are_one_clear_line(
    cli: Run, db_path: Path, seed_path: Path
) -> None:
    assert cli("import", str(seed_path)).returncode == 0
    raw = sqlite3.connect(db_path)
    raw.execute("INSERT INTO setting (key, value) VALUES ('fsrs.parameters', '{\"current\": 3')")
    raw.commit()
    raw.close()
    for command in (("stats", "--json"), ("optimize", "--revert")):
        done = cli(*command)
        assert done.returncode == 1, command
        assert "FSRS parameters are damaged" in done.stderr
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
