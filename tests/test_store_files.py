"""What `--db` opens: exactly the file named (never a URL), and never another program's
SQLite file, which is refused before a byte of it is written."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from flashcards.errors import StoreError
from flashcards.store import Store
from flashcards.store.version import SCHEMA_VERSION

from support import SEED, flashcards_exe

Run = Callable[..., subprocess.CompletedProcess[str]]


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_COLOR="1")
    env.pop("FLASHCARDS_DB", None)
    return subprocess.run(
        [flashcards_exe(), *args],
        env=env,
        cwd=folder,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


@pytest.mark.parametrize("name", ["my%20deck.db", "q?x.db", "a?timeout=abc", "h#sh.db"])
def test_the_db_path_opens_exactly_that_file(name: str, tmp_path: Path) -> None:
    done = run(tmp_path, "--db", name, "import", str(SEED))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        name
    ]
    raw = sqlite3.connect(tmp_path / name)
    assert raw.execute("SELECT count(*) FROM note").fetchone()[0] == 10
    raw.close()
    listed = run(tmp_path, "--db", name, "stats", "--json")
    assert listed.returncode == 0 and '"notes": 10' in listed.stdout


def places(path: Path, wal: bool) -> None:
    """A file like Firefox's places.sqlite: a few tables of its own."""
    raw = sqlite3.connect(path)
    if wal:
        raw.execute("PRAGMA journal_mode = WAL")
    raw.executescript(
        "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT, title TEXT);"
        "CREATE TABLE moz_historyvisits (id INTEGER PRIMARY KEY, place_id INTEGER);"
        "CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY, fk INTEGER, title TEXT);"
        "INSERT INTO moz_places (url, title) VALUES ('https://example.org', 'Example');"
        "PRAGMA user_version = 74;"
    )
    raw.close()


def anki_collection(path: Path) -> None:
    from anki.collection import Collection

    col = Collection(str(path))
    col.close()


def ours_marked(path: Path, version: int) -> None:
    """One of our databases whose schema version was set to `version` by hand."""
    Store.open(path).close()
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode = DELETE")
    raw.execute(f"PRAGMA user_version = {version}")
    raw.close()


def foreign_table_clash(path: Path) -> None:
    raw = sqlite3.connect(path)
    raw.executescript("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT);")
    raw.close()


FOREIGN: dict[str, Callable[[Path], None]] = {
    "places.sqlite": lambda p: places(p, wal=False),
    "places-wal.sqlite": lambda p: places(p, wal=True),
    "collection.anki2": anki_collection,
    "minus-one.db": lambda p: ours_marked(p, -1),
    "newer.db": lambda p: ours_marked(p, SCHEMA_VERSION + 1),
    "clash.db": foreign_table_clash,
}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", sorted(FOREIGN))
def test_a_foreign_sqlite_file_is_refused_and_left_byte_identical(
    name: str, tmp_path: Path
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / name
    FOREIGN[name](path)
    listing = sorted(p.name for p in folder.iterdir())
    before = digest(path)
    for args in (["stats"], ["list", "--json"], ["import", str(SEED)]):
        done = run(folder, "--db", str(path), *args)
        assert done.returncode == 1, (args, done.stdout[:200])
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
        assert str(path) in done.stderr
        assert digest(path) == before, args
        assert sorted(p.name for p in folder.iterdir()) == listing, args


def test_the_messages_say_what_the_file_is(tmp_path: Path) -> None:
    expected = {
        "minus-one.db": "unknown schema version -1",
        "newer.db": "made by a newer version of flashcards",
        "places.sqlite": "not a flashcards database",
        "collection.anki2": "not a flashcards database",
    }
    for name, words in expected.items():
        path = tmp_path / name
        FOREIGN[name](path)
        with pytest.raises(StoreError, match=words):
            Store.open(path)


def test_an_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    Store.open(path).close()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()
