"""The command line: parses arguments, opens the store, runs a command or the app.

Errors a user can cause are printed as one line on stderr with a non-zero exit status.
Every piece of document text printed goes through :func:`visible` (control characters and
escape sequences shown, never sent), and JSON is valid in whatever encoding stdout has.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import groupby
from typing import TYPE_CHECKING, Any, NoReturn

from flashcards import __version__
from flashcards.clock import utc_now
from flashcards.domain import ImportReport, Note
from flashcards.errors import FlashcardsError
from flashcards.paths import database_path
from flashcards.text.syllables import shown_syllables
from flashcards.text.terminal import json_array_items, json_text, table_line, table_sizes, visible

if TYPE_CHECKING:  # the app's and the store's modules are imported only when needed
    from flashcards.store import Store
    from flashcards.tui.services import ScreenName

EXIT_ERROR = 1
EXIT_USAGE = 2
#: Like a command ended by SIGPIPE (128 + 13), as shells report it.
EXIT_PIPE_CLOSED = 141
#: Said when a command finds no deck at all.
EMPTY_HINT = (
    "no decks yet: start `flashcards` to load the bundled deck, or import a document with "
    "`flashcards import FILE`"
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, no usage dump
        self.exit(EXIT_USAGE, f"{self.prog}: {visible(message)} (see --help)\n")


def _count(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {raw!r}") from None
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"between 1 and 1000, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the database file (else $FLASHCARDS_DB, else one in the user data directory)",
    )
    deck = _Parser(add_help=False)
    deck.add_argument("--deck", metavar="NAME", help="only this deck (default: every deck)")

    parser = _Parser(
        prog="flashcards",
        description="Learn the vocabulary of a talk with spaced repetition, in the terminal. "
        "Without a command: the app (the first run loads the bundled deck).",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"flashcards {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser(
        "import",
        parents=[common],
        help="import a vocabulary document, or bring back reviews from an Anki package",
        description="Import a vocabulary document into a deck: a summary on stdout, one "
        "warning a line on stderr. Importing it again changes nothing; an edited document "
        "updates its words and keeps their history. An Anki package (.apkg or .colpkg) "
        "exported from Anki with scheduling brings back the reviews made there.",
    )
    p.add_argument(
        "file",
        metavar="FILE",
        help="a document (UTF-8 text, at most 64 MB), or an Anki .apkg / .colpkg",
    )
    p.add_argument("--deck", metavar="NAME", help="deck name (default: the talk's title)")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser(
        "list",
        parents=[common, deck],
        help="list the notes",
        description="List the notes: word, pronunciation, part of speech, definition (cut "
        "to the terminal's width) and when the word is next due; --json for everything.",
    )
    p.add_argument("--json", action="store_true", help="every field of every note, as JSON")
    p.set_defaults(run=cmd_list)

    p = sub.add_parser(
        "stats",
        parents=[common, deck],
        help="counts, today, forecast",
        description="Counts of cards by state, answers given, what is due today.",
    )
    p.add_argument("--json", action="store_true", help="as one JSON object")
    p.set_defaults(run=cmd_stats)

    p = sub.add_parser(
        "review",
        parents=[common, deck],
        help="today's review, in the app",
        description="Open the app straight into today's review.",
    )
    p.set_defaults(run=cmd_review)

    p = sub.add_parser(
        "quiz",
        parents=[common, deck],
        help="a quiz on the talk's sentences",
        description="Open the app straight into a quiz on the sentences of the talk (a quiz "
        "never changes the schedule).",
    )
    p.add_argument("--count", type=_count, default=10, metavar="N", help="questions (default 10)")
    p.add_argument("--typed", action="store_true", help="type the words instead of choosing")
    p.set_defaults(run=cmd_quiz)

    p = sub.add_parser(
        "export",
        parents=[common],
        help="write an Anki package (.apkg)",
        description="Write an Anki package: one deck, or with no --deck every deck, each as "
        "its own Anki deck ESL::<deck name>.",
    )
    p.add_argument("--deck", metavar="NAME", help="only this deck (default: every deck)")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE.apkg",
        help="where to write (default: the deck's name as FILE.apkg, or flashcards.apkg for "
        "several decks, in the current directory; a directory: that name inside it)",
    )
    p.add_argument(
        "--audio",
        action="store_true",
        help="add a spoken pronunciation of each word (needs espeak-ng; without it, a warning)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace the output file even when it is not an Anki package",
    )
    p.add_argument(
        "--no-scheduling",
        action="store_true",
        help="every card new in Anki, without the review log (default: the schedule and log)",
    )
    p.add_argument(
        "--into-anki",
        metavar="PATH",
        help="write the schedule and review log into this closed Anki collection "
        "(collection.anki2) instead of a package; needs the `anki` extra",
    )
    p.set_defaults(run=cmd_export)

    p = sub.add_parser(
        "mine",
        parents=[common],
        help="the words worth learning in any text, .srt or .vtt",
        description="List the words of a text worth learning, rarest first: lemmatised, "
        "without function words, numbers, names, known words or words already in a deck.",
    )
    p.add_argument(
        "file", metavar="FILE", help="a text, .srt or .vtt file, or a vocabulary document"
    )
    p.add_argument("--top", type=_count, default=20, metavar="N", help="how many (default 20)")
    p.add_argument("--json", action="store_true", help="as JSON")
    p.add_argument("-o", "--output", metavar="OUT.txt", help="write a document to import")
    p.add_argument("--known", metavar="FILE", help="a list of words you know, to leave out")
    p.add_argument("--max-zipf", type=_zipf, metavar="Z", help="only words rarer than this")
    p.add_argument("--level", metavar="LEVEL", help="your level, A1 to C2: only words above it")
    p.set_defaults(run=cmd_mine)

    p = sub.add_parser(
        "optimize",
        parents=[common, deck],
        help="fit FSRS parameters to your reviews",
        description="Fit FSRS parameters to the review history of one deck (or, without "
        "--deck, of every deck: a set for each deck without its own) and compare the fit with "
        "the defaults. The fit is kept only when it predicts your history better.",
    )
    p.add_argument("--revert", action="store_true", help="go back to the set used before")
    p.add_argument(
        "--reschedule",
        action="store_true",
        help="then reschedule the cards: each card's history replayed with the set in use",
    )
    p.set_defaults(run=cmd_optimize)

    p = sub.add_parser(
        "config",
        parents=[common, deck],
        help="desired retention, with the daily workload it means",
        description="Show or set a deck's desired retention (every deck without --deck): "
        "`flashcards config retention 0.85`.",
    )
    p.add_argument("setting", nargs="?", choices=["retention"], help="what to show or set")
    p.add_argument("value", nargs="?", type=_retention, help="from 0.70 to 0.99")
    p.add_argument(
        "--reschedule",
        action="store_true",
        help="reschedule the cards to it: each card's history replayed",
    )
    p.set_defaults(run=cmd_config)
    return parser


def _number(raw: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {raw!r}") from None


def _zipf(raw: str) -> float:
    value = _number(raw)
    if not 0 < value <= 8:
        raise argparse.ArgumentTypeError(f"between 0 and 8, not {value}")
    return value


def _retention(raw: str) -> float:
    value = _number(raw)
    if not 0.70 <= value <= 0.99:
        raise argparse.ArgumentTypeError(f"desired retention is from 0.70 to 0.99, not {raw}")
    return value


def open_store(args: argparse.Namespace) -> Store:
    path = database_path(getattr(args, "db", None))
    if not hasattr(args, "db") and not path.parent.exists():
        # The default location (or $FLASHCARDS_DB's directory) is created on first use.
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FlashcardsError(f"{path.parent}: cannot create ({exc.strerror})") from None
    from flashcards.store import Store

    return Store.open(path)


def deck_id(store: Store, name: str | None) -> int | None:
    return None if name is None else store.deck(name).id


# -- commands ------------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    from flashcards.roundtrip import is_package

    store = open_store(args)
    if is_package(args.file):
        from flashcards.roundtrip.inbound import import_package

        merged = import_package(store, args.file, utc_now())
        for warning in merged.warnings:
            print(f"flashcards: {warning}", file=sys.stderr)
        print(merged.summary())
        return 0
    from flashcards.importing import import_file

    document, report = import_file(store, args.file, utc_now(), deck=args.deck)
    for issue in document.issues:
        print(visible(issue), file=sys.stderr)
    print(summary(args.file, report))
    return 0


def _words(words: Sequence[str]) -> str:
    return ", ".join(visible(w) for w in words)


def summary(file: str, report: ImportReport) -> str:
    """What an import did, for people to read (document text made visible)."""
    notes = len(report.added) + len(report.updated) + len(report.returned) + report.unchanged
    lines = [
        f"{visible(file)}: {notes} notes in deck '{visible(report.deck)}': "
        f"{len(report.added)} new, {len(report.updated)} updated, {report.unchanged} "
        f"unchanged; {report.cards_added} cards added; {report.contexts} context sentences"
    ]
    if report.updated:
        lines.append(f"updated: {_words(report.updated)}")
    if report.returned:
        lines.append(f"back in the document: {_words(report.returned)}")
    if report.missing:
        lines.append(
            f"kept, with their history, {len(report.missing)} notes no longer in the document: "
            + _words(report.missing)
        )
    if report.kept_edits:
        lines.append(f"kept your edits: {_words(report.kept_edits)}")
    if report.cards_retired:
        lines.append(
            f"{report.cards_retired} context cards retired (their word lost its sentences)"
        )
    return "\n".join(lines)


def note_json(note: Note, memory: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    """A note as `list --json` prints it; `memory`: each answered card's stability,
    difficulty and retrievability (null for a new card)."""
    unknown = {"stability": None, "difficulty": None, "retrievability": None}
    return {
        "deck": note.deck,
        "word": note.word,
        "ipa": note.ipa,
        "pos": note.pos,
        "definition": note.definition,
        "synonyms": list(note.synonyms),
        "example": note.example,
        "contexts": list(note.contexts),
        "syllables": shown_syllables(note),
        "in_source": note.in_source,
        "cards": [
            {
                "kind": c.kind.value,
                "state": c.state.value,
                "due": c.due.isoformat().replace("+00:00", "Z") if c.due else None,
                "suspended": c.suspended,
                **(memory or {}).get(c.id, unknown),
            }
            for c in note.cards
        ],
    }


def print_json(value: Any) -> None:
    """``value`` as JSON on stdout, valid in whatever encoding stdout has."""
    print(json_text(value, encoding=getattr(sys.stdout, "encoding", None)))


def cmd_list(args: argparse.Namespace) -> int:
    store = open_store(args)
    chosen = deck_id(store, args.deck)
    if args.json:
        from flashcards.memory import memory_reader

        memory = memory_reader(store, utc_now())

        def items() -> Iterator[dict[str, Any]]:
            for page in store.listed(chosen):
                known = memory(card for listed in page for card in listed.answered)
                yield from (note_json(listed.note, known) for listed in page)

        encoding = getattr(sys.stdout, "encoding", None)
        for piece in json_array_items(items(), encoding=encoding):
            sys.stdout.write(piece)
        return 0

    def notes() -> Iterator[Note]:
        return (listed.note for page in store.listed(chosen) for listed in page)

    lines = note_table(notes, shutil.get_terminal_size((100, 24)).columns)
    first = next(lines, None)
    if first is None:
        print(EMPTY_HINT if store.is_empty() else "")
        return 0
    print(first)
    for line in lines:
        print(line)
    return 0


_TABLE_HEADER = ("WORD", "IPA", "PART OF SPEECH", "DEFINITION", "DUE")
_TABLE_LIMITS = (24, 20, 14, None, 30)


def note_table(notes: Callable[[], Iterable[Note]], columns: int) -> Iterator[str]:
    """The notes as a table of ``columns`` columns at most: word, IPA, part of speech, the
    definition (cut to what is left) and when the word is next due; a heading for each deck
    when there are several. `notes` gives the notes, deck by deck, and is read twice: once
    for the width of each deck's columns, once for the lines, so that nothing grows with
    the collection."""
    from flashcards.clock import local_zone
    from flashcards.library import summarise

    zone = local_zone()

    def due(note: Note) -> str:
        row = summarise(note)
        if row.suspended:
            return "suspended"
        when = row.due.astimezone(zone).strftime("%Y-%m-%d %H:%M") if row.due else "new"
        held = sum(c.suspended for c in note.cards)
        return f"{when}, {held} suspended" if held else when

    def row(n: Note) -> tuple[str, ...]:
        return (
            visible(n.word),
            visible(n.ipa or ""),
            visible(n.pos),
            visible(n.definition),
            due(n),
        )

    sizes: dict[str, list[int]] = {}
    counts: dict[str, int] = {}
    for name, group in groupby(notes(), key=lambda n: n.deck):
        counted = _Counted(row(n) for n in group)
        sizes[name] = table_sizes(_TABLE_HEADER, counted, _TABLE_LIMITS, columns)
        counts[name] = counts.get(name, 0) + counted.count
    for i, (name, group) in enumerate(groupby(notes(), key=lambda n: n.deck)):
        if len(sizes) > 1:
            yield from ([""] if i else []) + [f"{visible(name)} ({counts[name]} notes)"]
        yield table_line(_TABLE_HEADER, sizes[name])
        for n in group:
            yield table_line(row(n), sizes[name])


class _Counted:
    """The rows of an iterable, counted as they go by."""

    def __init__(self, rows: Iterable[tuple[str, ...]]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        for item in self.rows:
            self.count += 1
            yield item


def cmd_stats(args: argparse.Namespace) -> int:
    from flashcards.stats import collection_stats, stats_lines

    store = open_store(args)
    stats = collection_stats(store, utc_now(), deck_id(store, args.deck))
    if args.json:
        print_json(stats)
        return 0
    print("\n".join(visible(line) for line in stats_lines(stats)))
    if store.is_empty():
        print(EMPTY_HINT)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from flashcards.export import default_file_name, export_deck

    store = open_store(args)
    chosen = store.deck(args.deck) if args.deck is not None else None
    if args.into_anki is not None:
        if args.output or args.audio or args.no_scheduling:
            raise FlashcardsError(
                "--into-anki writes into a collection: -o, --audio and --no-scheduling are "
                "for a package"
            )
        from flashcards.roundtrip.into_anki import write_into_collection

        written = write_into_collection(
            store, args.into_anki, chosen.id if chosen else None, utc_now()
        )
        print(written)
        return 0
    target = Path(args.output).expanduser() if args.output else None
    if target is None or target.is_dir():
        name = default_file_name([chosen] if chosen else store.decks())
        target = target / name if target is not None else Path(name)
    elif target.suffix.lower() != ".apkg" and (target.is_file() or not target.exists()):
        # Anki opens packages by extension; a device or a pipe is left for the export to refuse
        target = target.with_name(target.name + ".apkg")
    report = export_deck(
        store,
        target,
        chosen.id if chosen else None,
        now=utc_now(),
        audio=args.audio,
        force=args.force,
        scheduling=not args.no_scheduling,
    )
    for warning in report.warnings:
        print(f"flashcards: {visible(warning)}", file=sys.stderr)
    print(visible(report.summary()))
    return 0


def cmd_mine(args: argparse.Namespace) -> int:
    from flashcards.mining.cli import run_mine

    return run_mine(args)


def cmd_optimize(args: argparse.Namespace) -> int:
    from flashcards import optimizer
    from flashcards.memory import reschedule

    store = open_store(args)
    chosen = deck_id(store, args.deck)
    if args.revert:
        kept = optimizer.revert(store, chosen)
        print(optimizer.describe(kept.current))
    else:
        print("\n".join(optimizer.optimize(store, chosen, utc_now()).lines()))
    if args.reschedule:
        print(f"rescheduled {reschedule(store, chosen)} cards (each card's history replayed)")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    from flashcards.memory import reschedule, set_retention
    from flashcards.optimizer import deck_workload

    store = open_store(args)
    decks = [store.deck(args.deck)] if args.deck is not None else store.decks()
    before = {d.id: d.desired_retention for d in decks}
    if args.value is not None:
        set_retention(store, [d.id for d in decks], args.value)
        decks = [store.deck(d.name) for d in decks]
    for d in decks:
        work = deck_workload(store, d.id, d.desired_retention)
        print(f"{visible(d.name)}: desired retention {d.desired_retention:.2f}; {work.line()}")
        if before[d.id] != d.desired_retention:
            was = deck_workload(store, d.id, before[d.id])
            print(f"  (was {was.line()})")
    if args.reschedule:
        done = sum(reschedule(store, d.id) for d in decks)
        print(f"rescheduled {done} cards (each card's history replayed)")
    return 0


def cmd_default(args: argparse.Namespace) -> int:
    return run_app(args, "home")


def cmd_review(args: argparse.Namespace) -> int:
    return run_app(args, "review")


def cmd_quiz(args: argparse.Namespace) -> int:
    return run_app(args, "quiz", count=args.count, typed=args.typed)


def run_app(args: argparse.Namespace, screen: ScreenName, **start: Any) -> int:
    """Open the Textual app (imported only here, so other commands stay fast). An empty
    database gets the bundled decks first (the app does it in the background; a --deck
    name is looked up after they are in)."""
    store = open_store(args)
    chosen: int | None = None
    if getattr(args, "deck", None) is not None:
        from flashcards.importing import load_bundled_if_empty

        load_bundled_if_empty(store, utc_now())
        chosen = store.deck(args.deck).id
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise FlashcardsError(
            "the app needs a terminal; for scripts, use `flashcards list --json` or "
            "`flashcards stats --json`"
        )
    from flashcards.tui.services import Services, Start

    # Textual and the first screen make a great many objects, nearly all of which live on:
    # the cyclic collector's passes over them cost the first card about 5% of a bare
    # Textual app's start. It is paused until the app has drawn its first screen
    # (`FlashcardsApp.started`).
    gc.disable()
    try:
        services = Services(store)
        if screen == "review":
            services.look_ahead(chosen)  # the first card is found while Textual loads
        from flashcards.tui.app import FlashcardsApp

        app = FlashcardsApp(services, Start(screen, chosen, **start))
        app.run()
    finally:
        gc.enable()
    return app.return_code or 0


def _degrade_output() -> None:
    """Text that the output's encoding cannot carry is written as backslash escapes, not a
    traceback (PYTHONIOENCODING=ascii, a C locale)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def _pipe_closed() -> int:
    """The reader of our output went away (`flashcards list --json | head`): stop quietly,
    with the status of a command ended by SIGPIPE. What is still buffered goes nowhere, so
    that the flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return EXIT_PIPE_CLOSED


def main(argv: Sequence[str] | None = None) -> int:
    _degrade_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = getattr(args, "run", cmd_default)
    try:
        return run(args)
    except FlashcardsError as exc:
        print(f"flashcards: {visible(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _pipe_closed()


if __name__ == "__main__":
    sys.exit(main())
