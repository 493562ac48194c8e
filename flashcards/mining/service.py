"""Mining a file for the words worth learning: the candidates ranked, each filled in with
its part of speech, IPA, definition and the text's sentences that use it; and the learner's
known-words list, kept in the database's settings.

The store is only read here (the deck words and the known-words setting) except by
`add_known`, which writes that one setting.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from flashcards.errors import DocumentError, FlashcardsError
from flashcards.mining.document import DocumentEntry, vocabulary_document
from flashcards.mining.sources import MAX_BYTES, Source, read_source
from flashcards.mining.words import LEVELS, count_words, lemma_of, rank

if TYPE_CHECKING:
    from flashcards.domain import Document, ImportReport
    from flashcards.store import Store

__all__ = [
    "DEFAULT_TOP",
    "KNOWN_SETTING",
    "MineSession",
    "Mined",
    "Mining",
    "add_known",
    "deck_words",
    "known_words",
    "max_zipf_for",
    "mine",
    "mine_source",
    "read_known_file",
]

DEFAULT_TOP = 20
#: The setting that holds the learner's known words (a JSON array of lower-case words).
KNOWN_SETTING = "mining.known_words"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Mined:
    """A candidate filled in: what `mine --json` prints for it."""

    word: str
    forms: tuple[str, ...]
    count: int
    zipf: float
    pos: str | None
    ipa: str | None
    definition: str | None
    synonyms: tuple[str, ...]
    contexts: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "word": self.word,
            "forms": list(self.forms),
            "count": self.count,
            "zipf": self.zipf,
            "pos": self.pos,
            "ipa": self.ipa,
            "definition": self.definition,
            "synonyms": list(self.synonyms),
            "contexts": list(self.contexts),
        }


@dataclass(frozen=True)
class Mining:
    """What mining a file found."""

    source: Source
    words: tuple[Mined, ...]
    excluded: int = 0  # words left out as known or already in a deck
    notes: tuple[str, ...] = field(default_factory=tuple)

    def document(self, words: Iterable[Mined] | None = None) -> str:
        """The chosen words (default: all) as a vocabulary document `import` reads."""
        chosen = list(self.words if words is None else words)
        entries = [
            DocumentEntry(
                word=m.word,
                ipa=m.ipa,
                pos=m.pos or "noun",
                definition=m.definition,
                synonyms=m.synonyms,
                example=m.contexts[0] if m.contexts else "",
            )
            for m in chosen
        ]
        src = self.source
        # Not the source's own title: a document's deck keeps its own words.
        title = f"Words from {src.title or Path(src.name).name}"
        return vocabulary_document(entries, title, src.text, src.name, src.kind)


def max_zipf_for(level: str | None, max_zipf: float | None) -> float:
    """The rarity threshold: `--max-zipf`, else the level's, else B1's."""
    if max_zipf is not None:
        return max_zipf
    if level is not None:
        try:
            return LEVELS[level.upper()]
        except KeyError:
            raise FlashcardsError(f"--level: one of {', '.join(LEVELS)}, not {level!r}") from None
    return LEVELS["B1"]


def mine_source(
    source: Source,
    *,
    known: Collection[str] = (),
    top: int | None = DEFAULT_TOP,
    max_zipf: float = LEVELS["B1"],
    progress: Progress | None = None,
) -> tuple[Mined, ...]:
    """The best `top` candidates of `source` (None: all), filled in."""
    from flashcards.mining.lexicon import (
        UPOS_NAMES,
        Sense,
        best_sense,
        is_concrete,
        parts_of_speech,
        spelling_variants,
        synonyms,
    )
    from flashcards.mining.pronounce import ipa_for
    from flashcards.text.contexts import SentenceIndex

    say = progress or (lambda message: None)
    say("counting words")
    stats = count_words(source.sentences)
    say("ranking")
    known_all = {k.casefold() for k in [*known, *source.known]}
    known_all |= {lemma_of(k)[0] for k in known_all if " " not in k}
    candidates = rank(
        stats,
        known=known_all,
        max_zipf=max_zipf,
        senses=parts_of_speech,
        concrete=is_concrete,
        variants=spelling_variants,
        top=top,
    )
    say("looking up pronunciations")
    ipa = ipa_for(
        (c.word for c in candidates), initialisms={c.word for c in candidates if c.initialism}
    )
    say("finding sentences")
    index = SentenceIndex(source.sentences)
    chosen: dict[str, Sense] = {}
    for c in candidates:
        if c.initialism:
            continue  # not looked up (see words.rank)
        sense = best_sense(c.word, c.upos)
        if sense is None and c.forms[0] != c.word:
            sense = best_sense(c.forms[0], c.upos)
        if sense is not None:
            chosen[c.word] = sense
    say("finding synonyms")
    similar = synonyms(chosen)
    found: list[Mined] = []
    for c in candidates:
        sense = chosen.get(c.word)
        pos = sense.pos if sense else UPOS_NAMES.get(c.upos or "")
        numbers = index.find(c.word, pos or "noun")
        if not numbers:  # the importer's forms miss it: the sentences it was counted in
            numbers = list(c.sentences)
        found.append(
            Mined(
                word=c.word,
                forms=c.forms,
                count=c.count,
                zipf=c.zipf,
                pos=pos,
                ipa=ipa.get(c.word),
                definition=sense.definition if sense else None,
                synonyms=similar.get(c.word, ()),
                contexts=tuple(dict.fromkeys(index.sentences[n] for n in numbers)),
            )
        )
    return tuple(found)


def mine(
    store: Store | None,
    path: str | Path,
    *,
    top: int | None = DEFAULT_TOP,
    max_zipf: float = LEVELS["B1"],
    known_file: str | Path | None = None,
    progress: Progress | None = None,
) -> Mining:
    """Mine the file at `path`: words already in a deck of `store`, in its known-words
    setting or in `known_file` are left out."""
    say = progress or (lambda message: None)
    say("reading")
    source = read_source(path, str(path))
    known: set[str] = set()
    if known_file is not None:
        known |= read_known_file(known_file)
    if store is not None:
        known |= known_words(store) | deck_words(store)
    words = mine_source(source, known=known, top=top, max_zipf=max_zipf, progress=progress)
    if not words:
        raise DocumentError(
            str(path), "no words worth learning (all known, too common, or names and numbers)"
        )
    return Mining(source, words)


def deck_words(store: Store) -> set[str]:
    """Every headword of every deck, folded to lower case."""
    return {note.word.casefold() for note in store.notes(with_cards=False)}


def known_words(store: Store) -> set[str]:
    """The learner's known words (the setting), lower case."""
    raw = store.setting(KNOWN_SETTING)
    if not raw:
        return set()
    try:
        value = json.loads(raw)
    except ValueError:
        return set()
    return {str(w).casefold() for w in value} if isinstance(value, list) else set()


