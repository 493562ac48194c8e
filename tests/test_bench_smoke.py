"""A smoke run of the benchmark (`bench/run.py --quick`): it runs to the end and writes every
figure. Timings are not checked: benchmarks are not part of the suite's pass/fail."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ("import", "export", "study", "startup", "memory")
NEEDS_TMUX = {"startup", "memory"}


@pytest.mark.slow
def test_quick_benchmark_writes_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--out", str(out), "--work", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["mode"] == "quick"
    assert set(results["figures"]) == set(FIGURES)
    for key in FIGURES:
        figure = results["figures"][key]
        for field in ("title", "ours", "baseline", "ratio", "target", "status"):
            assert field in figure, (key, field)
        if key in NEEDS_TMUX and shutil.which("tmux") is None:
            continue
        assert figure["status"] in ("pass", "miss"), (key, figure["error"])
        assert figure["ours"]["samples"] and figure["baseline"]["samples"], key
        assert figure["ratio"] > 0, key
    assert "| figure |" in done.stdout
