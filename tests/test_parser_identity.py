"""The vocabulary list's edges: any entry number, one identity per word, the last entry."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from flashcards.documents import parse_document

HEAD = "A summary.\n\nKey Vocabularies and Common Phrases:\n\n"
TALK = (
    "The Real Title\n\n"
    "Welcome to the talk. We built a widget and a gadget together. "
    "Then we made a gizmo for everyone.\n\n"
    "We co design things, and co-design matters.\n"
)


def entry(number: int, word: str, example: str | None = None) -> str:
    line = f"{number}. {word} [ˈwɜːd] - (n.) - A thing called {word}. - Synonyms: (thing, item)\n\n"
    return line + (f"{example}\n\n" if example is not None else f"A {word} in a sentence.\n\n")


def dump(path: Path) -> list[str]:
    if not path.exists():
        return []
    raw = sqlite3.connect(path)
    try:
        return list(raw.iterdump())
    finally:
        raw.close()


def test_six_digit_entry_numbers_are_entries_not_the_title(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    words = {99999: "widget", 100000: "gadget", 100001: "gizmo"}
    doc = tmp_path / "big.txt"
    doc.write_text(HEAD + "".join(entry(n, w) for n, w in words.items()) + TALK, "utf-8")
    r = cli("import", str(doc))
    assert r.returncode == 0, r.stderr
    assert "3 notes in deck 'The Real Title'" in r.stdout
    listed = json.loads(cli("list", "--json").stdout)
    assert [n["word"] for n in listed] == list(words.values())
    assert {n["deck"] for n in listed} == {"The Real Title"}
    gadget = next(n for n in listed if n["word"] == "gadget")
    assert gadget["contexts"] == ["We built a widget and a gadget together."]


def test_every_entry_of_a_long_list_is_read() -> None:
    words = [f"w{n}x" for n in range(1, 1201)]
    text = HEAD + "".join(entry(n, w) for n, w in enumerate(words, start=1)) + TALK
    doc = parse_document(text, "long.txt")
    assert [e.word for e in doc.entries] == words
    assert doc.entries[-1].number == 1200
    assert doc.title == "The Real Title"


def test_a_malformed_numbered_line_inside_the_list_is_an_error(
    cli, tmp_path: Path, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good.txt"
    good.write_text(HEAD + entry(1, "widget") + TALK, "utf-8")
    assert cli("import", str(good)).returncode == 0
    doc = tmp_path / "broken.txt"
    text = HEAD + entry(1, "widget") + "2. gadget is something broken\n\n" + entry(3, "gizmo")
    doc.write_text(text + TALK, "utf-8")
    before = dump(db_path)
    r = cli("import", str(doc))
    assert r.returncode != 0
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert f"{doc}:9:" in r.stderr and "malformed vocabulary entry" in r.stderr
    assert dump(db_path) == before


def test_a_malformed_last_entry_with_the_next_number_is_an_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = tmp_path / "broken.txt"
    text = HEAD + entry(99999, "widget") + "100000. gadget without its parts\n\n"
    doc.write_text(text + TALK, "utf-8")
    r = cli("import", str(doc))
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert f"{doc}:9:" in r.stderr and "malformed" in r.stderr


def test_a_numbered_title_after_the_list_is_still_the_title() -> None:
    text = HEAD + entry(1, "widget") + "1984. A year to remember\n\nThe widget was new then.\n"
    doc = parse_document(text, "x.txt")
    assert [e.word for e in doc.entries] == ["widget"]
    assert doc.title == "1984. A year to remember"


def test_spelling_variants_are_one_note_with_a_warning_each(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = tmp_path / "variants.txt"
    text = (
        HEAD
        + entry(1, "co-design", "We co-design it.")
        + entry(2, "co design", "We co design it.")
        + entry(3, "Co-Design", "Co-Design it.")
        + entry(4, "widget")
    )
    doc.write_text(text + TALK, "utf-8")
    r = cli("import", str(doc))
    assert r.returncode == 0, r.stderr
    warnings = [w for w in r.stderr.splitlines() if "the same word" in w]
    assert warnings == [
        f"{doc}:9: co design: the same word as line 5 (kept once)",
        f"{doc}:13: Co-Design: the same word as line 5 (kept once)",
    ]
    # Four entries, two merged: the summary counts the two notes there are.
    assert "2 notes in deck 'The Real Title': 2 new" in r.stdout
    listed = json.loads(cli("list", "--json").stdout)
    assert [n["word"] for n in listed] == ["co-design", "widget"]
    assert listed[0]["contexts"] == ["We co design things, and co-design matters."]


def test_a_last_entry_without_example_keeps_the_title(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = tmp_path / "noexample.txt"
    last = "2. gizmo [ˈɡɪzmoʊ] - (n.) - A device. - Synonyms: (device)\n\n"
    doc.write_text(HEAD + entry(1, "widget") + last + TALK, "utf-8")
    parsed = parse_document(doc.read_text("utf-8"), "noexample.txt")
    assert parsed.title == "The Real Title"
    gizmo = parsed.entries[-1]
    assert gizmo.example == ""
    assert gizmo.contexts == ("Then we made a gizmo for everyone.",)
    r = cli("import", str(doc))
    assert r.returncode == 0, r.stderr
    assert f"{doc}:9: gizmo: no example sentence (line 11 is the talk's title)" in r.stderr
    assert "deck 'The Real Title'" in r.stdout


def test_a_last_example_that_looks_like_a_title_is_still_the_example() -> None:
    text = HEAD + entry(1, "widget") + entry(2, "gizmo", "A gizmo for all") + TALK
    doc = parse_document(text, "x.txt")
    assert doc.entries[-1].example == "A gizmo for all"
    assert doc.title == "The Real Title"


def test_line_ending_notice_names_its_line() -> None:
    text = HEAD + entry(1, "widget") + TALK.replace("\n", "\r\n")
    doc = parse_document(text, "x.txt")
    notices = [str(i) for i in doc.issues if "line endings" in i.message]
    assert notices == ["x.txt:9: Windows or old Mac line endings (read as plain ones)"]
