"""The readable table `flashcards mine` prints: word, count, rarity, definition cut to the
terminal's width. Control characters of the text are shown as escapes, never sent to the
terminal."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from flashcards.mining.service import Mined

__all__ = ["mined_table", "visible"]


def visible(text: str) -> str:
    """`text` with control and format characters written as escapes (\\x1b, \\u200b)."""
    out = []
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") and ch != "\u00ad":
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def _cut(text: str, width: int) -> str:
    if width <= 1:
        return ""
    return text if len(text) <= width else text[: width - 1] + "…"


def mined_table(words: Sequence[Mined], width: int) -> list[str]:
    """One header line and one line a word."""
    word_width = max([4, *(len(visible(m.word)) for m in words)])
    word_width = min(word_width, 24)
    head = f"{'word':<{word_width}}  count  zipf  definition"
    lines = [_cut(head, width)]
    for m in words:
        definition = visible(m.definition) if m.definition else "—"
        start = f"{_cut(visible(m.word), word_width):<{word_width}}  {m.count:>5}  {m.zipf:>4.2f}  "
        lines.append(start + _cut(definition, max(width - len(start), 10)))
    return lines
