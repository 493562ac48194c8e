"""The parser on hand-made documents: what the seed does not exercise."""

from __future__ import annotations

import pytest

from flashcards.documents import parse_document, read_document
from flashcards.domain import Document, Entry
from flashcards.errors import DocumentError

from support import FIXTURES


def entry(doc: Document, word: str) -> Entry:
    return next(e for e in doc.entries if e.word == word)


def test_windows_line_endings_bom_and_phrases() -> None:
    doc = read_document(FIXTURES / "crlf_bom.txt", "garden.txt")
    assert doc.title == "Gardening for Everyone"
    assert doc.tags == ("Gardening", "Hobbies")
    carve = entry(doc, "carve out")
    assert carve.pos == "phrasal verb"
    assert carve.ipa == "kɑːrv aʊt"
    assert carve.definition == (
        "To create a position or space for oneself - often by hard work (as in a career)."
    )
    assert carve.synonyms == ("establish", "forge", "make")
    assert "\r" not in carve.example and carve.example.startswith("They carved out")
    # A sentence wrapped over two lines comes back whole, on one line.
    assert carve.contexts == (
        "We carve out time every morning.",
        "Last year we carved out a plot by the fence.",
    )
    free = entry(doc, "free of charge")
    assert free.pos == "phrase"
    assert free.contexts == ("The seeds were given away free of charge.",)
    # What it coped with is said, one line each.
    assert [str(i) for i in doc.issues] == [
        "garden.txt:1: a byte-order mark at the start (ignored)",
        "garden.txt:1: Windows or old Mac line endings (read as plain ones)",
    ]


@pytest.fixture(scope="module")
def twelve() -> Document:
    return read_document(FIXTURES / "wrapped_twelve.txt", "ship.txt")


def test_more_than_ten_entries_and_parts_of_speech(twelve: Document) -> None:
    assert len(twelve.entries) == 12
    assert {e.word: e.pos for e in twelve.entries} == {
        "convey": "verb",
        "leverage": "verb",
        "swiftly": "adverb",
        "despite": "preposition",
        "the elephant in the room": "idiom",
        "bottleneck": "noun",
        "ship": "verb",
        "roadmap": "noun",
        "nevertheless": "adverb",
        "well-being": "noun",
        "iterate": "verb",
        "serendipity": "noun",
    }


def test_hard_wrapped_entry_and_example(twelve: Document) -> None:
    convey = entry(twelve, "convey")
    assert convey.definition == "To communicate or make known (an idea, a feeling) to someone."
    assert convey.synonyms == ("communicate", "express", "transmit")
    assert convey.example == "She was conveying the plan to the whole team."


def test_definition_with_dashes_and_parentheses(twelve: Document) -> None:
    assert entry(twelve, "swiftly").definition == "Quickly - with speed - and without delay."
    assert entry(twelve, "roadmap").definition == (
        "A plan for future development (often over a year or more)."
    )
    assert entry(twelve, "leverage").synonyms == ("exploit", "use", "capitalize on")


def test_contexts_through_inflections_and_variants(twelve: Document) -> None:
    convey = entry(twelve, "convey").contexts
    assert "Conveying an idea is hard." in convey
    # A sentence wrapped across lines is one sentence, joined.
    assert "When she was conveying the plan to the whole team, nobody listened." in convey
    # The summary also says "convey": it is not the talk.
    assert not any("prototypes" in c or "summary" in c for c in convey)
    assert entry(twelve, "bottleneck").contexts == ("He said the bottlenecks were elsewhere.",)
    assert entry(twelve, "roadmap").contexts[-1] == "Our roadmaps change."
    assert (
        "We ship every Friday and we are shipping again tomorrow." in entry(twelve, "ship").contexts
    )
    wellbeing = entry(twelve, "well-being").contexts
    assert wellbeing == ("The team's well being matters, and so does their well-being at home.",)
    assert entry(twelve, "the elephant in the room").contexts == (
        "I want to address the elephant in the room: the roadmap.",
    )


def test_abbreviation_does_not_split_a_sentence(twelve: Document) -> None:
    sentences = [c for e in twelve.entries for c in e.contexts]
    assert not any(c.endswith("Mr.") for c in sentences)


def test_word_only_in_the_example_stands_in_from_the_example(twelve: Document) -> None:
    assert entry(twelve, "serendipity").contexts == ("It was pure serendipity.",)
    assert [str(i) for i in twelve.issues] == [
        "ship.txt:11: convey: the entry is wrapped over 2 lines (joined)",
        "ship.txt:57: serendipity: the talk never uses the word",
    ]


LIST = "Key Vocabularies and Common Phrases:\n\n"
GOOD = "1. niche [niːʃ] - (n.) - A small segment. - Synonyms: (segment)\n\nA niche.\n\n"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("", "the document is empty", None),
        ("  \n\n \t\n", "the document is empty", None),
        ("Just a talk.\nNo list here.\n", "no vocabulary list", None),
        (LIST, "the vocabulary list has no entries", 1),
        (LIST + "1. niche [niːʃ] (n.) A segment\n\nA niche.\n", "malformed vocabulary entry", 3),
        (LIST + "1. niche [niːʃ] - (n.) - A small", "ends inside the vocabulary list", 3),
        (LIST + GOOD + "2. vibrant [ˈvaɪ", "malformed vocabulary entry", 7),
        (LIST + GOOD + "3. vibrant [x] - (adj.) - Lively.\n\nA vibrant city.\n", "where 2", 7),
    ],
)
def test_bad_documents(text: str, message: str, line: int | None) -> None:
    with pytest.raises(DocumentError) as caught:
        parse_document(text, "bad.txt")
    assert message in str(caught.value)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"bad.txt:{line}: " if line else "bad.txt: ")
    assert "\n" not in str(caught.value)


def test_bad_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    binary = tmp_path / "x.bin"
    binary.write_bytes(bytes(range(256)))
    latin = tmp_path / "latin.txt"
    latin.write_bytes(
        LIST.encode() + "1. café [kaf] - (n.) - A place.\n\nUn café.\n".encode("latin-1")
    )
    cases = {
        tmp_path / "missing.txt": "no such file",
        binary: "not a text file",
        latin: "not UTF-8",
        tmp_path: "is a directory",
    }
    for path, message in cases.items():
        with pytest.raises(DocumentError, match=message):
            read_document(path)
    with pytest.raises(DocumentError) as caught:
        read_document(latin)
    assert caught.value.line == 3


def test_entry_without_example_in_the_middle_is_a_warning() -> None:
    text = LIST + "1. niche [niːʃ] - (n.) - A segment.\n\n" + GOOD.replace("1.", "2.")
    doc = parse_document(text + "The Talk\n\nA niche here.\n", "x.txt")
    assert [e.word for e in doc.entries] == ["niche"]  # the second is the same word
    assert any("no example sentence" in str(i) for i in doc.issues)
    assert any("the same word as line 3 (kept once)" in str(i) for i in doc.issues)
