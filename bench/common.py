"""What every benchmark shares: a figure with its baseline, medians, timed child processes."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def flashcards_command() -> list[str]:
    """How a learner runs the program: the installed `flashcards` script, else the module."""
    script = Path(PYTHON).with_name("flashcards")
    return [str(script)] if script.exists() else [PYTHON, "-m", "flashcards"]


@dataclass
class Measure:
    """One measured quantity: what it is, its unit, its samples and their median."""

    label: str
    unit: str
    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "unit": self.unit,
            "median": self.median,
            "samples": self.samples,
        }


@dataclass
class Figure:
    """One benchmark figure: our measure against a baseline run in the same process, and a
    target — either on the ratio (ours / baseline) or on our absolute value."""

    key: str
    title: str
    ours: Measure
    baseline: Measure | None
    target: float
    target_on: str  # "ratio" or "value"
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or not self.baseline.samples or not self.ours.samples:
            return None
        return self.ours.median / self.baseline.median

    @property
    def checked(self) -> float | None:
        return self.ratio if self.target_on == "ratio" else self.ours.median

    @property
    def status(self) -> str:
        if self.error is not None:
            return "error"
        checked = self.checked
        if checked is None or checked != checked:  # NaN: nothing measured
            return "error"
        return "pass" if checked <= self.target else "miss"

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "ours": self.ours.as_dict(),
            "baseline": self.baseline.as_dict() if self.baseline else None,
            "ratio": self.ratio,
            "target": {"on": self.target_on, "max": self.target},
            "status": self.status,
            "error": self.error,
            "details": self.details,
        }


def failed(key: str, title: str, unit: str, target: float, target_on: str, error: str) -> Figure:
    """A figure that could not be measured: present in the results, with the reason."""
    return Figure(key, title, Measure("not measured", unit, []), None, target, target_on, {}, error)


def timed_process(
    argv: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run a whole process to its end; its wall time in seconds, and what it printed.
    A failure is loud (the benchmark must not time an error message)."""
    start = time.perf_counter()
    done = subprocess.run(
        list(argv),
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd or ROOT,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(map(str, argv))} exited {done.returncode}: {done.stderr.strip()[-500:]}"
        )
    return elapsed, done


def alternate(runs: int, *steps: Callable[[], float]) -> list[list[float]]:
    """Run each step `runs` times, interleaved (a, b, a, b, ...) so that a slow spell of the
    machine falls on both sides of a ratio. Returns each step's samples."""
    samples: list[list[float]] = [[] for _ in steps]
    for _ in range(runs):
        for i, step in enumerate(steps):
            samples[i].append(step())
    return samples


def fresh_db(path: Path) -> Path:
    """`path` with no database (nor WAL files) left behind."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def as_dict(value: Any) -> Any:
    """Dataclasses as plain dicts (for JSON)."""
    return asdict(value)
