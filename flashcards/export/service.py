"""Exporting decks to an Anki package: the service the command line and the app both call.

It prints nothing: what it did, and what it had to leave out, comes back as an
:class:`ExportReport`. The package is written to a hidden temporary file beside the target
and renamed into place, so the target is either the old file or the whole new one; the
collection file and the audio are made in a hidden work folder beside the target that is
always removed. Both are named after the process that made them, so what a killed export
left (``.NAME.PID-XXXXXXXX.part``, ``.flashcards-export-PID-XXXXXXXX``) is removed by the
next export into that folder.

Before any work the target is checked: never the database (or its -wal/-shm), whatever
name, link or relative path leads to it; never a device, a pipe or the root directory; and
an existing file that is not an Anki package is replaced only when asked (``force``).
"""

from __future__ import annotations

import gc
import os
import re
import secrets
import shutil
import sqlite3
import stat
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeVar

from flashcards.domain import Deck, note_key
from flashcards.errors import ExportError
from flashcards.export import anki, audio
from flashcards.export.cutting import Cutter, Page, cutter
from flashcards.export.fields import anki_tags, slug, text
from flashcards.export.making import Entry
from flashcards.store import Store, listing
from flashcards.store.work import Work

if TYPE_CHECKING:
    from flashcards.roundtrip.outbound import PackageSchedules

__all__ = ["ANKI_PARENT_DECK", "ExportReport", "anki_deck_name", "default_file_name", "export_deck"]

#: Every exported deck sits under this parent deck in Anki.
ANKI_PARENT_DECK = "ESL"
#: The file name used when several decks go into one package.
ALL_DECKS_FILE_NAME = "flashcards.apkg"

T = TypeVar("T")


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote, and what it had to leave out (one line each in ``warnings``)."""

    path: Path
    decks: tuple[str, ...]
    vocabulary_notes: int
    cloze_notes: int
    cards: int
    audio_files: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def notes(self) -> int:
        return self.vocabulary_notes + self.cloze_notes

    def summary(self) -> str:
        """One line for the learner."""
        decks = f"{len(self.decks)} deck" + ("s" if len(self.decks) != 1 else "")
        audio_part = f", {self.audio_files} audio files" if self.audio_files else ""
        return (
            f"wrote {self.path}: {self.notes} notes ({self.vocabulary_notes} words, "
            f"{self.cloze_notes} cloze sentences), {self.cards} cards, {decks}{audio_part}"
        )


def anki_deck_name(name: str) -> str:
    """The Anki deck a deck is exported to."""
    return f"{ANKI_PARENT_DECK}::{name}"


def default_file_name(decks: Sequence[Deck]) -> str:
    """The package's file name when none is given: the deck's name as a slug, or
    ``flashcards.apkg`` for several decks."""
    if len(decks) == 1:
        return f"{slug(decks[0].name) or 'deck'}.apkg"
    return ALL_DECKS_FILE_NAME


def export_deck(
    store: Store,
    path: str | Path,
    deck_id: int | None = None,
    *,
    now: datetime,
    audio: bool = False,
    force: bool = False,
    scheduling: bool = True,
) -> ExportReport:
    """Write one deck (or, with ``deck_id`` None, every deck) to the Anki package ``path``.

    ``now`` becomes the notes' modification time in the package: Anki updates a note it
    already has only from a newer one, so pass the current time. ``audio`` adds a spoken
    pronunciation of each word when espeak-ng is installed (else a warning, no failure).
    ``force`` replaces an existing file that is not an Anki package (a package is always
    replaced). ``scheduling`` carries each card's schedule and review log (False: every card
    new). Raises :class:`ExportError` when there is nothing to export or the file cannot (or
    must not) be written; then no file is created or changed.
    """
    if now.tzinfo is None:
        raise ValueError("export_deck needs a UTC-aware `now`")
    with _collector_paused():
        return _export(store, Path(path).expanduser(), deck_id, now, audio, force, scheduling)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the export.

    An export makes some 100,000 objects a page at a time; passes of the collector over them
    free nothing and cost a fifth of a 10,000-note export. Nothing it makes needs the
    collector: what it drops is freed by reference counting. No full collection follows
    either: it found nothing to free and walked every object of the process (a quarter of
    a second after a 10,000-note export); the collector's own passes resume.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _export(
    store: Store,
    target: Path,
    deck_id: int | None,
    now: datetime,
    audio: bool,
    force: bool,
    scheduling: bool,
) -> ExportReport:
    _check_target(target, Path(store.path), force)
    crt = None
    if scheduling:
        from flashcards.roundtrip.outbound import package_crt

        crt = package_crt(store, now)
    decks = _chosen_decks(store, deck_id)
    # One read snapshot for the whole export: the notes a page at a time, each page's
    # schedules and logs beside it; nothing of the collection is held but one page.
    with store.work() as work:
        counts = work.note_counts()
        chosen = _decks_with_notes(decks, counts)
        warnings = [f"deck {d.name!r} has no notes: left out" for d in decks if d not in chosen]
        remove_leftovers(target.parent)
        with _work_folder(target) as workdir, ExitStack() as stack:
            files: dict[str, Path] = {}
            if audio:
                files = _pronunciations(work, chosen, workdir, warnings)
            schedules = None
            if crt is not None:
                from flashcards.roundtrip.outbound import PackageSchedules

                schedules = PackageSchedules(work, deck_id, crt, now)
            made = _Made()
            cuts = stack.enter_context(cutter(sum(counts[deck.id] for deck in chosen)))
            package_decks = (
                _package_deck(work, deck, counts[deck.id], files, warnings, schedules, made, cuts)
                for deck in chosen
            )
            media = sorted(set(files.values()), key=lambda p: p.name)

            def write(out: IO[bytes]) -> anki.Written:
                return anki.write_package(
                    package_decks,
                    media,
                    out,
                    now.timestamp(),
                    workdir,
                    crt=None if crt is None else int(crt.timestamp()),
                    reserved=() if schedules is None else schedules.reserved,
                )

            written = _write_atomically(target, write)
    return ExportReport(
        path=target,
        decks=tuple(deck.name for deck in chosen),
        vocabulary_notes=made.vocabulary,
        cloze_notes=made.cloze,
        cards=written.cards,
        audio_files=written.media,
        warnings=tuple(warnings),
    )


@dataclass
class _Made:
    """How many notes of each kind the package's decks were made of, counted as they go."""

    vocabulary: int = 0
    cloze: int = 0


