"""The app's tests set up and check the database through the store's operations
(`tests/support.py`), never with SQL of their own: a schema change cannot silently change
what they test."""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SQL = re.compile(
    r"\bsqlite3\b|\.execute\(|\bSELECT \S|\bUPDATE \w+ SET\b|\bINSERT INTO\b|\bDELETE FROM\b"
)


def test_no_app_test_speaks_sql() -> None:
    files = [*sorted(HERE.glob("test_tui*.py")), HERE / "tui_support.py"]
    assert len(files) > 10
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in files
        if path.name != Path(__file__).name
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SQL.search(line)
    ]
    assert found == []
