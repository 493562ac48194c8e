r"""The text of Anki fields, made from notes: escaped HTML, highlights, clozes, tags.

Anki fields are raw HTML, so every piece of the learner's text is HTML-escaped here and line
breaks become ``<br>``. Markup (a highlight, a cloze) is only ever put *around* escaped pieces:
the uses of a word are found in the raw sentence, marked with private-use characters, the whole
sentence is escaped, and only then are the marks turned into markup. A word containing ``&`` or
``<`` is therefore found and escaped correctly, and no text can inject markup.

Anki has markup of its own besides HTML, which it acts on in a field's text: ``[sound:…]``
and ``[anki:tts]…`` play sounds, ``[latex]``, ``[$]`` and ``[$$]`` make LaTeX images,
``\(…\)`` and ``\[…\]`` are typeset by MathJax, ``{{c1::…}}`` makes clozes. Square and curly
brackets are escaped as character references, and a backslash is put in an element of its
own: MathJax reads the page's text (where a reference is already decoded), and a delimiter
cannot span two elements. The learner sees the literal text.

Pure functions of plain values: no genanki, no database.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from flashcards.text.syllables import Headword, shown_syllables, stressed_parts

if TYPE_CHECKING:  # the export's worker process imports this module for syllables alone
    from flashcards.domain import Spans

__all__ = [
    "anki_tags",
    "as_cloze",
    "as_highlight",
    "cloze_extra",
    "cloze_text",
    "highlighted",
    "mark_spans",
    "mark_uses",
    "slug",
    "syllables_html",
    "text",
]

# Marks put into the raw sentence and kept through html.escape (private-use characters): a
# use of the word begins and ends, and the sentence's own braces, which a cloze must not see.
_OPEN = "\ue000"
_CLOSE = "\ue001"
_LEFT_BRACE = "\ue002"
_RIGHT_BRACE = "\ue003"
_MARKS = (_OPEN, _CLOSE, _LEFT_BRACE, _RIGHT_BRACE)
_MARK_CHARS = re.compile(f"[{''.join(_MARKS)}]")
# Anki's markup characters and what they become (the backslash last: its markup has none).
_ANKI_MARKUP = (
    ("[", "&#91;"),
    ("]", "&#93;"),
    ("{", "&#123;"),
    ("}", "&#125;"),
    ("\\", "<span>&#92;</span>"),
)

#: The characters :func:`text` changes: a text without any is its own field.
_FIELD_MARKUP = re.compile(r"[&<>\r\n\[\]{}\\]")


def text(value: str | None) -> str:
    """Plain text as an Anki field: HTML-escaped, Anki's own markup (sound, TTS, LaTeX,
    MathJax, clozes) made inert, line breaks as ``<br>``."""
    if not value:
        return ""
    if not _FIELD_MARKUP.search(value):  # most fields: nothing to change
        return value
    escaped = html.escape(value.replace("\r\n", "\n").replace("\r", "\n"), quote=False)
    # A field with one holds few of them, and `in` is the cheapest way to know which.
    for char, markup in _ANKI_MARKUP:
        if char in escaped:
            escaped = escaped.replace(char, markup)
    return escaped.replace("\n", "<br>")


def mark_uses(sentence: str, word: str, pos: str) -> str | None:
    """The sentence escaped, with marks around each use of ``word``; None when it has none.

    Finding the uses is the costly part of making fields: do it once per sentence, then make
    both the highlighted and the cloze form with :func:`as_highlight` and :func:`as_cloze`.
    """
    clean = sentence
    for mark in _MARKS:
        clean = clean.replace(mark, "")
    clean = clean.replace("{", _LEFT_BRACE).replace("}", _RIGHT_BRACE)
    from flashcards.text.cloze import cloze_markup  # the word forms: loaded when first used

    marked = cloze_markup(clean, word, pos, lambda use: _OPEN + use + _CLOSE)
    return None if marked is None else text(marked)


def mark_spans(sentence: str, word: str, pos: str, spans: Spans | None) -> str | None:
    """:func:`mark_uses`, with the uses where the import found them (``spans``); None when
    there are none. Without spans (a context stored before they were), they are found."""
    if (
        spans is None
        or _MARK_CHARS.search(sentence)
        or not all(0 <= start < end <= len(sentence) for start, end in spans)
    ):
        return mark_uses(sentence, word, pos)
    if not spans:
        return None
    clean = sentence.replace("{", _LEFT_BRACE).replace("}", _RIGHT_BRACE)  # one for one
    pieces: list[str] = []
    done = 0
    for start, end in spans:
        pieces += (clean[done:start], _OPEN, clean[start:end], _CLOSE)
        done = end
    pieces.append(clean[done:])
    return text("".join(pieces))


def as_highlight(marked: str) -> str:
    """A marked sentence with its uses of the word in bold."""
    return (
        marked.replace(_OPEN, "<b>")
        .replace(_CLOSE, "</b>")
        .replace(_LEFT_BRACE, "&#123;")
        .replace(_RIGHT_BRACE, "&#125;")
    )


def as_cloze(marked: str) -> str:
    """A marked sentence as the Text of a cloze note: every use in the one ``{{c1::...}}``.

    The sentence's own braces become character references, so a sentence quoting
    ``{{c2::x}}`` cannot make a second cloze.
    """
    return (
        marked.replace(_OPEN, "{{c1::")
        .replace(_CLOSE, "}}")
        .replace(_LEFT_BRACE, "&#123;")
        .replace(_RIGHT_BRACE, "&#125;")
    )


def highlighted(sentence: str, word: str, pos: str, spans: Spans | None = None) -> str:
    """The sentence as a field, its uses of ``word`` in bold (plain when it has none);
    ``spans``: where they are, if known."""
    marked = mark_spans(sentence, word, pos, spans)
    return text(sentence) if marked is None else as_highlight(marked)


def cloze_text(sentence: str, word: str, pos: str) -> str | None:
    """The sentence as the Text of a cloze note; None when it does not use the word (a cloze
    note without a cloze makes no card, so none is ever made)."""
    marked = mark_uses(sentence, word, pos)
    return None if marked is None else as_cloze(marked)


def cloze_extra(word: str, pos: str, definition: str) -> str:
    """The Extra of a cloze note: the word, its part of speech and its definition."""
    shown_pos = f" <i>({text(pos)})</i>" if pos else ""
    return f"<b>{text(word)}</b>{shown_pos}: {text(definition)}"


def syllables_html(note: Headword) -> str:
    """The word's syllable-like parts ("in·tim·i·dat·ing"), the stressed part in bold when
    the IPA says which it is. Empty when the parts add nothing to the word ("niche")."""
    shown = shown_syllables(note).strip()
    if not shown or shown == note.word.strip():
        return ""
    # text() of a run of pieces is the pieces' text() joined (no piece ends inside a line
    # break), so each run between bold parts is made a field at once.
    plain = not _FIELD_MARKUP.search(shown)
    out: list[str] = []
    run: list[str] = []
    for piece, stressed in stressed_parts(shown, note.ipa):
        if stressed:
            out.append("".join(run) if plain else text("".join(run)))
            out.append(f"<b>{piece if plain else text(piece)}</b>")
            run = []
        else:
            run.append(piece)
    out.append("".join(run) if plain else text("".join(run)))
    return "".join(out)


def anki_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Topic tags as Anki tags: no spaces ("Deep Learning" -> "Deep_Learning"), no repeats."""
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = re.sub(r"\s+", "_", tag.strip())
        if cleaned:
            seen.setdefault(cleaned, None)
    return tuple(seen)


def slug(name: str, limit: int = 80) -> str:
    """A file-name-safe form of ``name``: lower-case ASCII words joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_name.lower())
    out = ""
    for w in words:
        candidate = f"{out}-{w}" if out else w
        if len(candidate) > limit:
            break
        out = candidate
    return out or (words[0][:limit] if words else "")