def _chosen_decks(store: Store, deck_id: int | None) -> list[Deck]:
    decks = store.decks()
    if deck_id is not None:
        decks = [d for d in decks if d.id == deck_id]
        if not decks:
            raise ExportError(f"no deck with id {deck_id}")
    if not decks:
        raise ExportError(
            "nothing to export: there are no decks yet (start `flashcards` to load the "
            "bundled deck, or import a document with `flashcards import FILE`)"
        )
    return decks


def _decks_with_notes(decks: list[Deck], counts: dict[int, int]) -> list[Deck]:
    chosen = [d for d in decks if counts.get(d.id)]
    if not chosen:
        if len(decks) == 1:
            raise ExportError(f"deck {decks[0].name!r} has no notes: nothing to export")
        raise ExportError("nothing to export: no deck has any notes")
    return chosen


def _notes(work: Work, deck: Deck) -> Iterator[list[listing.ExportRow]]:
    """A deck's notes as stored, a page at a time, in document order."""
    return work.export_pages(deck.id)


def _pronunciations(
    work: Work, chosen: Sequence[Deck], workdir: Path, warnings: list[str]
) -> dict[str, Path]:
    program = audio.espeak()
    if program is None:
        warnings.append(
            f"{audio.PROGRAM} is not installed: exported without audio "
            f"(install {audio.PROGRAM} to add pronunciations)"
        )
        return {}
    folder = workdir / "media"
    folder.mkdir()
    words = (row[1] for deck in chosen for page in _notes(work, deck) for row in page)
    spoken = audio.pronounce(words, folder, program)
    warnings.extend(spoken.failures)
    return spoken.files


def _package_deck(
    work: Work,
    deck: Deck,
    count: int,
    audio_files: dict[str, Path],
    warnings: list[str],
    schedules: PackageSchedules | None,
    made: _Made,
    cuts: Cutter,
) -> anki.PackageDeck:
    """A deck as an Anki deck whose notes come as they are read."""
    description = (
        text(f"Vocabulary of the talk “{deck.title}”, exported from flashcards.")
        if deck.title
        else ""
    )
    return anki.PackageDeck(
        name=anki_deck_name(deck.name),
        notes=_deck_notes(work, deck, count, audio_files, warnings, schedules, made, cuts),
        description=description,
    )


