"""The installed command on the `mine` contract: table, JSON, -o document, errors."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from support import FIXTURES, SEED

MINING = FIXTURES / "mining"
KEYS = {"word", "forms", "count", "zipf", "pos", "ipa", "definition", "contexts"}
POS_NAMES = {"noun", "verb", "adjective", "adverb", "preposition", "conjunction", "pronoun"}


def dump(path: Path) -> list[str]:
    if not path.exists():
        return []
    raw = sqlite3.connect(path)
    try:
        return list(raw.iterdump())
    finally:
        raw.close()


def test_table_and_json(cli, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    table = cli("mine", str(MINING / "lecture.txt"), "--top", "4")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["word", "count", "zipf", "definition"]
    assert len(lines) == 5
    assert not db_path.exists()  # mining reads the database; it never creates one
    r = cli("mine", str(MINING / "lecture.txt"), "--json")
    assert r.returncode == 0, r.stderr
    found = json.loads(r.stdout)
    assert 5 < len(found) <= 20
    assert [m["word"] for m in found[:4]] == [line.split()[0] for line in lines[1:]]
    for m in found:
        assert set(m) >= KEYS
        assert isinstance(m["zipf"], float) and m["count"] >= 1 and m["forms"]
        assert m["pos"] is None or m["pos"] in POS_NAMES
        assert m["ipa"] is None or not m["ipa"].startswith(("[", "/"))
        assert m["contexts"] and all(m["word"][:4] in c.lower() for c in m["contexts"])


def test_mine_subtitles_to_a_document_then_import_it(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "words.txt"
    mined = cli("mine", str(MINING / "interview.srt"), "--json", "-o", str(out))
    assert mined.returncode == 0, mined.stderr
    words = json.loads(mined.stdout)
    imported = cli("import", str(out))
    assert imported.returncode == 0, imported.stderr
    assert f"{len(words)} new" in imported.stdout
    assert "Traceback" not in imported.stderr
    notes = json.loads(cli("list", "--json").stdout)
    assert [n["word"] for n in notes] == [m["word"] for m in words]
    for note, m in zip(notes, words, strict=True):
        assert note["contexts"] == m["contexts"]
        assert note["ipa"] == m["ipa"]
        assert note["pos"] == (m["pos"] or "noun")
        assert note["definition"] == m["definition"]
        assert note["synonyms"] == m["synonyms"]
        assert note["deck"] == "Words from interview.srt"
        assert note["example"] == m["contexts"][0]
        assert {c["kind"] for c in note["cards"]} == {"meaning", "recall", "context"}
    # Words now in a deck are not candidates any more.
    again = cli("mine", str(MINING / "interview.srt"), "--json")
    if again.returncode == 0:
        assert not {m["word"] for m in json.loads(again.stdout)} & {m["word"] for m in words}
    else:
        assert "no words worth learning" in again.stderr


def test_known_file_and_level(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    def mined(*args: str) -> list[dict[str, object]]:
        r = cli("mine", str(MINING / "lecture.txt"), "--json", *args)
        assert r.returncode == 0, r.stderr
        return list(json.loads(r.stdout))

    known = tmp_path / "known.txt"
    known.write_text("replenish\nScepticism\n", encoding="utf-8")
    every = {str(m["word"]) for m in mined()}
    assert {"replenish", "scepticism", "reservoir"} <= every
    fewer = mined("--known", str(known), "--level", "C1")  # C1: rarer than Zipf 3.5
    assert {str(m["word"]) for m in fewer} < every
    assert not {"replenish", "scepticism", "reservoir"} & {m["word"] for m in fewer}
    assert fewer and all(float(m["zipf"]) <= 3.5 for m in fewer)  # type: ignore[arg-type]


def test_a_vocabulary_document_is_mined_for_its_talk(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("mine", str(SEED), "--json", "--top", "30")
    assert r.returncode == 0, r.stderr
    found = {m["word"] for m in json.loads(r.stdout)}
    assert len(found) == 30
    assert not found & {"agi", "niche", "oligopoly", "vibrant", "poach", "co-design"}


@pytest.mark.slow
def test_bad_input_is_one_line_and_leaves_the_database_alone(
    cli, tmp_path: Path, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    assert cli("import", str(SEED)).returncode == 0
    before = dump(db_path)
    binary = tmp_path / "b.srt"
    binary.write_bytes(b"\x00\x01\x02")
    empty = tmp_path / "e.txt"
    empty.write_text("")
    common = tmp_path / "common.txt"
    common.write_text("It is what it is, and we are who we are.\n")
    cases = [
        ([str(tmp_path / "missing.vtt")], "no such file"),
        ([str(binary)], "not a text file"),
        ([str(empty)], "empty"),
        ([str(common)], "no words worth learning"),
        ([str(MINING / "lecture.txt"), "--level", "Z9"], "--level"),
        ([str(MINING / "lecture.txt"), "--known", str(tmp_path / "nope")], "no such file"),
        ([str(MINING / "lecture.txt"), "-o", str(db_path)], "database"),
        ([str(MINING / "lecture.txt"), "--top", "0"], "between 1 and 1000"),
    ]
    for args, message in cases:
        r = cli("mine", *args)
        assert r.returncode != 0, args
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert message in r.stderr and "Traceback" not in r.stderr
        assert r.stdout == ""
    assert dump(db_path) == before
