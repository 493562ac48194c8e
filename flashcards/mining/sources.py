"""Reading what a learner wants to mine: plain text, `.srt` or `.vtt` subtitles, or a
vocabulary document (whose talk is mined and whose list words count as known).

Subtitles lose their cue numbers, timestamps, cue settings and markup; the cues' text is
joined into one stream before it is split into sentences, so a sentence spoken across two
cues stays one sentence.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from flashcards.documents.parser import HEADER, decode, parse_document
from flashcards.errors import DocumentError
from flashcards.text.sentences import paragraphs, split_sentences

__all__ = ["MAX_BYTES", "Source", "read_source", "source_from_text"]

#: The largest file `mine` reads (checked before reading).
MAX_BYTES = 32 * 1024 * 1024

_SRT_TIMING = re.compile(
    r"^\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}"
)
_VTT_TIMING = re.compile(
    r"^\s*(?:\d{1,2}:)?\d{2}:\d{2}\.\d{3}\s*-->\s*(?:\d{1,2}:)?\d{2}:\d{2}\.\d{3}"
)
_CUE_NUMBER = re.compile(r"^\s*\d+\s*$")
_TAG = re.compile(r"<[^<>\n]*>")
_ASS_OVERRIDE = re.compile(r"\{\\[^{}]*\}")  # {\an8} and friends in .srt files
_SPEAKER = re.compile(r"^\s*(?:-\s*)?(?:\[[^\]]*\]|\([^)]*\))\s*")  # [Music], (laughs)
_BRACKETED = re.compile(r"\[[^\]]*\]|\([A-Z ]+\)")


@dataclass(frozen=True)
class Source:
    """The text to mine, cut into sentences, and the words its own list already teaches."""

    name: str
    kind: str  # "text", "srt", "vtt" or "document"
    title: str | None
    text: str  # the text to mine, as paragraphs separated by blank lines
    sentences: tuple[str, ...]
    known: frozenset[str]  # lower-case words of a vocabulary document's own list


def read_source(path: str | Path, shown_as: str | None = None) -> Source:
    """Read the file at `path` (a regular file, at most MAX_BYTES) and cut it into sentences.

    A DocumentError names the file when it cannot be read or holds no text."""
    name = shown_as if shown_as is not None else str(path)
    file = Path(path).expanduser()
    try:
        info = file.stat()
    except FileNotFoundError:
        raise DocumentError(name, "no such file") from None
    except OSError as exc:
        raise DocumentError(name, f"cannot be read ({exc.strerror or exc})") from None
    if file.is_dir():
        raise DocumentError(name, "is a directory, not a text")
    if not file.is_file():
        raise DocumentError(name, "not a regular file")
    if info.st_size > MAX_BYTES:
        raise DocumentError(
            name, f"too large ({info.st_size // 1_000_000} MB; at most {MAX_BYTES // 1_000_000} MB)"
        )
    try:
        raw = file.read_bytes()
    except PermissionError:
        raise DocumentError(name, "permission denied") from None
    except OSError as exc:
        raise DocumentError(name, f"cannot be read ({exc.strerror or exc})") from None
    text = decode(raw, name)  # UTF-8 only, no NUL bytes, not empty
    return source_from_text(text, name, file.suffix.lower())


def source_from_text(text: str, name: str, suffix: str = ".txt") -> Source:
    """A Source from a file's text; `suffix` (".srt", ".vtt", else plain) says how to read it."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    title: str | None = None
    known: frozenset[str] = frozenset()
    if suffix == ".srt" or (suffix not in (".vtt",) and _looks_like_srt(text)):
        kind, body = "srt", _srt_text(text)
    elif suffix == ".vtt" or text.lstrip().startswith("WEBVTT"):
        kind, body = "vtt", _vtt_text(text)
    elif any(HEADER.match(line) for line in text.split("\n")):
        kind = "document"
        title, body, known = _document_talk(text, name)
    else:
        kind, body = "text", text
    sentences = tuple(s for p in paragraphs(body) for s in split_sentences(p))
    if not sentences:
        raise DocumentError(name, "no text to mine")
    return Source(name, kind, title, body, sentences, known)


def _looks_like_srt(text: str) -> bool:
    head = text.lstrip().split("\n", 3)
    return len(head) >= 2 and bool(_CUE_NUMBER.match(head[0])) and bool(_SRT_TIMING.match(head[1]))


def _clean_cue_line(line: str) -> str:
    line = _ASS_OVERRIDE.sub("", _TAG.sub("", line))
    line = html.unescape(line).replace("\u00a0", " ")
    line = _BRACKETED.sub(" ", line)
    return line.strip().removeprefix("- ").removeprefix("-").strip()


def _join_cues(cues: list[list[str]]) -> str:
    """One stream of text from the cues' lines, a line repeated by a rolling caption once."""
    words: list[str] = []
    previous = ""
    for cue in cues:
        for raw in cue:
            line = _clean_cue_line(raw)
            if not line or line == previous:
                continue
            previous = line
            words.append(line)
    return " ".join(words)


def _srt_text(text: str) -> str:
    cues: list[list[str]] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.split("\n") if line.strip()]
        if lines and _CUE_NUMBER.match(lines[0]):
            lines = lines[1:]
        if lines and _SRT_TIMING.match(lines[0]):
            lines = lines[1:]
        cues.append(lines)
    return _join_cues(cues)


def _vtt_text(text: str) -> str:
    cues: list[list[str]] = []
    blocks = re.split(r"\n\s*\n", text)
    for number, block in enumerate(blocks):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        first = lines[0].strip()
        if number == 0 and first.startswith("WEBVTT"):
            continue  # the header and its metadata lines
        if first.startswith(("NOTE", "STYLE", "REGION")) and not any(
            _VTT_TIMING.match(line) for line in lines
        ):
            continue
        timing = next((k for k, line in enumerate(lines) if _VTT_TIMING.match(line)), None)
        if timing is None:
            continue  # not a cue
        cues.append(lines[timing + 1 :])
    return _join_cues(cues)


def _document_talk(text: str, name: str) -> tuple[str | None, str, frozenset[str]]:
    """The talk of a vocabulary document (what follows its list, title and tags left out)
    and its list's words."""
    document = parse_document(text, name)
    lines = text.split("\n")
    entry = max(document.entries, key=lambda e: e.line)
    start = _after_block(lines, entry.line - 1)  # past the last entry's own paragraph
    block = " ".join(" ".join(lines[entry.line - 1 : start]).split())
    example = " ".join(entry.example.split())
    if example and example not in block:  # its example is the next paragraph
        while start < len(lines) and not lines[start].strip():
            start += 1
        start = _after_block(lines, start)
    rest = lines[start:]
    if document.title is not None:
        for k, line in enumerate(rest):
            if line.strip() == document.title:
                rest = rest[k + 1 :]
                break
    if document.tags:
        for k in range(len(rest) - 1, -1, -1):
            if rest[k].strip():
                rest = rest[:k]
                break
    known = frozenset(entry.word.casefold() for entry in document.entries)
    return document.title, "\n".join(rest), known


def _after_block(lines: list[str], start: int) -> int:
    """The index of the first blank line at or after `start` (or the end)."""
    while start < len(lines) and lines[start].strip():
        start += 1
    return start
