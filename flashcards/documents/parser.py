"""The parser of talk documents: a summary, a numbered vocabulary list, the talk, topic tags.

    Key Vocabularies and Common Phrases:

    1. word [IPA] - (pos.) - definition - Synonyms: (a, b, c)

    The document's example sentence, quoted from the talk.

    <title line of the talk>

    <paragraphs of the talk>

    <comma-separated topic tags>

Real documents are imperfect; every defect the parser copes with becomes an `Issue`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from flashcards.documents.reader import read_bytes
from flashcards.domain import Document, Entry, Issue, normalise_pos, note_key
from flashcards.errors import DocumentError
from flashcards.text.contexts import uses_in_talk
from flashcards.text.forms import find_uses, uses_word
from flashcards.text.sentences import split_sentences

HEADER = re.compile(r"^\s*key\s+vocabular(?:y|ies)\b.*:\s*$", re.IGNORECASE)
NUMBERED = re.compile(r"^\s*(\d+)\s*[.)]\s+\S")
ENTRY = re.compile(
    r"""^\s*(?P<number>\d+)\s*[.)]\s+
        (?P<word>[^\[\]]+?)\s*
        (?:\[(?P<ipa>[^\]]*)\]\s*)?
        [-–—]\s*\((?P<pos>[^()]{1,40})\)\s*[-–—]\s*
        (?P<rest>.*\S)\s*$""",  # greedy to the last non-space: a lazy .+? is 4x slower
    re.VERBOSE,
)
SYNONYMS = re.compile(r"\s+[-–—]\s*Synonyms?\s*:\s*\((?P<list>[^()]*)\)\s*$", re.IGNORECASE)
SYNONYMS_ANYWHERE = re.compile(r"[-–—]\s*Synonyms?\s*:\s*\([^()]*\)", re.IGNORECASE)
PLACEHOLDER = re.compile(r"pronunc|^\W*ext\b", re.IGNORECASE)
MAX_TITLE = 200
ENTRY_FORMAT = "expected 'N. word [IPA] - (part of speech) - definition - Synonyms: (a, b)'"


Fixes = Mapping[str, Mapping[str, Any]]


def read_document(
    path: str | Path, shown_as: str | None = None, fixes: Fixes | None = None
) -> Document:
    """Read and parse the document at `path`; `shown_as` names it in messages."""
    name = shown_as if shown_as is not None else str(path)
    raw = read_bytes(path, name)  # a regular file of at most 64 MB, else DocumentError
    return parse_document(decode(raw, name), name, fixes)


def decode(raw: bytes, name: str) -> str:
    """The document's text: UTF-8 with or without a BOM; anything else is refused."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(name, "UTF-16 text, not UTF-8: save it as UTF-8 and import it again")
    if b"\x00" in raw:
        raise DocumentError(name, "not a text file (it contains NUL bytes)")
    try:
        text = raw.decode("utf-8")  # a byte-order mark is kept for the parser to report
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DocumentError(
            name, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded)", line
        ) from None
    if not text.strip():
        raise DocumentError(name, "the document is empty")
    return text


@dataclass
class _Block:
    """A paragraph: its first line number (1-based) and its lines."""

    line: int
    lines: list[str]

    @property
    def text(self) -> str:
        return self.lines[0].strip() if len(self.lines) == 1 else _joined(self.lines)


def _joined(lines: list[str]) -> str:
    """Lines as one, each stripped, joined by one space."""
    return " ".join([line.strip() for line in lines])


def _blocks(lines: list[str], start: int) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.strip():
            if current is None:
                current = _Block(number, [])
                blocks.append(current)
            current.lines.append(line)
        else:
            current = None
    return blocks


