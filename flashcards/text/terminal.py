"""Text from documents made safe for a terminal: the one rule for what may reach it raw.

A document may hold escape sequences (``ESC c`` resets a terminal, OSC 52 writes the
clipboard) and bidirectional overrides that reorder what is shown. :func:`unsafe` says which
characters those are; the command line shows them as visible escapes (:func:`visible`), the
app blanks them one for one (:func:`blanked`, so offsets into the text stay valid), and JSON
output carries them as ``\\uXXXX`` escapes (:func:`json_text`, the same values). No Textual.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

__all__ = ["blanked", "cut", "json_array_items", "json_text", "table", "unsafe", "visible", "width"]

# Bidirectional embeddings, overrides and isolates, and the marks that steer them.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# C0 controls, DEL, C1 controls (0x9b is a one-byte CSI), the bidi characters, and the line
# and paragraph separators (a line break that a terminal does not show as one).
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
# What JSON leaves raw in its strings (it escapes C0 controls itself).
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f\u2028\u2029{_BIDI}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def unsafe(ch: str) -> bool:
    """Whether the character must never reach a terminal raw."""
    return _UNSAFE.fullmatch(ch) is not None


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: object) -> str:
    """``text`` as one printable piece: every control, escape and bidi character (newlines
    too) shown as an escape such as ``\\x1b``, ``\\n`` or ``\\u202e``."""
    return _UNSAFE.sub(_escape, str(text))


def blanked(text: str | None, *, lines: bool = False) -> str:
    """``text`` with each unsafe character replaced by a space, one for one; newlines are
    kept when ``lines`` is True."""
    if not text:
        return ""
    if lines:
        return _UNSAFE.sub(lambda m: m.group() if m.group() == "\n" else " ", text)
    return _UNSAFE.sub(" ", text)


def json_text(value: Any, *, encoding: str | None = None, indent: int | None = 2) -> str:
    """``value`` as JSON that a terminal shows literally and ``encoding`` can carry.

    JSON already escapes C0 controls; DEL, C1 and bidi characters are escaped as well (the
    parsed values are unchanged). When ``encoding`` cannot carry the text, it is all ASCII.
    """
    out = json.dumps(value, ensure_ascii=False, indent=indent)
    # These characters can only occur inside JSON strings, where \\uXXXX means the same.
    out = _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", out)
    if encoding:
        try:
            out.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            out = json.dumps(value, ensure_ascii=True, indent=indent)
    return out


def json_array_items(items: Iterable[Any], *, encoding: str | None = None) -> Iterator[str]:
    """The JSON array of ``items`` in pieces, one an item, that join to exactly what
    ``json_text(list(items))`` gives followed by a newline (for text every ``encoding``
    carries; else each item falls back to ASCII on its own): an array of any length written
    in constant memory."""
    first = True
    for item in items:
        parts: list[str] = ["[\n  " if first else ",\n  "]
        _indented(item, 1, parts, _json_string)
        text = _UNSAFE_IN_JSON.sub(_json_escape, "".join(parts))
        if encoding:
            try:
                text.encode(encoding)
            except (UnicodeEncodeError, LookupError):
                parts = ["[\n  " if first else ",\n  "]
                _indented(item, 1, parts, _json_ascii)
                text = "".join(parts)
        yield text
        first = False
    yield "[]\n" if first else "\n]\n"


_json_string = json.encoder.encode_basestring
_json_ascii = json.encoder.encode_basestring_ascii
_json_scalar = json.JSONEncoder(ensure_ascii=False, allow_nan=True).encode


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _indented(value: Any, level: int, out: list[str], string: Any) -> None:
    """``value`` as ``json.dumps(value, indent=2)`` writes it at nesting ``level`` (the C
    encoder for each string and number; Python's own indenting encoder is pure Python and
    most of the cost of a long listing)."""
    if isinstance(value, str):
        out.append(string(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = "\n" + "  " * (level + 1)
        sep = "{" + inner
        for key, item in value.items():
            out.append(sep + string(key if isinstance(key, str) else _json_scalar(key)) + ": ")
            _indented(item, level + 1, out, string)
            sep = "," + inner
        out.append("\n" + "  " * level + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        inner = "\n" + "  " * (level + 1)
        sep = "[" + inner
        for item in value:
            out.append(sep)
            _indented(item, level + 1, out, string)
            sep = "," + inner
        out.append("\n" + "  " * level + "]")
    elif value is None or value is True or value is False:
        out.append(_JSON_CONSTANTS[value])
    elif type(value) is int:
        out.append(int.__repr__(value))
    elif type(value) is float and math.isfinite(value):
        out.append(float.__repr__(value))
    else:  # NaN and infinities as json writes them; a TypeError for what it cannot write
        out.append(_json_scalar(value))


_JSON_CONSTANTS = {None: "null", True: "true", False: "false"}


def width(text: str) -> int:
    """The columns ``text`` takes in a terminal: combining marks take none, wide (East Asian)
    characters two."""
    total = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def cut(text: str, columns: int) -> str:
    """``text`` cut to at most ``columns`` columns, with "…" where it was cut."""
    if width(text) <= columns:
        return text
    if columns <= 0:
        return ""
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > columns - 1:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + "…"


def _pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def table(
    header: Sequence[str], rows: Sequence[Sequence[str]], limits: Sequence[int | None], total: int
) -> list[str]:
    """Rows of already visible text as aligned lines of at most ``total`` columns.

    ``limits`` caps each column (None: the column that takes what is left, at least 10).
    """
    sizes = table_sizes(header, rows, limits, total)
    return [table_line(row, sizes) for row in (header, *rows)]


def table_sizes(
    header: Sequence[str], rows: Iterable[Sequence[str]], limits: Sequence[int | None], total: int
) -> list[int]:
    """The width of each column of :func:`table` (``rows`` read once, and not kept)."""
    widest = [width(cell) for cell in header]
    for row in rows:
        widest = [max(w, width(cell)) for w, cell in zip(widest, row, strict=True)]
    sizes = [min(w, limit or 10**6) for w, limit in zip(widest, limits, strict=True)]
    gaps = 2 * (len(header) - 1)
    if None in limits:
        flexible = list(limits).index(None)
        rest = total - gaps - sum(s for i, s in enumerate(sizes) if i != flexible)
        sizes[flexible] = max(10, min(sizes[flexible], rest))
    return sizes


def table_line(row: Sequence[str], sizes: Sequence[int]) -> str:
    """One line of :func:`table`, its columns ``sizes`` wide."""
    cells = [_pad(cut(cell, size), size) for cell, size in zip(row, sizes, strict=True)]
    return "  ".join(cells).rstrip()
