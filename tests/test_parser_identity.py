"""The vocabulary list's edges: any entry number, one identity per word, the last entry."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

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


def answer_one_card(db_path: Path) -> None:
    from flashcards.domain import Rating
    from flashcards.store import Store
    from flashcards.study import Study

    from study_support import Clock
    from support import T0

    store = Store.open(db_path)
    try:
        study = Study(store, clock=Clock(T0), fuzz=False)
        card = study.next_card()
        assert card is not None
        study.answer(card, Rating.GOOD)
    finally:
        store.close()


def deck_rows(db_path: Path) -> list[tuple[int, str]]:
    raw = sqlite3.connect(db_path)
    try:
        return list(raw.execute("SELECT id, name FROM deck ORDER BY id"))
    finally:
        raw.close()


def reviews(db_path: Path) -> int:
    raw = sqlite3.connect(db_path)
    try:
        return int(raw.execute("SELECT count(*) FROM review_log").fetchone()[0])
    finally:
        raw.close()


WORDS = [(1, "widget"), (2, "gadget"), (3, "gizmo"), (4, "doohickey"), (5, "thingamajig")]
LIST = HEAD + "".join(entry(n, w) for n, w in WORDS)


@pytest.mark.slow
def test_a_corrected_title_renames_the_deck_and_keeps_its_history(
    cli, tmp_path: Path, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    doc = tmp_path / "talk.txt"
    doc.write_text(LIST + TALK.replace("The Real Title", "The Rael Title"), "utf-8")
    assert cli("import", str(doc)).returncode == 0
    answer_one_card(db_path)
    [(deck_id, old)] = deck_rows(db_path)
    assert old == "The Rael Title"
    doc.write_text(LIST + TALK, "utf-8")
    r = cli("import", str(doc))
    assert r.returncode == 0, r.stderr
    assert f"{doc}:25: deck 'The Rael Title' renamed to 'The Real Title'" in r.stderr.splitlines()
    assert "5 notes in deck 'The Real Title': 0 new" in r.stdout
    assert deck_rows(db_path) == [(deck_id, "The Real Title")]
    assert reviews(db_path) == 1
    stats = json.loads(cli("stats", "--deck", "The Real Title", "--json").stdout)
    assert stats["reviews_total"] == 1
    again = cli("import", str(doc))  # nothing more to rename
    assert "renamed" not in again.stderr and deck_rows(db_path) == [(deck_id, "The Real Title")]


@pytest.mark.slow
def test_a_copy_with_the_same_words_and_a_new_title_updates_the_deck(
    cli, tmp_path: Path, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    first = tmp_path / "talk.txt"
    first.write_text(LIST + TALK, "utf-8")
    assert cli("import", str(first)).returncode == 0
    copy = tmp_path / "elsewhere" / "talk-fixed.txt"
    copy.parent.mkdir()
    # Four of the five words, and one new: 4 in common of 5 each.
    changed = LIST.replace("thingamajig", "whatsit") + TALK.replace("Real", "Corrected")
    copy.write_text(changed, "utf-8")
    r = cli("import", str(copy))
    assert r.returncode == 0, r.stderr
    assert "deck 'The Real Title' renamed to 'The Corrected Title'" in r.stderr
    assert [name for _, name in deck_rows(db_path)] == ["The Corrected Title"]


@pytest.mark.slow
def test_another_list_or_a_chosen_name_makes_another_deck(
    cli, tmp_path: Path, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    first = tmp_path / "talk.txt"
    first.write_text(LIST + TALK, "utf-8")
    assert cli("import", str(first)).returncode == 0
    other = tmp_path / "other.txt"
    other_list = HEAD + entry(1, "widget") + entry(2, "sprocket") + entry(3, "flange")
    other.write_text(other_list + TALK.replace("Real", "Other"), "utf-8")
    assert "renamed" not in cli("import", str(other)).stderr
    first.write_text(LIST + TALK.replace("Real", "Retitled"), "utf-8")
    forced = cli("import", str(first), "--deck", "Mine")
    assert forced.returncode == 0 and "renamed" not in forced.stderr
    names = [name for _, name in deck_rows(db_path)]
    assert names == ["The Real Title", "The Other Title", "Mine"]
    # A deck the learner named is never taken over by a later import without --deck.
    first.write_text(LIST + TALK.replace("Real", "Third"), "utf-8")
    r = cli("import", str(first))
    assert "deck 'The Real Title' renamed to 'The Third Title'" in r.stderr
    assert [name for _, name in deck_rows(db_path)] == [
        "The Third Title",
        "The Other Title",
        "Mine",
    ]


def test_an_example_that_starts_with_a_number_is_the_example() -> None:
    text = HEAD + entry(1, "widget", "2015. That was the year of the widget.") + entry(2, "gizmo")
    doc = parse_document(text + TALK, "x.txt")
    assert [e.example for e in doc.entries] == [
        "2015. That was the year of the widget.",
        "A gizmo in a sentence.",
    ]