def _deck_notes(
    work: Work,
    deck: Deck,
    count: int,
    audio_files: dict[str, Path],
    warnings: list[str],
    schedules: PackageSchedules | None,
    made: _Made,
    cuts: Cutter,
) -> Iterator[anki.PackageNote]:
    """A deck's notes as Anki notes, a page at a time: each note's vocabulary note, then a
    cloze note for each of its context sentences that uses the word. New cards take their
    places in document order, every vocabulary note's first (``count`` of them), then the
    cloze notes'.

    Pages are made by ``cuts`` (some maybe in another process, while this one writes)."""
    tags = anki_tags(deck.tags)
    source = text(deck.title or deck.name)
    name = deck.name
    vocabulary = clozes = 0
    to_make = _to_make(_notes(work, deck), name, source, audio_files)
    for (page, keys), made_page in cuts.made(to_make):
        found = {} if schedules is None else schedules.page(work, [row[0] for row in page])
        for (note_id, word, *_, contexts), key, made_note in zip(
            page, keys, made_page, strict=True
        ):
            fields, guid, cloze_notes, extra, unused = made_note
            made_here = [
                anki.PackageNote(
                    kind=anki.Kind.VOCABULARY,
                    fields=fields,
                    key=("vocabulary", name, key),
                    tags=tags,
                    position=vocabulary,
                    guid=guid,
                )
            ]
            position = count + clozes
            for i, (at, cloze, cloze_guid) in enumerate(cloze_notes):
                made_here.append(
                    anki.PackageNote(
                        kind=anki.Kind.CLOZE,
                        fields=(cloze, extra),
                        key=("cloze", name, key, contexts[at][0]),
                        tags=tags,
                        position=position + i,
                        guid=cloze_guid,
                    )
                )
            if unused:
                warnings.append(
                    f"{word}: {unused} context sentence{'s' if unused > 1 else ''} "
                    "without the word: no cloze made"
                )
            vocabulary += 1
            clozes += len(cloze_notes)
            made.vocabulary += 1
            made.cloze += len(cloze_notes)
            if schedules is not None:
                made_here = schedules.scheduled(made_here, found.get(note_id))
            yield from made_here


def _to_make(
    pages: Iterator[list[listing.ExportRow]],
    deck_name: str,
    source: str,
    audio_files: dict[str, Path],
) -> Iterator[tuple[tuple[list[listing.ExportRow], list[str]], Page]]:
    """Each page of notes with their keys, and as a page to make."""
    for page in pages:
        keys = [note_key(row[1]) for row in page]
        entries: list[Entry] = []
        for row, key in zip(page, keys, strict=True):
            sound = audio_files.get(row[1])
            entries.append((*row, key, sound.name if sound else ""))
        yield (page, keys), (deck_name, source, entries)


def _check_target(target: Path, database: Path, force: bool) -> None:
    """Fail early, before any work, on a target that cannot or must not be written."""
    if target.is_dir():
        raise ExportError(f"{target}: is a directory")
    parent = target.parent
    if not parent.exists():
        raise ExportError(f"{parent}: no such directory")
    if not parent.is_dir():
        raise ExportError(f"{parent}: not a directory")
    resolved = Path(os.path.realpath(target))
    if resolved.parent == Path(resolved.anchor):
        raise ExportError(f"{target}: will not write into the root directory {resolved.anchor}")
    for own in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        if _same_file(target, own):
            what = "the database" if own == database else f"the database's {own.name[-3:]} file"
            raise ExportError(f"{target}: is {what} ({database}): choose another file name")
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    if not stat.S_ISREG(mode):
        raise ExportError(f"{target}: not a regular file (a device, a pipe or a socket)")
    if not force and not is_package(target):
        raise ExportError(
            f"{target}: exists and is not an Anki package: not replaced (--force replaces it)"
        )


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths lead to one file: the same resolved path, or (hard links) the same
    inode."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist
        return False


def is_package(path: Path) -> bool:
    """Whether the file is an Anki package: a zip archive with a collection inside."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return False
    return bool(names & {"collection.anki2", "collection.anki21", "collection.anki21b"})


_WORK_PREFIX = ".flashcards-export-"
_LEFTOVER = re.compile(r"^(?:\.flashcards-export-|\..+\.)(\d+)-[0-9a-f]{8}(?:\.part)?$")


def _own_name(pid: int) -> str:
    return f"{pid}-{secrets.token_hex(4)}"


@contextmanager
def _work_folder(target: Path) -> Iterator[Path]:
    """A new hidden folder beside ``target`` for the collection file and the audio, always
    removed afterwards."""
    folder = target.parent / f"{_WORK_PREFIX}{_own_name(os.getpid())}"
    try:
        folder.mkdir(mode=0o700)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the work folders and partial packages that exports killed before they could
    clean up left in ``folder`` (those of a process that still runs are left alone)."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        if match is None or _running(int(match.group(1))):
            continue
        if entry.name.startswith(_WORK_PREFIX) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.endswith(".part") and entry.is_file():
            entry.unlink(missing_ok=True)
        else:
            continue
        removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, or no way to tell: leave its files alone
        return True
    return True


def _cannot_write(target: Path, exc: OSError | sqlite3.Error) -> ExportError:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return ExportError(f"{target}: cannot write ({reason})")


def _write_atomically(target: Path, write: Callable[[IO[bytes]], T]) -> T:
    """Run ``write`` on a new hidden file beside ``target``, then rename it into place.

    The file is created with the usual permissions (0666 less the umask), as a plain
    ``open`` would. On any failure it is removed and ``target`` is left as it was.
    """
    part = target.with_name(f".{target.name}.{_own_name(os.getpid())}.part")
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    try:
        with os.fdopen(fd, "wb") as out:
            result = write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, target)
    except (OSError, sqlite3.Error) as exc:
        part.unlink(missing_ok=True)
        raise _cannot_write(target, exc) from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return result
