"""A smoke run of `bench/scale.py` on two tiny collections: every figure it is asked for is
measured (time, CPU time, peak memory) and written to its section of the results. Timings
are not checked: benchmarks are not part of the suite's pass/fail."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_scale_writes_its_section(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    out.write_text(json.dumps({"figures": {"kept": True}}), encoding="utf-8")
    done = subprocess.run(
        [
            *(sys.executable, "-m", "bench.scale", "--sizes", "300,600", "--runs", "1"),
            *("--only", "first_counts,list", "--out", str(out)),
        ],
        cwd=ROOT,
        env={**os.environ, "FLASHCARDS_BENCH_CACHE": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["figures"] == {"kept": True}  # the other benchmarks' figures stay
    section = results["scale"]
    assert section["sizes"] == [300, 600]
    assert set(section["figures"]) == {"first_counts", "list"}
    for figure in section["figures"].values():
        assert figure["status"] in ("pass", "miss"), figure
        for size in ("300", "600"):
            measured = figure["sizes"][size]
            assert measured["seconds"] > 0 and measured["cpu_seconds"] >= 0
            assert measured["peak_mb"] > 5
        assert figure["ratio"] > 0
    assert "| `list --json`" in done.stdout


def test_fair_measures_what_follows_the_decks_in_as_many_decks(tmp_path: Path) -> None:
    import sqlite3

    out = tmp_path / "results.json"
    cache = tmp_path / "cache"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "bench.scale", "--sizes", "300,3000", "--runs", "1"),
            *("--only", "home,stats_call", "--fair", "--out", str(out)),
        ],
        cwd=ROOT,
        env={**os.environ, "FLASHCARDS_BENCH_CACHE": str(cache)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(out.read_text(encoding="utf-8"))["scale"]["figures"]
    assert figures["stats_call"]["sizes"]["3000"]["seconds"] > 0
    # The statistics add up each deck's tallies: measured in as many decks too.
    assert figures["stats_call"]["same_decks"]["decks"] == 3
    same = figures["home"]["same_decks"]
    assert same["decks"] == 3 and same["seconds"] > 0 and same["ratio"] > 0
    conn = sqlite3.connect(cache / same["collection"])
    try:
        cards, decks = conn.execute("SELECT count(*), count(DISTINCT deck_id) FROM card").fetchone()
    finally:
        conn.close()
    assert (cards, decks) == (300, 3)
    assert "in 3 decks" in done.stdout
