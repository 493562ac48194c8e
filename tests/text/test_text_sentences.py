"""Tests for flashcards.text.sentences: paragraphs and sentence splitting."""

from pathlib import Path

import pytest

from flashcards.text.sentences import paragraphs, split_sentences

DOCUMENT = Path(__file__).parents[2] / "data" / "making-ai-accessible-karpathy-zhan.txt"
TITLE = "Making AI accessible with Andrej Karpathy and Stephanie Zhan"


def talk_sentences() -> list[str]:
    """The sentences of the real talk: after its title line, without the tag line."""
    lines = DOCUMENT.read_text(encoding="utf-8").splitlines()
    talk = "\n".join(lines[lines.index(TITLE) + 1 : -1])
    return [sentence for paragraph in paragraphs(talk) for sentence in split_sentences(paragraph)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "He was poached by Elon. Mr. Smith went home.",
            ["He was poached by Elon.", "Mr. Smith went home."],
        ),
        (
            "I sort of felt like agi was. It wasn't clear",
            ["I sort of felt like agi was.", "It wasn't clear"],
        ),
        ("Mrs. Jones and Dr. Who met Prof. X at St. Paul.", None),
        ("Ms. Lee and Sr. Rossi, i.e. two people, e.g. friends.", None),
        ("Apple vs. Google is old news.", None),
        ("We bought apples, pears, etc. and ate them.", None),
        (
            "We bought apples, pears, etc. Then we left.",
            ["We bought apples, pears, etc.", "Then we left."],
        ),
        ("She moved to the U.S. in 2015.", None),
        ("She moved to the U.S. It was cold.", ["She moved to the U.S.", "It was cold."]),
        ("The book by J. K. Rowling sold well.", None),
        ("Can you see it? Yes! I can.", ["Can you see it?", "Yes!", "I can."]),
        ("I was... thinking. Well… Maybe.", ["I was... thinking.", "Well…", "Maybe."]),
        ('He said "stop." Then he left.', ['He said "stop."', "Then he left."]),
        ('"Stop!" he said. (It worked.) Then', ['"Stop!" he said.', "(It worked.)", "Then"]),
        (
            "See No. 5 in the list. No. Not that one.",
            ["See No. 5 in the list.", "No.", "Not that one."],
        ),
        ("And so am I. Then we left.", ["And so am I.", "Then we left."]),
        (
            "The ratio was 3.5 in 2015. 2017 was better.",
            ["The ratio was 3.5 in 2015.", "2017 was better."],
        ),
        ("We use it on Windows. macOS is next.", ["We use it on Windows.", "macOS is next."]),
    ],
)
def test_split_sentences(text: str, expected: list[str] | None) -> None:
    assert split_sentences(text) == (expected if expected is not None else [text])


def test_split_sentences_collapses_whitespace_and_strips() -> None:
    text = "  He co founded OpenAI\nback in 2015.\r\n  He was\tpoached   by Elon.  "
    assert split_sentences(text) == [
        "He co founded OpenAI back in 2015.",
        "He was poached by Elon.",
    ]


def test_split_sentences_empty() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []


def test_paragraphs_join_line_wraps_and_drop_empty() -> None:
    text = "\ufeffFirst line\r\n  wrapped here.  \r\n\r\n \n\nSecond\nparagraph.\n   \n\n"
    assert paragraphs(text) == ["First line wrapped here.", "Second paragraph."]


def test_paragraphs_of_nothing() -> None:
    assert paragraphs("") == []
    assert paragraphs("\n\n  \n") == []


def test_real_talk_sentences_are_whole() -> None:
    sentences = talk_sentences()
    assert "To his picture, like a very intimidating." in sentences
    assert (
        "And most of our audience here today are founders who are trying to carve out a little "
        "niche, praying that OpenAI doesn't take them out overnight."
    ) in sentences
    assert "He co founded OpenAI back in 2015 and 2017, he was poached by Elon." in sentences
    assert "I think a few years ago, I sort of felt like agi was." in sentences
    assert all(sentence == sentence.strip() and "\n" not in sentence for sentence in sentences)


def test_references_and_bracketed_asides_do_not_end_a_sentence() -> None:
    text = (
        "See Vol. 3, No. 2 of the journal for details. "
        "We tried it (as noted above.) and it worked. Then we left."
    )
    assert split_sentences(text) == [
        "See Vol. 3, No. 2 of the journal for details.",
        "We tried it (as noted above.) and it worked.",
        "Then we left.",
    ]


def test_a_bracketed_aside_before_a_capital_still_ends_the_sentence() -> None:
    assert split_sentences("We tried it (see above.) Then we left.") == [
        "We tried it (see above.)",
        "Then we left.",
    ]
