"""Fitting FSRS parameters, measured on a synthetic learner whose memory is known.

    .venv/bin/python -m bench.fitting [--quick] [--out FILE.json]

The learner: a year of daily reviews, cards scheduled the way the app schedules them before
any fit (FSRS' default parameters, desired retention 0.9, no fuzz), but remembering by
*other* parameters — one true set for recognition (meaning) cards and a harder one for
production (recall) cards. Each answer is drawn from the true memory: recalled with the true
retrievability, then Hard / Good / Easy in fixed shares; a new card's first rating from
Anki's usual first-answer shares. Reviews are whole days apart (no same-day learning steps).

Fit on the first nine months, evaluate on the reviews of the last three (their earlier
answers still make up each card's history): the held-out log loss and RMSE of the default
parameters, of one fitted set and of a set fitted per kind. Then the time to fit 10,000 and
100,000 scored reviews (against the time fsrs-rs takes to evaluate the same reviews with the
defaults, one pass of the model over the data), and how much the process's peak memory grows
while fitting.
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import json
import random
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import fsrs
import fsrs_rs_python as rs

from flashcards.domain import CardKind, Rating
from flashcards.optimizer import combined, evaluate, fit_set, items_of
from flashcards.scheduling import DEFAULT_PARAMETERS
from flashcards.store.parameters import PRODUCTION, RECOGNITION, HistoryAnswer

START = datetime(2025, 1, 1, 10, 0, tzinfo=UTC)


def _with(changes: dict[int, float]) -> tuple[float, ...]:
    weights = list(DEFAULT_PARAMETERS)
    for index, value in changes.items():
        weights[index] = value
    return tuple(weights)


#: Recognition is easier than FSRS' defaults assume: higher initial stabilities, slower
#: growth of difficulty, a stronger stability gain on success.
TRUE_RECOGNITION = _with({0: 0.8, 1: 3.0, 2: 6.0, 3: 20.0, 6: 2.0, 8: 2.2})
#: Production is harder: low initial stabilities, harder to start with, smaller gains.
TRUE_PRODUCTION = _with({0: 0.1, 1: 0.5, 2: 1.0, 3: 4.0, 4: 7.5, 6: 3.5, 8: 1.3})

FIRST_RATING = ((Rating.AGAIN, 0.25), (Rating.HARD, 0.10), (Rating.GOOD, 0.50), (Rating.EASY, 0.15))
SUCCESS_RATING = ((Rating.HARD, 0.15), (Rating.GOOD, 0.75), (Rating.EASY, 0.10))


def _draw(rng: random.Random, shares: Sequence[tuple[Rating, float]]) -> Rating:
    roll = rng.random()
    for rating, share in shares:
        roll -= share
        if roll < 0:
            return rating
    return shares[-1][0]


_KINDS = (CardKind.MEANING, CardKind.RECALL)


@dataclass
class _Card:
    id: int
    kind: CardKind
    shown: fsrs.Card  # what the app believes (default parameters)
    true: fsrs.Card  # the learner's memory (true parameters)


def synthetic_learner(
    *,
    new_per_day: int,
    days: int = 365,
    seed: int = 7,
    recognition: Sequence[float] = TRUE_RECOGNITION,
    production: Sequence[float] = TRUE_PRODUCTION,
    cards: Sequence[tuple[int, CardKind]] | None = None,
    start: datetime = START,
) -> list[HistoryAnswer]:
    """A year of answers (card by card, oldest first) from `start`: `new_per_day` new cards
    a day, half of each kind, or the given (card id, kind) cards in order until none is
    left."""
    rng = random.Random(seed)
    steps: dict[str, Any] = {"learning_steps": (), "relearning_steps": (), "enable_fuzzing": False}
    app = fsrs.Scheduler(**steps)
    truth = {
        CardKind.MEANING: fsrs.Scheduler(parameters=tuple(recognition), **steps),
        CardKind.RECALL: fsrs.Scheduler(parameters=tuple(production), **steps),
    }
    truth[CardKind.CONTEXT] = truth[CardKind.RECALL]
    given = list(cards or [])
    due: list[tuple[datetime, int, _Card]] = []  # by the due the app gave
    made = 0
    tie = itertools.count()  # keeps the heap from comparing cards
    log: list[HistoryAnswer] = []
    for day in range(days):
        first = start + timedelta(days=day)
        for n in range(new_per_day):
            if cards is not None and not given:
                break
            made += 1
            card_id, kind = given.pop(0) if cards is not None else (made, _KINDS[n % 2])
            card = _Card(
                card_id, kind, fsrs.Card(card_id, due=first), fsrs.Card(card_id, due=first)
            )
            heapq.heappush(due, (first, next(tie), card))
        end = start + timedelta(days=day + 1) - timedelta(hours=1)
        moment = first
        while due and due[0][0] <= end:
            _, _, card = heapq.heappop(due)
            moment += timedelta(seconds=10)
            if card.true.last_review is None:
                rating = _draw(rng, FIRST_RATING)
            else:
                recall = truth[card.kind].get_card_retrievability(card.true, moment)
                rating = _draw(rng, SUCCESS_RATING) if rng.random() < recall else Rating.AGAIN
            card.true, _ = truth[card.kind].review_card(card.true, fsrs.Rating(rating), moment)
            card.shown, _ = app.review_card(card.shown, fsrs.Rating(rating), moment)
            log.append(HistoryAnswer(card.id, card.kind, rating, moment))
            heapq.heappush(due, (card.shown.due, next(tie), card))
    log.sort(key=lambda a: (a.card_id, a.reviewed_at))
    return log


def _day(moment: datetime) -> int:
    return (moment - START).days


@dataclass(frozen=True)
class HeldOut:
    """Held-out log loss / RMSE of default, one fitted set and a set per kind."""

    train: int
    test: int
    default: tuple[float, float]
    fitted: tuple[float, float]
    per_kind: tuple[float, float]
    per_group: dict[str, dict[str, Any]]


def held_out(history: list[HistoryAnswer], train_days: int = 273) -> HeldOut:
    """Fit on the reviews of the first `train_days` days; evaluate on those after."""
    cutoff = START + timedelta(days=train_days)
    train = items_of(history, _day, before=cutoff)
    test = items_of(history, _day, since=cutoff)
    every_train = train[RECOGNITION] + train[PRODUCTION]
    every_test = test[RECOGNITION] + test[PRODUCTION]
    one = fit_set(every_train)
    own = {g: fit_set(train[g]) for g in (RECOGNITION, PRODUCTION)}
    default = evaluate(DEFAULT_PARAMETERS, every_test)
    fitted = evaluate(one, every_test)
    groups: dict[str, dict[str, Any]] = {}
    parts = []
    for g in (RECOGNITION, PRODUCTION):
        own_quality = evaluate(own[g], test[g])
        parts.append((len(test[g]), own_quality))
        groups[g] = {
            "train": len(train[g]),
            "test": len(test[g]),
            "default": evaluate(DEFAULT_PARAMETERS, test[g]).to_json(),
            "one_set": evaluate(one, test[g]).to_json(),
            "own_set": own_quality.to_json(),
        }
    pair = combined(parts)
    return HeldOut(
        len(every_train),
        len(every_test),
        (default.log_loss, default.rmse),
        (fitted.log_loss, fitted.rmse),
        (pair.log_loss, pair.rmse),
        groups,
    )


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def fitting_cost(history: list[HistoryAnswer], reviews: int) -> dict[str, float]:
    """Seconds to fit the first `reviews` scored reviews; seconds to evaluate them with the
    defaults (the baseline); how much the peak memory grew while fitting."""
    items = items_of(history, _day)
    every = items[RECOGNITION] + items[PRODUCTION]
    every = random.Random(0).sample(every, min(reviews, len(every)))
    started = time.perf_counter()
    rs.FSRS(list(DEFAULT_PARAMETERS)).evaluate(every)
    baseline = time.perf_counter() - started
    before = _peak_mb()
    started = time.perf_counter()
    fit_set(every)
    seconds = time.perf_counter() - started
    return {
        "reviews": len(every),
        "fit_s": round(seconds, 3),
        "evaluate_s": round(baseline, 3),
        "ratio": round(seconds / baseline, 1) if baseline else float("nan"),
        "peak_before_mb": round(before, 1),
        "peak_growth_mb": round(_peak_mb() - before, 1),
    }


def whole_command(history: list[HistoryAnswer], work: Path) -> dict[str, float]:
    """`optimize` as the learner runs it, on a real database holding `history`: reading the
    log, the items, the fits (one set and one per kind) and their evaluations, in a child
    process (its own peak memory), against the same child opening the store and reading the
    log only (the baseline)."""
    import sqlite3
    import subprocess

    from bench.synth import make_document
    from flashcards.importing import import_file
    from flashcards.store import Store

    cards = max(a.card_id for a in history)
    db = work / "fitting.db"
    db.unlink(missing_ok=True)
    document = work / "fitting.txt"
    # Two cards a note at least (meaning, recall): enough notes for every card of the log.
    document.write_text(make_document(cards // 2 + 1, 200_000, seed=3), encoding="utf-8")
    store = Store.open(db)
    import_file(store, document, START - timedelta(days=1), deck="Fitting")
    # Each card of the log onto a real card of its kind (its recall stands for production).
    free = {
        kind: iter([c.id for n in store.notes() for c in n.cards if c.kind is kind])
        for kind in (CardKind.MEANING, CardKind.RECALL)
    }
    store.close()
    real: dict[int, int] = {}
    for answer in history:
        if answer.card_id not in real:
            real[answer.card_id] = next(free[answer.kind])
    raw = sqlite3.connect(db)
    deck = raw.execute("SELECT id FROM deck").fetchone()[0]
    raw.executemany(
        "INSERT INTO review_log (card_id, deck_id, rating, reviewed_at, state_before, state, "
        "undone) VALUES (?, ?, ?, ?, '{}', 'review', 0)",
        [
            (
                real[a.card_id],
                deck,
                int(a.rating),
                a.reviewed_at.strftime("%Y-%m-%d %H:%M:%S.%f"),
            )
            for a in history
        ],
    )
    raw.commit()
    raw.close()
    code = """