def parse_document(text: str, name: str, fixes: Fixes | None = None) -> Document:
    """Parse a document's text; `name` is how messages refer to it.

    `fixes` maps a headword to corrected fields (ipa, pos, definition, synonyms, example),
    applied before the entry is checked: a bundled deck's corrections of its document."""
    coped: list[Issue] = []
    if text.startswith("\ufeff"):
        coped.append(Issue(name, 1, "", "a byte-order mark at the start (ignored)"))
    if "\r" in text:
        first = text[: text.index("\r")].count("\n") + 1
        coped.append(Issue(name, first, "", "Windows or old Mac line endings (read as plain ones)"))
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DocumentError(name, "the document is empty")
    lines = text.split("\n")
    header = next((i for i, line in enumerate(lines) if HEADER.match(line)), None)
    if header is None:
        raise DocumentError(
            name, "no vocabulary list (no line 'Key Vocabularies and Common Phrases:')"
        )
    blocks = _blocks(lines, header + 1)
    issues: list[Issue] = coped
    raw_entries: list[tuple[Entry, int]] = []  # each entry (its example set) and its line
    i = 0
    while i < len(blocks) and _starts_entry(blocks, i, _next_number(raw_entries)):
        block = blocks[i]
        entry_lines, example_lines = _split_entry_block(block)
        joined = entry_lines[0].strip() if len(entry_lines) == 1 else _joined(entry_lines)
        entry = _parse_entry(joined, block.line, name)
        if len(entry_lines) > 1:
            wrapped = f"the entry is wrapped over {len(entry_lines)} lines (joined)"
            issues.append(Issue(name, block.line, entry.word, wrapped))
        if example_lines:
            example = " ".join(s.strip() for s in example_lines)
            i += 1
        elif i + 1 < len(blocks) and not _starts_entry(
            blocks, i + 1, entry.number + 1, example_may_follow=True
        ):
            if _is_title_not_example(blocks, i + 1, entry):
                example = ""
                title_line = blocks[i + 1].line
                issues.append(
                    Issue(
                        name,
                        block.line,
                        entry.word,
                        f"no example sentence (line {title_line} is the talk's title)",
                    )
                )
                i += 1
            else:
                example = blocks[i + 1].text
                i += 2
        elif i + 1 < len(blocks):
            example = ""
            issues.append(Issue(name, block.line, entry.word, "no example sentence"))
            i += 1
        else:
            raise DocumentError(
                name,
                f"the document ends inside the vocabulary list: entry {entry.number} "
                f"({entry.word}) has no example sentence",
                block.line,
            )
        raw_entries.append((_with_example(entry, example), block.line))
    if not raw_entries:
        where = blocks[0].line if blocks else header + 1
        raise DocumentError(name, "the vocabulary list has no entries", where)
    _check_numbering(raw_entries, name)

    rest = blocks[i:]
    title, talk_blocks, tags = _talk(rest)
    title_line = rest[0].line if title is not None else 0
    if not talk_blocks:
        issues.append(Issue(name, raw_entries[-1][1], "", "no talk follows the vocabulary list"))
    sentences = [s for b in talk_blocks for s in split_sentences(b.text)]

    # First every entry's own checks, then the uses of all the entries' words in one pass
    # over the talk, then each entry's contexts; the warnings stay in the list's order.
    said: list[list[Issue]] = []  # the warnings of each entry of the list
    kept: list[tuple[Entry, int, str | None, list[Issue]]] = []
    seen: dict[str, int] = {}  # note key -> the line of the entry kept
    fixes_by_key = {note_key(word): fix for word, fix in (fixes or {}).items()}
    for entry, line in raw_entries:
        key = note_key(entry.word)
        if key in seen:
            warning = f"the same word as line {seen[key]} (kept once)"
            said.append([Issue(name, line, entry.word, warning)])
            continue
        seen[key] = line
        fix = (fixes or {}).get(entry.word) or fixes_by_key.get(key) or {}
        ipa = entry.ipa
        problem: str | None = None
        if ipa is not None and (not ipa.strip() or PLACEHOLDER.search(ipa)):
            problem, ipa = f'no pronunciation (placeholder "[{ipa}]")', None
        elif ipa is None:
            problem = "no pronunciation"
        else:
            ipa = ipa.strip()
        entry = _apply_fix(entry, fix)
        if "ipa" in fix:
            ipa = str(fix["ipa"]).strip() or None
            if problem:
                problem += f"; the deck file gives /{ipa}/"
        said.append([Issue(name, line, entry.word, problem)] if problem else [])
        kept.append((entry, line, ipa, said[-1]))
    talk_uses = uses_in_talk(sentences, [(entry.word, entry.pos) for entry, *_ in kept])

    entries: list[Entry] = []
    for (entry, line, ipa, warnings), uses in zip(kept, talk_uses, strict=True):
        example_spans = tuple(find_uses(entry.example, entry.word, entry.pos))
        if entry.example and not example_spans:
            warnings.append(Issue(name, line, entry.word, "the example does not use the word"))
        contexts = [sentences[number] for number, _ in uses]
        spans = [found for _, found in uses]
        if not contexts and talk_blocks:
            warnings.append(Issue(name, line, entry.word, "the talk never uses the word"))
        if not contexts and example_spans:
            for s in split_sentences(entry.example):
                found = tuple(find_uses(s, entry.word, entry.pos))
                if found:
                    contexts.append(s)
                    spans.append(found)
        unique = dict(zip(contexts, spans, strict=True))  # a sentence said twice counts once
        entries.append(
            Entry(
                number=entry.number,
                word=entry.word,
                ipa=ipa,
                pos=entry.pos,
                definition=entry.definition,
                synonyms=entry.synonyms,
                example=entry.example,
                line=entry.line,
                contexts=tuple(unique),
                syllables=entry.syllables,
                spans=tuple(unique.values()),
                example_spans=example_spans,
            )
        )
    issues.extend(warning for warnings in said for warning in warnings)
    return Document(
        path=name,
        title=title,
        tags=tags,
        entries=tuple(entries),
        issues=tuple(issues),
        title_line=title_line,
    )


