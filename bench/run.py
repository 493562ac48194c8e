"""Measure flashcards against its baselines, side by side, in one run.

    .venv/bin/python -m bench.run [--quick] [--out FILE.json] [--only KEY,...] [--work DIR]

Builds synthetic data (a 5,000-entry document with a talk of about 1 MB; a 10,000-entry deck;
collections of 1,000, 10,000 and 100,000 cards with 10 review-log rows a card), then measures
each figure against a baseline measured in the same run, prints a table and writes the
results as JSON. `--quick` uses tiny sizes and few repetitions: a smoke run of a few seconds
whose figures mean nothing. A figure that cannot be measured (no tmux, say) is recorded with
its error and the run goes on; targets missed are reported, not failed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench import exporting, importing, startup, studying
from bench.collection import build_collection
from bench.common import ROOT, Figure, failed

KEYS = ("import", "export", "study", "startup", "memory")


@dataclass(frozen=True)
class Sizes:
    """How big and how many times."""

    import_entries: int
    import_talk_bytes: int
    import_runs: int
    export_entries: int
    export_talk_bytes: int
    export_runs: int
    collections: tuple[int, ...]
    answers: int
    startup_runs: int
    memory_answers: int
    memory_runs: int


FULL = Sizes(
    import_entries=5_000,
    import_talk_bytes=1_000_000,
    import_runs=5,
    export_entries=10_000,
    export_talk_bytes=1_000_000,
    export_runs=5,
    collections=(1_000, 10_000, 100_000),
    answers=300,
    startup_runs=7,
    memory_answers=10,
    memory_runs=3,
)
QUICK = Sizes(
    import_entries=40,
    import_talk_bytes=10_000,
    import_runs=1,
    export_entries=40,
    export_talk_bytes=10_000,
    export_runs=1,
    collections=(300,),
    answers=20,
    startup_runs=1,
    memory_answers=2,
    memory_runs=1,
)

TITLES = {
    "import": ("import", "s", 2.0, "ratio"),
    "export": ("export", "s", 1.3, "ratio"),
    "study": ("next card + answer", "ms", 0.3, "value"),
    "startup": ("start-up to the first card", "s", 1.5, "ratio"),
    "memory": ("peak memory of a review session", "MB", 80.0, "value"),
}


def machine() -> dict[str, str | int | None]:
    """Where the figures come from."""
    python3 = shutil.which("python3")
    version = (
        subprocess.run([python3, "--version"], capture_output=True, text=True).stdout.strip()
        if python3
        else None
    )
    tmux = shutil.which("tmux")
    return {
        "platform": platform.platform(),
        "processor": _cpu_model() or platform.processor() or platform.machine(),
        "cpus": _cpus(),
        "python3 --version": version,
        "python (bench)": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "tmux": subprocess.run([tmux, "-V"], capture_output=True, text=True).stdout.strip()
        if tmux
        else None,
    }


def _cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def _cpus() -> int | None:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count()


def _collections(work: Path, sizes: Sizes, log: Callable[[str], None]) -> dict[int, Path]:
    built = {}
    for cards in sizes.collections:
        start = time.perf_counter()
        path = work / f"collection-{cards}.db"
        held = build_collection(path, cards)
        log(f"built {path.name}: {held} in {time.perf_counter() - start:.1f} s")
        built[cards] = path
    return built


def run(work: Path, sizes: Sizes, only: set[str], log: Callable[[str], None]) -> list[Figure]:
    figures: list[Figure] = []
    collections: dict[int, Path] = {}

    def largest() -> tuple[int, Path]:
        if not collections:
            collections.update(_collections(work, sizes, log))
        cards = max(collections)
        return cards, collections[cards]

    steps: dict[str, Callable[[], Figure]] = {
        "import": lambda: importing.measure(
            work, sizes.import_entries, sizes.import_talk_bytes, sizes.import_runs
        ),
        "export": lambda: exporting.measure(
            work, sizes.export_entries, sizes.export_talk_bytes, sizes.export_runs
        ),
        "study": lambda: (largest(), studying.measure(work, collections, sizes.answers))[1],
        "startup": lambda: startup.startup(work, largest()[1], largest()[0], sizes.startup_runs),
        "memory": lambda: startup.memory(
            work, largest()[1], largest()[0], sizes.memory_answers, sizes.memory_runs
        ),
    }
    for key in KEYS:
        if key not in only:
            continue
        log(f"measuring {key} ...")
        start = time.perf_counter()
        try:
            figure = steps[key]()
        except Exception as exc:  # a figure that cannot be measured is reported, not fatal
            title, unit, target, on = TITLES[key]
            figure = failed(key, title, unit, target, on, f"{type(exc).__name__}: {exc}")
            log(traceback.format_exc())
        log(f"  {key}: {figure.status} ({time.perf_counter() - start:.1f} s)")
        figures.append(figure)
    return figures


def _number(value: float | None, unit: str = "") -> str:
    if value is None or value != value:
        return "—"
    if unit == "ms":
        return f"{value:.2f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "s":
        return f"{value:.3f} s"
    return f"{value:.2f}×"


def table(figures: list[Figure]) -> str:
    """The figures as a Markdown table (also what the README shows)."""
    rows = [
        "| figure | ours | baseline | ratio | target | result |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for f in figures:
        unit = f.ours.unit
        target = f"≤ {f.target:g}×" if f.target_on == "ratio" else f"≤ {f.target:g} {unit}"
        baseline = _number(f.baseline.median, unit) if f.baseline else "—"
        result = f.status if f.error is None else f"error: {f.error[:60]}"
        rows.append(
            f"| {f.title} | {_number(f.ours.median, unit)} | {baseline} | {_number(f.ratio)} "
            f"| {target} | {result} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run")
    parser.add_argument("--out", type=Path, help="write the results here (JSON)")
    parser.add_argument("--only", help=f"some figures only, comma-separated: {','.join(KEYS)}")
    parser.add_argument("--work", type=Path, help="keep the synthetic data in this directory")
    args = parser.parse_args(argv)
    only = set(KEYS) if not args.only else {k.strip() for k in args.only.split(",")}
    unknown = only - set(KEYS)
    if unknown:
        parser.error(f"unknown figures: {', '.join(sorted(unknown))} (known: {', '.join(KEYS)})")
    sizes = QUICK if args.quick else FULL
    out = args.out or ROOT / "bench" / ("results-quick.json" if args.quick else "results.json")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = datetime.now(UTC)
    if args.work:
        args.work.mkdir(parents=True, exist_ok=True)
        figures = run(args.work.resolve(), sizes, only, log)
    else:
        with tempfile.TemporaryDirectory(prefix="flashcards-bench-") as folder:
            figures = run(Path(folder), sizes, only, log)
    results = {
        "command": "python -m bench.run" + (" --quick" if args.quick else ""),
        "mode": "quick" if args.quick else "full",
        "date": started.isoformat(timespec="seconds"),
        "seconds": round((datetime.now(UTC) - started).total_seconds(), 1),
        "machine": machine(),
        "sizes": sizes.__dict__,
        "figures": {f.key: f.as_dict() for f in figures},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(figures))
    print(f"\nresults: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
