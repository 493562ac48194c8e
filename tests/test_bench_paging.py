"""The paging benchmark's collection: built directly with sqlite3, and then a database the
program keeps like any other (its triggers all there, its tallies what its rows say)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from bench.paging import build


def triggers(path: Path) -> list[str]:
    raw = sqlite3.connect(path)
    try:
        return sorted(
            r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        )
    finally:
        raw.close()


def test_the_built_collection_keeps_its_triggers_and_counts(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    made = tmp_path / "made.db"
    assert cli("--db", str(made), "stats", "--json").returncode == 0  # the program's schema
    path = tmp_path / "paging.db"
    build(path, 900)
    assert triggers(path) == triggers(made)
    stats = json.loads(cli("--db", str(path), "stats", "--json").stdout)
    assert (stats["notes"], stats["cards"], stats["new"]) == (300, 900, 900)
