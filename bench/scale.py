"""What grows with the collection: each operation at 1,000,000 cards against the same at
10,000, through the program's own services and commands.

    .venv/bin/python -m bench.scale [--sizes 10000,1000000] [--only OP,...] [--runs N]
                                    [--out FILE.json] [--fair]

Collections come from `bench.collection.cached_collection` (built once, then cached by size
and schema version). Each operation runs in a process of its own, so that its peak memory
(ru_maxrss) is its own and no cache of one run helps the next: the services in a child
(`--child OP DB`, timing the call only, not the imports) and the commands as the installed
`flashcards` (the whole process). The smallest size is the baseline of each ratio; `--fair`
also measures what follows the number of decks (first counts, Home, the statistics) at the
smallest size in as many decks as the largest has. Results go to the `scale` section of
bench/results.json (`--out` elsewhere); `--sizes 10000 --runs 1` is a quick run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.collection import cached_collection, copy_collection
from bench.common import PYTHON, ROOT, flashcards_command
from flashcards.store.version import SCHEMA_VERSION

#: op -> (title, target at the largest size in seconds or None, peak-memory target in MB)
OPS: dict[str, tuple[str, float | None, float | None]] = {
    "counts_per_card": ("Study.counts() after each answer (per card shown)", 0.002, None),
    "first_counts": ("first counts() of a review", None, None),
    "browse": ("Browse, all decks, to the first row", 0.5, None),
    "quiz": ("a quiz of 10, all decks", 0.5, None),
    "home": ("Home: every deck's counts", 0.5, None),
    "stats": ("`stats --json` (whole process)", 0.5, None),
    "stats_call": ("statistics of every deck (the call alone)", 0.5, None),
    "list": ("`list --json`, all decks (whole process)", None, 300.0),
    "export": ("`export`, all decks (whole process)", None, 300.0),
}
#: Ratio of the largest size to the smallest that each operation must stay within.
RATIO_TARGET = 2.0
ANSWERS = 10


def _peak_mb() -> float:
    """This process's peak resident memory. Linux keeps ru_maxrss across exec, so a child
    started by a parent that built a large collection would report the parent's peak: the
    memory map's own high-water mark (VmHWM) is this program's alone."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _services(db: Path) -> Any:
    from flashcards.store import Store
    from flashcards.tui.services import Services

    return Services(Store.open(db))


def _timed(call: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one call (on a shared machine the wall time is mostly the
    other processes': the CPU time is the steadier figure)."""
    wall, cpu = time.perf_counter(), time.process_time()
    done = call()
    assert done is not None and done != []
    return time.perf_counter() - wall, time.process_time() - cpu


def _counts_per_card(db: Path) -> tuple[float, float]:
    """As the review screen does: after each answer, the counts shown above the card."""
    from flashcards.domain import Rating

    study = _services(db).study(None)
    study.counts()
    times = []
    for _ in range(ANSWERS):
        card = study.next_card()
        if card is None:
            break
        study.answer(card, Rating.GOOD)
        times.append(_timed(study.counts))
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def _first_counts(db: Path) -> tuple[float, float]:
    return _timed(_services(db).study(None).counts)


def _browse(db: Path) -> tuple[float, float]:
    """What Browse's loader asks the library for before the first row can show: its first
    page of every deck's notes."""
    library = _services(db).library
    return _timed(lambda: library.page(None).rows)


def _quiz(db: Path) -> tuple[float, float]:
    services = _services(db)
    return _timed(lambda: services.quiz(None, 10).current)


def _home(db: Path) -> tuple[float, float]:
    """What Home's loader does: the decks, and every deck's counts in one read."""
    services = _services(db)

    def home() -> object:
        decks = services.library.decks()
        counts = services.study(None).deck_counts(services.clock())
        return [counts.get(d.id) for d in decks] or None

    return _timed(home)


def _stats_call(db: Path) -> tuple[float, float]:
    """What `stats` computes, without the process around it (start-up, printing) and
    without the modules its first call imports: the second call is timed."""
    from flashcards.stats import collection_stats
    from flashcards.store import Store

    store = Store.open(db)
    now = datetime.now(UTC)
    collection_stats(store, now, None, 4, UTC)
    return _timed(lambda: collection_stats(store, now, None, 4, UTC))


CHILD_OPS: dict[str, Callable[[Path], tuple[float, float]]] = {
    "counts_per_card": _counts_per_card,
    "first_counts": _first_counts,
    "browse": _browse,
    "quiz": _quiz,
    "home": _home,
    "stats_call": _stats_call,
}
#: Operations whose cost follows the number of decks (each deck's tallies and the edges of
#: its part of the queue index are read; the statistics add up each deck's rows of the
#: cards', notes' and log's tallies): with --fair, also measured at the smallest size in as
#: many decks as the largest has, the like-for-like baseline of their ratio.
BY_DECK = {"first_counts", "home", "stats", "stats_call"}
COMMANDS: dict[str, list[str]] = {
    "stats": ["stats", "--json"],
    "list": ["list", "--json"],
    "export": ["export", "-o", "{work}/all.apkg"],
}
#: Operations that write to the database work on a copy.
WRITES = {"counts_per_card", "export"}


def _child(op: str, db: Path) -> dict[str, float]:
    """One operation measured in this process (run by `--child`)."""
    if op in CHILD_OPS:
        seconds, cpu = CHILD_OPS[op](db)
        return {"seconds": seconds, "peak_mb": _peak_mb(), "cpu_seconds": cpu}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as work:
        argv = [
            *flashcards_command(),
            "--db",
            str(db),
            *(a.format(work=work) for a in COMMANDS[op]),
        ]
        start = time.perf_counter()
        done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)}: {done.stderr.strip()[-300:]}")
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": seconds,
        "peak_mb": used.ru_maxrss / 1024,
        "cpu_seconds": used.ru_utime + used.ru_stime,
    }