def add_known(store: Store, words: Iterable[str]) -> set[str]:
    """Add words to the known-words setting; the whole list afterwards."""
    known = known_words(store) | {" ".join(w.split()).casefold() for w in words if w.strip()}
    store.set_setting(KNOWN_SETTING, json.dumps(sorted(known), ensure_ascii=False))
    return known


def read_known_file(path: str | Path) -> set[str]:
    """Words of a known-words file: one or more a line, separated by spaces or commas; a
    `#` starts a comment."""
    name = str(path)
    file = Path(path).expanduser()
    try:
        if file.stat().st_size > MAX_BYTES:
            raise DocumentError(name, "too large for a known-words list")
        raw = file.read_bytes()
    except FileNotFoundError:
        raise DocumentError(name, "no such file") from None
    except IsADirectoryError:
        raise DocumentError(name, "is a directory, not a known-words list") from None
    except OSError as exc:
        raise DocumentError(name, f"cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(name, "not UTF-8 text") from None
    words: set[str] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        words |= {w.casefold() for w in line.replace(",", " ").split() if w}
    return words


class MineSession:
    """Mining as the app uses it: mine a file, mark words known, import the chosen words
    through a vocabulary document (the same one `mine -o` writes) and the importer."""

    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.clock = clock

    def mine(
        self, path: str | Path, top: int | None = None, progress: Progress | None = None
    ) -> Mining:
        """Every candidate of the file (or the best `top`), best first."""
        return mine(self.store, Path(path).expanduser(), top=top, progress=progress)

    def add_known(self, words: Iterable[str]) -> set[str]:
        return add_known(self.store, words)

    def document_path(self, mining: Mining) -> Path:
        """Where the app writes the document it imports: beside the database, one file per
        mined source, so that importing the same file again updates its deck."""
        stem = Path(mining.source.name).stem or "mined"
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem)[:80]
        return self.store.path.parent / "mined" / f"{safe}.txt"

    def import_words(
        self, mining: Mining, words: Iterable[Mined], definitions: dict[str, str] | None = None
    ) -> tuple[Document, ImportReport]:
        """Write the chosen words (with the learner's definitions) as a document and import
        it (all or nothing)."""
        from dataclasses import replace

        from flashcards.importing import import_file

        edits = definitions or {}
        chosen = [
            replace(m, definition=" ".join(edits[m.word].split()) or m.definition)
            if m.word in edits
            else m
            for m in words
        ]
        if not chosen:
            raise FlashcardsError("tick at least one word to import")
        target = self.document_path(mining)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(mining.document(chosen), encoding="utf-8")
        except OSError as exc:
            raise FlashcardsError(f"{target}: cannot be written ({exc.strerror or exc})") from None
        return import_file(self.store, target, self.clock())
