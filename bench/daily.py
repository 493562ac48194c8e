"""The daily path at any size: counts per card shown, the first counts of a review, Home's
counts of every deck, the statistics, and the screen's per-card work (next card, counts,
intervals, answer), each at every collection size against the same at the smallest.

    .venv/bin/python -m bench.daily [--sizes 10000,100000] [--work DIR] [--answers N]

The collections are built by `bench.collection.build_collection` (kept in --work and reused
when already there). Each figure is the median of its samples; the ratio to the smallest
collection is the size-independence target (≤ 2×).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.collection import build_collection, copy_collection
from flashcards.domain import Rating
from flashcards.stats import collection_stats
from flashcards.store import Store
from flashcards.study import Study

UTC_ZONE = ZoneInfo("UTC")


def _timed(work: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def measure_one(path: Path, answers: int, runs: int) -> dict[str, float]:
    """The figures of one collection, in milliseconds (medians)."""
    store = Store.open(path)
    now = datetime.now(UTC)
    out: dict[str, float] = {}
    try:
        out["first_counts_ms"] = statistics.median(
            _timed(lambda: Study(store, None, fuzz=False, zone=UTC_ZONE).counts(now), runs)
        )
        out["home_ms"] = statistics.median(
            _timed(lambda: Study(store, None, zone=UTC_ZONE).deck_counts(now), runs)
        )
        out["stats_ms"] = statistics.median(
            _timed(lambda: collection_stats(store, now, None, 4, UTC_ZONE), max(1, runs // 3))
        )
        # A review as the screen runs it: the next card, its counts and intervals, the answer.
        study = Study(store, None, fuzz=False, zone=UTC_ZONE)
        card = study.next_card()
        per: dict[str, list[float]] = {"next": [], "counts": [], "intervals": [], "answer": []}
        for _ in range(answers):
            if card is None:
                break
            start = time.perf_counter()
            study.counts()
            per["counts"].append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            study.intervals(card)
            per["intervals"].append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            study.answer(card, Rating.GOOD, duration_ms=4000)
            per["answer"].append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            card = study.next_card()
            per["next"].append((time.perf_counter() - start) * 1000)
        for key, samples in per.items():
            out[f"{key}_ms"] = statistics.median(samples) if samples else float("nan")
        out["card_ms"] = sum(out[f"{key}_ms"] for key in per)
    finally:
        store.close()
    return out


def measure(work: Path, sizes: list[int], answers: int, runs: int) -> dict[str, object]:
    """Every figure at every size, with its ratio to the smallest size."""
    by_size: dict[int, dict[str, float]] = {}
    for cards in sorted(sizes):
        source = work / f"collection-{cards}.db"
        if not source.exists():
            build_collection(source, cards)
        by_size[cards] = measure_one(
            copy_collection(source, work / f"daily-{cards}.db"), answers, runs
        )
    smallest = by_size[min(by_size)]
    ratios = {
        cards: {key: value / smallest[key] for key, value in figures.items() if smallest[key]}
        for cards, figures in by_size.items()
    }
    return {"ms": by_size, "ratio_to_smallest": ratios}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.daily", description=__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--work", type=Path, default=Path("bench-work"))
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(json.dumps(measure(args.work, sizes, args.answers, args.runs), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