def _looks_like_title(block: _Block) -> bool:
    """A single short line without a sentence's final punctuation."""
    text = block.text.strip()
    return len(block.lines) == 1 and len(text) <= MAX_TITLE and not re.search(r"[.!?…]$", text)


def _is_title_not_example(blocks: list[_Block], k: int, entry: Entry) -> bool:
    """Whether block `k`, after the list's last entry, is the talk's title rather than the
    entry's example: it looks like a title, does not use the word, and what follows it is
    the talk (not another title-like line)."""
    candidate = blocks[k]
    if not _looks_like_title(candidate) or uses_word(candidate.text, entry.word, entry.pos):
        return False
    return k + 1 < len(blocks) and not _looks_like_title(blocks[k + 1])


def _next_number(entries: list[tuple[Entry, int]]) -> int | None:
    return entries[-1][0].number + 1 if entries else None


def _starts_entry(
    blocks: list[_Block], k: int, expected: int | None, example_may_follow: bool = False
) -> bool:
    """Whether block `k` is the list's next entry, numbered `expected` (None: the first).

    A numbered block is an entry when it carries the next number, when it parses as an entry
    (a wrong number is then reported), or when an entry follows it (a malformed entry inside
    the list is an error, never the title). Only a numbered line that is none of these, after
    the list, can be the talk's title; where an entry's example may stand
    (`example_may_follow`), it is that example ("2015. That was the year...")."""
    first = blocks[k].lines[0]
    numbered = NUMBERED.match(first)
    if not numbered:
        return False
    if expected is None or int(numbered[1]) == expected or ENTRY.match(first):
        return True
    return not example_may_follow and any(ENTRY.match(b.lines[0]) for b in blocks[k + 1 :])


