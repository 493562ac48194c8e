"""Anki's own markup from a document is inert in Anki: sound and TTS tags, LaTeX, MathJax and
cloze syntax in a field are shown as the literal text, proved by rendering the cards with the
real `anki` package."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from flashcards.export import export_deck
from flashcards.export.fields import text
from flashcards.importing import import_file
from flashcards.store import Store

from support import T0

MARKUP = [
    "[sound:evil.mp3]",
    "[sound:../../../../etc/passwd]",
    "[anki:tts lang=en_US]spoken[/anki:tts]",
    "[$]x^2[/$]",
    "[$$]y^2[/$$]",
    "[latex]z^2[/latex]",
    r"\(a+b\)",
    r"\[c+d\]",
    "{{c2::hidden}}",
    "{{Word}}",
]
DEFINITION = "A corner " + " ".join(MARKUP[:5])
SYNONYMS = "[sound:syn.mp3], [$]s[/$]"
EXAMPLE = r"The niche [latex]z^2[/latex] is \(a+b\) here [anki:tts]t[/anki:tts]."
SENTENCE = r"We found a niche {{c2::hidden}} \[c+d\] and [sound:talk.mp3] {{Word}} [$$]q[/$$]."
DOCUMENT = f"""Key Vocabularies and Common Phrases:

1. niche [niːʃ] - (n. [sound:pos.mp3]) - {DEFINITION} - Synonyms: ({SYNONYMS})

{EXAMPLE}

Markets [sound:title.mp3]

{SENTENCE}
"""
# Markup that any Anki renderer acts on: sound/TTS tags and LaTeX in the HTML source, and
# MathJax delimiters in the text the webview shows (an entity is decoded before MathJax
# looks, so the backslash and the bracket must be in different text nodes).
LIVE = re.compile(
    r"\[sound:|\[anki:|\[\$|\[latex\]|\[/|\\\(|\\\[|&#92;\(|&#92;\[|\{\{|<img|\[anki:play"
)


def shown(rendered: str) -> str:
    """The text a learner sees: no CSS, no tags, entities decoded."""
    body = re.sub(r"<style>.*?</style>", " ", rendered, flags=re.S)
    body = re.sub(r"<(?:/?(?:div|p)|br|hr)\b[^>]*>", " ", body)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", body)).split())


def mathjax_strings(rendered: str) -> list[str]:
    """The text nodes MathJax would search for delimiters, with entities decoded."""
    return [html.unescape(t) for t in re.split(r"<[^>]*>", rendered)]


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    doc = tmp_path / "markup.txt"
    doc.write_text(DOCUMENT, encoding="utf-8")
    store = Store.open(tmp_path / "flashcards.db")
    import_file(store, doc, T0, deck="Markup")
    package = tmp_path / "markup.apkg"
    export_deck(store, package, now=T0)
    store.close()
    folder = tmp_path / "anki"
    folder.mkdir()
    collection = Collection(str(folder / "collection.anki2"))
    collection.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=str(package),
            options=ImportAnkiPackageOptions(merge_notetypes=True, with_scheduling=False),
        )
    )
    yield collection
    collection.close()


def test_anki_markup_is_shown_not_run(col: Collection) -> None:
    cards = [col.get_card(cid) for cid in col.find_cards("")]
    kinds = sorted(c.note_type()["name"] for c in cards)
    assert kinds == ["ESL Cloze", "ESL Vocabulary", "ESL Vocabulary"]  # no second cloze
    seen = ""
    for card in cards:
        question, answer = card.question(), card.answer()
        assert card.question_av_tags() == [] and card.answer_av_tags() == []
        for rendered in (question, answer):
            body = re.sub(r"<style>.*?</style>", "", rendered, flags=re.S)
            assert not LIVE.search(body), LIVE.search(body)
            for piece in mathjax_strings(body):
                assert not re.search(r"\\[(\[]", piece), piece
        seen += " " + shown(answer)
    for literal in (*MARKUP, EXAMPLE.split(" is ")[1].split(" here")[0], "[sound:pos.mp3]"):
        assert literal in seen, literal
    assert "[sound:syn.mp3], [$]s[/$]" in seen
    assert col.media.check().missing == []  # no sound or LaTeX image was asked for
    cloze = next(c for c in cards if c.note_type()["name"] == "ESL Cloze")
    assert "[...]" in shown(cloze.question()) and "{{c2::hidden}}" in shown(cloze.question())


def test_text_escapes_every_marker() -> None:
    escaped = text(r"[sound:x] {{c1::y}} \(z\) a & <b>")
    assert "[" not in escaped and "{" not in escaped and "}" not in escaped
    assert "&amp;" in escaped and "&lt;b&gt;" in escaped
    assert html.unescape(re.sub(r"<[^>]+>", "", escaped)) == r"[sound:x] {{c1::y}} \(z\) a & <b>"
