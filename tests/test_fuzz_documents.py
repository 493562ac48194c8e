"""Fuzzing the document parser: mutations of the real document and arbitrary text either
parse or raise the importer's own clear error, and an import never applies partially."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashcards.documents import parse_document
from flashcards.documents.parser import decode
from flashcards.errors import DocumentError, FlashcardsError
from flashcards.importing import import_file
from flashcards.store import Store

from support import SEED, T0

SEED_TEXT = SEED.read_text(encoding="utf-8")
LINES = SEED_TEXT.split("\n")
HEAD = "\n".join(LINES[:60])  # the summary and the vocabulary list: where the parser works

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def parse_or_refuse(text: str) -> None:
    try:
        doc = parse_document(text, "fuzz.txt")
    except DocumentError as exc:
        message = str(exc)
        assert message.startswith("fuzz.txt") and "\n" not in message
        return
    for entry in doc.entries:
        assert entry.word and entry.pos and entry.definition
        for sentence in entry.contexts:
            assert "\n" not in sentence


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = list(HEAD.split("\n"))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["drop", "dup", "swap", "cut", "insert", "chars"]))
        i = draw(st.integers(0, len(lines) - 1))
        if kind == "drop" and len(lines) > 1:
            del lines[i]
        elif kind == "dup":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "cut":
            lines[i] = lines[i][: draw(st.integers(0, max(0, len(lines[i]))))]
        elif kind == "insert":
            lines.insert(i, draw(st.text(max_size=80)))
        else:
            line = lines[i]
            k = draw(st.integers(0, len(line)))
            lines[i] = line[:k] + draw(st.text(max_size=5)) + line[k + 1 :]
    tail = "\n".join(LINES[60:]) if draw(st.booleans()) else ""
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join(lines) + ("\n" + tail if tail else "")


@FUZZ
@given(mutated())
def test_mutations_of_the_real_document(text: str) -> None:
    parse_or_refuse(text)


@FUZZ
@given(st.text())
def test_arbitrary_text(text: str) -> None:
    parse_or_refuse(text)


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes(raw: bytes) -> None:
    try:
        parse_or_refuse(decode(raw, "fuzz.txt"))
    except DocumentError as exc:
        assert str(exc).startswith("fuzz.txt")


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated())
def test_an_import_applies_whole_or_not_at_all(tmp_path_factory, text: str) -> None:  # type: ignore[no-untyped-def]
    tmp: Path = tmp_path_factory.mktemp("fuzz")
    db = tmp / "f.db"
    store = Store.open(db)
    import_file(store, SEED, T0)
    before = _dump(db)
    doc = tmp / "doc.txt"
    doc.write_text(text, encoding="utf-8")
    try:
        import_file(store, doc, T0, deck="fuzzed")
    except FlashcardsError:
        assert _dump(db) == before
    else:
        fuzzed = store.find_deck("fuzzed")
        assert fuzzed is not None
        assert len(store.notes(fuzzed.id)) >= 1
    store.close()


def _dump(path: Path) -> list[str]:
    raw = sqlite3.connect(path)
    try:
        return list(raw.iterdump())
    finally:
        raw.close()