def _with_example(entry: Entry, example: str) -> Entry:
    """``entry`` with its example (made directly: `dataclasses.replace` costs more)."""
    return Entry(
        entry.number,
        entry.word,
        entry.ipa,
        entry.pos,
        entry.definition,
        entry.synonyms,
        example,
        entry.line,
    )


def _apply_fix(entry: Entry, fix: Mapping[str, Any] | None) -> Entry:
    if not fix:
        return entry
    known = {"ipa", "pos", "definition", "synonyms", "example"}
    values = {k: v for k, v in fix.items() if k in known}
    if "pos" in values:
        values["pos"] = normalise_pos(str(values["pos"]))
    if "synonyms" in values:
        values["synonyms"] = tuple(values["synonyms"])
    return replace(entry, **values)


def _split_entry_block(block: _Block) -> tuple[list[str], list[str]]:
    """An entry line may be hard-wrapped; an example may follow without a blank line.

    The entry ends at the first line that closes its synonym list (or at the block's end)."""
    if len(block.lines) == 1:
        return block.lines, []
    ends: list[int] = []  # offset in `joined` at which each line ends
    joined = ""
    for line in block.lines:
        joined = f"{joined} {line.strip()}" if joined else line.strip()
        ends.append(len(joined))
    line_of_end = {end: k for k, end in enumerate(ends)}
    for match in SYNONYMS_ANYWHERE.finditer(joined):
        k = line_of_end.get(match.end())
        if k is not None:
            return block.lines[: k + 1], block.lines[k + 1 :]
    return block.lines, []


def _parse_entry(line: str, number: int, name: str) -> Entry:
    match = ENTRY.match(line)
    if not match:
        raise DocumentError(name, f"malformed vocabulary entry: {ENTRY_FORMAT}", number)
    rest = match["rest"]
    synonyms: tuple[str, ...] = ()
    syn = SYNONYMS.search(" " + rest)
    if syn:
        rest = (" " + rest)[: syn.start()].strip()
        synonyms = tuple(s.strip() for s in syn["list"].split(",") if s.strip())
    definition = rest.strip()
    word = " ".join(match["word"].split())
    if not definition or not word:
        raise DocumentError(name, f"malformed vocabulary entry: {ENTRY_FORMAT}", number)
    ipa = match["ipa"]
    return Entry(
        number=int(match["number"]),
        word=word,
        ipa=ipa,  # as written: stripped once it is known not to be a placeholder
        pos=_pos_name(match["pos"]),
        definition=definition,
        synonyms=synonyms,
        example="",
        line=number,
    )


@cache
def _pos_name(raw: str) -> str:
    """`normalise_pos`, once for each way a document writes a part of speech."""
    return normalise_pos(raw)


def _check_numbering(entries: list[tuple[Entry, int]], name: str) -> None:
    for expected, (entry, line) in enumerate(entries, start=entries[0][0].number):
        if entry.number != expected:
            raise DocumentError(
                name,
                f"entry numbered {entry.number} where {expected} was expected: "
                "the vocabulary list is cut off or malformed",
                line,
            )


def _talk(blocks: list[_Block]) -> tuple[str | None, list[_Block], tuple[str, ...]]:
    """Split what follows the list into the title line, the talk's paragraphs and the tags."""
    if not blocks:
        return None, [], ()
    title: str | None = None
    first = blocks[0]
    if len(first.lines) == 1 and len(first.text) <= MAX_TITLE and len(blocks) > 1:
        title = first.text.strip()
        blocks = blocks[1:]
    tags: tuple[str, ...] = ()
    last = blocks[-1]
    if len(blocks) > 1 and len(last.lines) == 1:
        parts = [p.strip() for p in last.text.split(",")]
        short = all(0 < len(p.split()) <= 5 for p in parts)
        if len(parts) >= 2 and short and not re.search(r"[.!?]$", last.text.strip()):
            tags = tuple(parts)
            blocks = blocks[:-1]
    return title, blocks, tags
