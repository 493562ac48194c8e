"""Write flashcards/store/schema.sql: the schema SQLModel creates, for new databases.

    .venv/bin/python scripts/make_schema.py

Run it after any change to flashcards/store/tables.py, db.py, version.py or search.py (until
then, new databases are made by SQLModel, a little slower; tests/test_schema_snapshot.py says
so).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from flashcards.store import db, schema

OUT = Path(schema.__file__).with_name("schema.sql")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "new.db"
        db.prepare(database)
        schema.write(OUT, database)
    print(f"{OUT}: {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