import resource, sys, time
from datetime import UTC, datetime
from flashcards.store import Store
from flashcards.store.parameters import review_history
store = Store.open(sys.argv[1])
started = time.perf_counter()
if sys.argv[2] == "fit":
    from flashcards.optimizer import optimize
    optimize(store, None, datetime.now(UTC), day_hour=4, zone=UTC)
else:
    with store.reading() as conn:
        review_history(conn, None)
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""

    def run(what: str) -> tuple[float, float]:
        done = subprocess.run(
            [sys.executable, "-c", code, str(db), what], capture_output=True, text=True, check=True
        )
        seconds, peak = done.stdout.split()
        return float(seconds), float(peak)

    read_s, read_mb = run("read")
    fit_s, fit_mb = run("fit")
    return {
        "answers": len(history),
        "optimize_s": round(fit_s, 2),
        "read_log_s": round(read_s, 2),
        "ratio": round(fit_s / read_s, 1) if read_s else float("nan"),
        "optimize_peak_mb": round(fit_mb),
        "read_log_peak_mb": round(read_mb),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.fitting", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small learner; a smoke run")
    parser.add_argument("--out", type=Path, help="write the figures as JSON")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    small = synthetic_learner(new_per_day=4 if args.quick else 10)
    print(f"learner: {len(small)} answers in a year ({time.perf_counter() - started:.1f} s)")
    result: dict[str, Any] = {"held_out": held_out(small).__dict__}
    ho = result["held_out"]
    print(f"held out (last 3 months, {ho['test']} reviews; fit on {ho['train']}):")
    for name in ("default", "fitted", "per_kind"):
        loss, rmse = ho[name]
        print(f"  {name:<9} log loss {loss:.4f}  RMSE {rmse:.4f}")
    for group, figures in ho["per_group"].items():
        print(f"  {group}: " + json.dumps(figures))
    sizes = (2_000,) if args.quick else (10_000, 100_000)
    big = small if args.quick else synthetic_learner(new_per_day=40, seed=11)
    result["cost"] = [fitting_cost(big, n) for n in sizes]
    for cost in result["cost"]:
        print(
            f"fit {cost['reviews']} reviews: {cost['fit_s']:.2f} s (evaluate with the "
            f"defaults: {cost['evaluate_s']:.3f} s, {cost['ratio']}x); peak memory "
            f"{cost['peak_before_mb']:.0f} MB before, +{cost['peak_growth_mb']:.0f} MB fitting"
        )
    if not args.quick:
        import tempfile

        with tempfile.TemporaryDirectory() as work:
            whole = whole_command(big, Path(work))
        result["whole"] = whole
        print(
            f"`optimize` on a database of {whole['answers']} answers: {whole['optimize_s']:.1f} s "
            f"(reading the log alone: {whole['read_log_s']:.2f} s, {whole['ratio']}x); peak "
            f"memory {whole['optimize_peak_mb']} MB (reading alone: {whole['read_log_peak_mb']} MB)"
        )
    if args.out:
        args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
