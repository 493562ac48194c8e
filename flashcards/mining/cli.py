"""`flashcards mine`: the command's work, kept out of cli.py (which only parses it)."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from flashcards.errors import FlashcardsError
from flashcards.paths import database_path

__all__ = ["run_mine"]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def check_output(output: Path, database: Path, source: Path) -> None:
    """Refuse an output path that is the database (or its journal files) or the source."""
    for guarded in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        if _same_file(output, guarded):
            raise FlashcardsError(f"{output}: that is the database; choose another file")
    if _same_file(output, source):
        raise FlashcardsError(f"{output}: that is the file being mined; choose another file")
    if output.is_dir():
        raise FlashcardsError(f"{output}: is a directory; give a file name")


def run_mine(args: argparse.Namespace) -> int:
    from flashcards.mining.service import max_zipf_for, mine
    from flashcards.mining.table import mined_table
    from flashcards.store import Store

    threshold = max_zipf_for(args.level, args.max_zipf)
    db = database_path(getattr(args, "db", None))
    output = Path(args.output).expanduser() if args.output else None
    if output is not None:
        check_output(output, db, Path(args.file).expanduser())
    # Mining only reads the database: a database that does not exist yet is not created.
    store = Store.open(db) if db.exists() else None
    try:
        mining = mine(store, args.file, top=args.top, max_zipf=threshold, known_file=args.known)
    finally:
        if store is not None:
            store.close()
    if output is not None:
        try:
            output.write_text(mining.document(), encoding="utf-8")
        except OSError as exc:
            raise FlashcardsError(f"{output}: cannot be written ({exc.strerror or exc})") from None
        missing = [m.word for m in mining.words if m.definition is None]
        if missing:
            print(
                f"flashcards: {output}: no definition found for {', '.join(missing)}: "
                "write one before importing",
                file=sys.stderr,
            )
    if args.json:
        print(json.dumps([m.as_json() for m in mining.words], ensure_ascii=False, indent=2))
    elif output is not None:
        print(
            f"{output}: {len(mining.words)} words from {args.file}; import it with "
            f"`flashcards import {output}`"
        )
    else:
        width = shutil.get_terminal_size((100, 24)).columns
        print("\n".join(mined_table(mining.words, width)))
    return 0