def measure(op: str, db: Path, runs: int, work: Path) -> dict[str, Any]:
    """`runs` runs of `op` on `db`, each in a child process: median seconds, peak MB."""
    samples = []
    for _ in range(runs):
        target = copy_collection(db, work / f"scale-{op}.db") if op in WRITES else db
        done = subprocess.run(
            [PYTHON, "-m", "bench.scale", "--child", op, str(target)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "FLASHCARDS_DAY_START": "4"},
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{op}: {done.stderr.strip()[-500:]}")
        samples.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {
        "seconds": statistics.median(s["seconds"] for s in samples),
        "cpu_seconds": statistics.median(s["cpu_seconds"] for s in samples),
        "peak_mb": max(s["peak_mb"] for s in samples),
        "samples": [s["seconds"] for s in samples],
    }


def deck_matched(cards: int, decks: int) -> Path:
    """A collection of `cards` cards in `decks` decks (built once, kept in the cache folder
    beside the others): the like-for-like baseline of what follows the number of decks."""
    from bench import collection

    folder = collection.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    version = f"v{SCHEMA_VERSION}.{collection.BUILDER_VERSION}"
    path = folder / f"collection-{cards}-decks{decks}-{version}.db"
    if not path.exists():
        kept = collection.CARDS_PER_DECK
        collection.CARDS_PER_DECK = max(1, cards // decks)
        try:
            partial = folder / f".{path.name}.{os.getpid()}.part"
            collection.build_collection(partial, cards)
            partial.replace(path)
        finally:
            collection.CARDS_PER_DECK = kept
    return path


def _decks(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM deck").fetchone()[0])
    finally:
        conn.close()


def run(
    sizes: list[int],
    ops: list[str],
    runs: dict[int, int],
    log: Callable[[str], None],
    *,
    fair: bool = False,
) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    collections = {}
    for cards in sizes:
        start = time.perf_counter()
        collections[cards] = cached_collection(cards)
        log(f"collection of {cards:,} cards: {time.perf_counter() - start:.1f} s")
    small, large = min(sizes), max(sizes)
    matched = None
    if fair and BY_DECK & set(ops) and small != large:
        decks = _decks(collections[large])
        matched = deck_matched(small, decks)
        log(f"collection of {small:,} cards in {decks:,} decks: {matched.name}")
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        for op in ops:
            title, seconds_target, mb_target = OPS[op]
            by_size = {}
            for cards in sizes:
                try:
                    by_size[cards] = measure(op, collections[cards], runs[cards], Path(folder))
                except Exception as exc:  # reported, not fatal
                    by_size[cards] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
                log(f"  {op} at {cards:,}: {by_size[cards]}")
            figures[op] = _figure(title, by_size, seconds_target, mb_target)
            if matched is not None and op in BY_DECK:
                same_decks = measure(op, matched, runs[small], Path(folder))
                log(f"  {op} at {small:,} in as many decks: {same_decks}")
                figures[op]["same_decks"] = _same_decks(same_decks, by_size[large], matched)
    return figures


def _figure(
    title: str, by_size: dict[int, Any], seconds_target: float | None, mb_target: float | None
) -> dict[str, Any]:
    small, large = min(by_size), max(by_size)
    got = by_size[large].get("seconds")
    base = by_size[small].get("seconds")
    ratio = got / base if got is not None and base and large != small else None
    cpu, cpu_base = by_size[large].get("cpu_seconds"), by_size[small].get("cpu_seconds")
    cpu_ratio = cpu / cpu_base if cpu is not None and cpu_base and large != small else None
    misses = []
    if ratio is not None and ratio > RATIO_TARGET:
        misses.append(f"ratio {ratio:.1f}× > {RATIO_TARGET:g}×")
    if seconds_target is not None and got is not None and got > seconds_target:
        misses.append(f"{got:.3f} s > {seconds_target:g} s")
    peak = by_size[large].get("peak_mb")
    if mb_target is not None and peak is not None and peak > mb_target:
        misses.append(f"{peak:.0f} MB > {mb_target:g} MB")
    errors = [v["error"] for v in by_size.values() if "error" in v]
    return {
        "title": title,
        "sizes": {str(k): v for k, v in by_size.items()},
        "ratio": ratio,
        "cpu_ratio": cpu_ratio,
        "target": {"ratio": RATIO_TARGET, "seconds": seconds_target, "peak_mb": mb_target},
        "status": "error" if errors else ("miss" if misses else "pass"),
        "misses": misses,
    }


def _same_decks(baseline: dict[str, Any], at_large: dict[str, Any], db: Path) -> dict[str, Any]:
    """The ratio of the largest size to the smallest one in as many decks."""
    out: dict[str, Any] = {"collection": db.name, "decks": _decks(db), **baseline}
    for key, name in (("seconds", "ratio"), ("cpu_seconds", "cpu_ratio")):
        got, base = at_large.get(key), baseline.get(key)
        out[name] = got / base if got is not None and base else None
    return out


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.2f} ms" if value < 1 else f"{value:.2f} s"


def table(figures: dict[str, Any], sizes: list[int]) -> str:
    small, large = min(sizes), max(sizes)
    rows = [
        f"| operation | {large:,} cards | {small:,} cards | ratio | CPU ratio | peak at {large:,} "
        "| result |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for f in figures.values():
        at_large, at_small = f["sizes"][str(large)], f["sizes"][str(small)]
        ratio = f"{f['ratio']:.1f}×" if f["ratio"] is not None else "—"
        cpu_ratio = f"{f['cpu_ratio']:.1f}×" if f.get("cpu_ratio") is not None else "—"
        peak = at_large.get("peak_mb")
        result = f["status"] + (f" ({'; '.join(f['misses'])})" if f["misses"] else "")
        rows.append(
            f"| {f['title']} | {_seconds(at_large.get('seconds'))} | "
            f"{_seconds(at_small.get('seconds'))} | {ratio} | {cpu_ratio} | "
            f"{f'{peak:.0f} MB' if peak is not None else '—'} | {result} |"
        )
        same = f.get("same_decks")
        if same is not None and same.get("ratio") is not None:
            rows.append(
                f"| … against {small:,} cards in {same['decks']:,} decks | "
                f"{_seconds(at_large.get('seconds'))} | {_seconds(same.get('seconds'))} | "
                f"{same['ratio']:.1f}× | {same['cpu_ratio'] or 0:.1f}× | — | like for like |"
            )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scale", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--sizes", default="10000,1000000", help="cards, comma-separated")
    parser.add_argument("--only", help=f"some operations: {','.join(OPS)}")
    parser.add_argument("--runs", type=int, help="runs of each (default: 3 below 1M, else 1)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument(
        "--fair",
        action="store_true",
        help="also measure what follows the number of decks at the smallest size in as many "
        "decks as the largest",
    )
    parser.add_argument("--child", nargs=2, metavar=("OP", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child[0], Path(args.child[1]))))
        return 0
    sizes = sorted(int(s) for s in args.sizes.split(","))
    ops = list(OPS) if not args.only else [o.strip() for o in args.only.split(",")]
    unknown = set(ops) - set(OPS)
    if unknown:
        parser.error(f"unknown operations: {', '.join(sorted(unknown))}")
    runs = {n: args.runs or (3 if n < 1_000_000 else 1) for n in sizes}

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    from bench.run import machine

    started = datetime.now(UTC)
    figures = run(sizes, ops, runs, log, fair=args.fair)
    section = {
        "command": "python -m bench.scale " + " ".join(argv if argv is not None else sys.argv[1:]),
        "date": started.isoformat(timespec="seconds"),
        "seconds": round((datetime.now(UTC) - started).total_seconds(), 1),
        "load_average": os.getloadavg(),
        "machine": machine(),
        "sizes": sizes,
        "runs": {str(k): v for k, v in runs.items()},
        "figures": figures,
    }
    try:
        results = json.loads(args.out.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        results = {}
    results["scale"] = section
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(figures, sizes))
    print(f"\nresults: {args.out} (section 'scale')")
    return 0


if __name__ == "__main__":
    sys.exit(main())
