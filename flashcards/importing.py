"""Importing documents into the learner's database, and loading the decks that ship with it."""

from __future__ import annotations

import gc
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashcards.documents import read_document
from flashcards.domain import Deck, Document, ImportReport, Issue, note_key
from flashcards.errors import FlashcardsError
from flashcards.paths import bundled_decks_dir
from flashcards.store import Store
from flashcards.text.cuts_ahead import cuts_ahead
from flashcards.text.forms import dump_forms

if TYPE_CHECKING:
    from flashcards.store.importer import Cut

#: The share of words two lists must have in common to be one document (see `renamed_deck`).
SAME_WORDS = 0.8


@dataclass(frozen=True)
class BundledDeck:
    """A deck file of `decks/`: a name, a source document and corrections to it."""

    file: Path
    name: str
    source: Path
    fixes: dict[str, dict[str, Any]] = field(default_factory=dict)


def deck_name_for(document: Document, path: str | Path, explicit: str | None) -> str:
    """`--deck`, else the talk's title line, else the file's name."""
    if explicit is not None:
        name = " ".join(explicit.split())
        if not name:
            raise FlashcardsError("--deck: a deck name cannot be empty")
        return name
    return document.title or Path(path).stem


def import_file(
    store: Store,
    path: str | Path,
    now: datetime,
    deck: str | None = None,
    fixes: dict[str, dict[str, Any]] | None = None,
) -> tuple[Document, ImportReport]:
    """Read, check and import one document. Nothing is written unless all of it can be."""
    with _collector_paused():
        return _import_file(store, path, now, deck, fixes)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while an import makes its many small objects
    (sentences, spans, rows; they form no cycles, so reference counting frees them): its
    passes over them took a sixth of the reading of a 5,000-entry document."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _import_file(
    store: Store,
    path: str | Path,
    now: datetime,
    deck: str | None,
    fixes: dict[str, dict[str, Any]] | None,
) -> tuple[Document, ImportReport]:
    if fixes is None:  # a document that ships with a deck file gets that file's corrections
        bundled = bundled_deck_for(path)
        if bundled is not None:
            fixes = bundled.fixes
            deck = deck if deck is not None else bundled.name
    # a large document's headwords are cut in a worker while the rest is planned
    with cuts_ahead(_size(path)) as cuts:
        document = read_document(path, str(path), fixes)
        cuts.give([(e.word, e.ipa, e.pos, e.definition) for e in document.entries])
        return _import_document(store, document, path, now, deck, cuts.cut)


def _size(path: str | Path) -> int:
    """The file's size in bytes (0 when it cannot be told: reading it will say why)."""
    try:
        return Path(path).expanduser().stat().st_size
    except (OSError, ValueError):
        return 0


def _import_document(
    store: Store,
    document: Document,
    path: str | Path,
    now: datetime,
    deck: str | None,
    cut: Cut,
) -> tuple[Document, ImportReport]:
    name = deck_name_for(document, path, deck)
    source = str(Path(path).expanduser().resolve())
    previous = renamed_deck(store, document, name, source) if deck is None else None
    forms = headword_forms(document)
    if previous is None:
        return document, store.import_document(
            document, name, now, source=source, forms=forms, cut=cut
        )
    report = store.import_document(
        document, previous.name, now, source=source, forms=forms, cut=cut
    )
    store.rename_deck(previous.id, name)
    report.deck = name
    notice = Issue(
        str(path), document.title_line, "", f"deck {previous.name!r} renamed to {name!r}"
    )
    return replace(document, issues=(*document.issues, notice)), report


def headword_forms(document: Document) -> dict[tuple[str, str], str]:
    """Each entry's forms, as its note stores them, by (word, part of speech)."""
    return {(e.word, e.pos): dump_forms(e.word, e.pos) for e in document.entries}


def renamed_deck(store: Store, document: Document, name: str, source: str) -> Deck | None:
    """The deck this document was imported into before its title changed, if any.

    Only when no deck is called `name` yet, and only a deck that was named after its own
    document (its title line, or its file's name): a name the learner chose with `--deck`
    is never taken over. The deck is the one imported from the same file (`source`, a
    resolved path); failing that, the one whose words are at least `SAME_WORDS` of the
    document's and of its own (the same list of words, from a copy of the file)."""
    if store.find_deck(name) is not None:
        return None
    named_after_document = [d for d in store.decks() if d.name == _automatic_name(d)]
    same_file = [d for d in named_after_document if d.source == source]
    if same_file:
        return same_file[-1]
    if not named_after_document:
        return None
    words = {note_key(e.word) for e in document.entries}
    best: Deck | None = None
    best_share = SAME_WORDS
    for candidate in named_after_document:
        theirs = {note_key(n.word) for n in store.notes(candidate.id, with_cards=False)}
        share = len(words & theirs) / max(len(words), len(theirs), 1)
        if share >= best_share:
            best, best_share = candidate, share
    return best


def _automatic_name(deck: Deck) -> str | None:
    """The name an import gives the deck without `--deck`: its title, else its file's name."""
    if deck.title:
        return deck.title
    return Path(deck.source).stem if deck.source else None


def read_bundled(file: Path) -> BundledDeck:
    """Parse a deck file of `decks/`."""
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise FlashcardsError(f"{file}: not a readable deck file ({exc})") from None
    try:
        name = str(data["name"])
        source = (file.parent / str(data["source"])).resolve()
    except KeyError as exc:
        raise FlashcardsError(f"{file}: the deck file lacks {exc.args[0]!r}") from None
    fixes = {str(k): dict(v) for k, v in data.get("fix", {}).items()}
    return BundledDeck(file=file, name=name, source=source, fixes=fixes)


def bundled_decks(folder: Path | None = None) -> list[BundledDeck]:
    """Every deck that ships with the program, by file name."""
    folder = folder or bundled_decks_dir()
    return [read_bundled(f) for f in sorted(folder.glob("*.toml"))]


def bundled_deck_for(path: str | Path) -> BundledDeck | None:
    """The bundled deck whose source document is the file at `path`, if any."""
    try:
        resolved = Path(path).expanduser().resolve()
        decks = bundled_decks()
    except (OSError, FlashcardsError):
        return None
    return next((d for d in decks if d.source == resolved), None)


def load_bundled(store: Store, now: datetime) -> list[tuple[Document, ImportReport]]:
    """Import every bundled deck (an import of an unchanged deck changes nothing)."""
    done = []
    for deck in bundled_decks():
        done.append(import_file(store, deck.source, now, deck=deck.name, fixes=deck.fixes))
    return done


def load_bundled_if_empty(store: Store, now: datetime) -> bool:
    """On the first run (no deck at all), load the bundled decks. True when it did."""
    if not store.is_empty():
        return False
    load_bundled(store, now)
    return True
