"""The installed command on the import contract: summaries, warnings, bad input refused cleanly."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from support import FIXTURES, SEED, SEED_WORDS


def dump(path: Path) -> list[str]:
    if not path.exists():
        return []
    raw = sqlite3.connect(path)
    try:
        return list(raw.iterdump())
    finally:
        raw.close()


@pytest.mark.slow
def test_import_then_list(cli, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = cli("import", str(SEED))
    assert r.returncode == 0, r.stderr
    assert "10 notes" in r.stdout and "10 new" in r.stdout
    warnings = r.stderr.splitlines()
    assert any(": agi: no pronunciation" in w for w in warnings)
    assert all(w.startswith(f"{SEED}:") for w in warnings)
    notes = json.loads(cli("list", "--json").stdout)
    assert [n["word"] for n in notes] == SEED_WORDS
    assert notes[1]["syllables"] == "in·tim·i·dat·ing"
    again = cli("import", str(SEED))
    assert again.returncode == 0 and "10 unchanged" in again.stdout
    assert json.loads(cli("list", "--json").stdout) == notes


@pytest.mark.slow
def test_deck_option_and_filters(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("import", str(SEED), "--deck", "Karpathy").returncode == 0
    assert cli("import", str(FIXTURES / "wrapped_twelve.txt")).returncode == 0
    both = json.loads(cli("list", "--json").stdout)
    assert len(both) == 22
    mine = json.loads(cli("list", "--deck", "Karpathy", "--json").stdout)
    assert {n["deck"] for n in mine} == {"Karpathy"} and len(mine) == 10
    stats = json.loads(cli("stats", "--deck", "Shipping Software Quickly", "--json").stdout)
    assert stats["notes"] == 12
    unknown = cli("list", "--deck", "Nope", "--json")
    assert unknown.returncode == 1
    assert unknown.stderr.count("\n") == 1 and "no deck named 'Nope'" in unknown.stderr
    assert cli("import", str(SEED), "--deck", "  ").returncode == 1


def test_db_option_wins_over_environment(cli, tmp_path: Path, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "other.db"
    assert cli("import", str(SEED), "--db", str(other)).returncode == 0
    assert other.exists() and not db_path.exists()
    assert len(json.loads(cli("--db", str(other), "list", "--json").stdout)) == 10


LIST = "Key Vocabularies and Common Phrases:\n\n"


def bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    files = {
        "empty": (b"", "the document is empty"),
        "binary": (bytes(range(256)) * 4, "not a text file"),
        "no-list": (b"A talk with no vocabulary.\n\nJust text.\n", "no vocabulary list"),
        "latin-1": (
            LIST.encode() + "1. café [kafe] - (n.) - Un lieu.\n".encode("latin-1"),
            "not UTF-8",
        ),
        "cut-off": (
            (
                LIST + "1. niche [niːʃ] - (n.) - A segment. - Synonyms: (a)\n\nA niche.\n\n"
                "2. vibrant [ˈvaɪbrənt] - (adj.) - Full of"
            ).encode(),
            "ends inside the vocabulary list",
        ),
        "malformed": (
            (LIST + "1. niche niːʃ n. A segment of the market\n\nA niche.\n").encode(),
            "malformed vocabulary entry",
        ),
    }
    out = {}
    for name, (content, message) in files.items():
        path = tmp / f"{name}.txt"
        path.write_bytes(content)
        out[name] = (path, message)
    out["missing"] = (tmp / "missing.txt", "no such file")
    return out


@pytest.mark.parametrize(
    "case", ["empty", "binary", "no-list", "latin-1", "cut-off", "malformed", "missing"]
)
def test_bad_input_is_refused_and_changes_nothing(
    cli, tmp_path: Path, db_path: Path, case: str
) -> None:  # type: ignore[no-untyped-def]
    assert cli("import", str(SEED)).returncode == 0
    before = dump(db_path)
    path, message = bad_inputs(tmp_path)[case]
    r = cli("import", str(path))
    assert r.returncode != 0
    assert r.stdout == ""
    assert r.stderr.count("\n") == 1, r.stderr
    assert str(path) in r.stderr and message in r.stderr
    assert "Traceback" not in r.stderr
    assert dump(db_path) == before


def test_line_numbers_in_errors(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, _ = bad_inputs(tmp_path)["malformed"]
    assert f"{path}:3: malformed" in cli("import", str(path)).stderr
    path, _ = bad_inputs(tmp_path)["latin-1"]
    assert f"{path}:3: not UTF-8" in cli("import", str(path)).stderr


def test_database_that_is_not_one(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bogus = tmp_path / "bogus.db"
    bogus.write_text("hello, I am a text file\n")
    r = cli("--db", str(bogus), "import", str(SEED))
    assert r.returncode == 1 and "not a flashcards database" in r.stderr
    assert bogus.read_text() == "hello, I am a text file\n"


def test_usage_errors_are_one_line(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("import")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    r = cli("frobnicate")
    assert r.returncode == 2 and r.stderr.count("\n") == 1


def test_utf16_document_is_named_as_such(cli, tmp_path: Path, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "utf16.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("utf-16"))
    r = cli("import", str(path))
    assert r.returncode == 1 and "UTF-16 text, not UTF-8" in r.stderr
    assert r.stderr.count("\n") == 1


def test_export_adds_the_package_extension(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("import", str(SEED)).returncode == 0
    r = cli("export", "-o", str(tmp_path / "mydeck"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "mydeck.apkg").is_file() and not (tmp_path / "mydeck").exists()


def test_plain_list_shows_suspended_cards(cli, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("import", str(SEED)).returncode == 0
    raw = sqlite3.connect(db_path)
    with raw:
        raw.execute("UPDATE card SET suspended = 1 WHERE kind = 'recall'")
    with raw:
        raw.execute(
            "UPDATE card SET suspended = 1 WHERE note_id = "
            "(SELECT id FROM note WHERE word = 'vibrant')"
        )
    raw.close()
    lines = cli("list").stdout.splitlines()
    niche = next(x for x in lines if x.startswith("niche"))
    vibrant = next(x for x in lines if x.startswith("vibrant"))
    assert niche.endswith("new, 1 suspended") and vibrant.endswith("suspended")
    assert not vibrant.endswith(", 1 suspended")
