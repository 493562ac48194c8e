"""Hostile documents: markup, terminal escapes, megabyte lines, ten thousand entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashcards.documents import parse_document
from flashcards.importing import import_file
from flashcards.store import Store

from support import EVIL_DEF, LIST, T0, evil_document


def test_markup_and_escapes_are_kept_as_text() -> None:
    doc = parse_document(evil_document(), "evil.txt")
    first = doc.entries[0]
    assert first.definition == f"{EVIL_DEF} 1."
    assert first.synonyms == ("[b]a[/b]", "<i>b</i>")
    assert first.contexts == ("Say w1x [link]now[/link].",)
    assert doc.title == "The [bold]Talk[/bold] <title>"


def test_megabyte_lines(tmp_path: Path) -> None:
    long_definition = "very " * 200_000
    text = (
        LIST
        + f"1. niche [niːʃ] - (n.) - {long_definition}- Synonyms: (x)\n\nA niche.\n\n"
        + "Title\n\n"
        + "A niche here and there. " * 40_000
        + "\n"
    )
    doc = parse_document(text, "long.txt")
    assert len(doc.entries[0].definition) > 900_000
    assert len(doc.entries[0].contexts) == 1  # the same sentence, once


@pytest.mark.slow
def test_ten_thousand_entries_import(tmp_path: Path) -> None:
    path = tmp_path / "many.txt"
    path.write_text(evil_document(10_000), encoding="utf-8")
    store = Store.open(tmp_path / "many.db")
    doc, report = import_file(store, path, T0)
    assert len(doc.entries) == 10_000 and len(report.added) == 10_000
    notes = store.notes()
    assert len(notes) == 10_000
    assert notes[-1].definition == f"{EVIL_DEF} 10000."
    assert all(len(n.cards) == 3 for n in notes)
