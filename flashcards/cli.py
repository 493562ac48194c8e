"""The command line: parses arguments, opens the store, runs a command or the app.

Errors a user can cause are printed as one line on stderr with a non-zero exit status.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from flashcards import __version__
from flashcards.clock import utc_now
from flashcards.domain import Note
from flashcards.errors import FlashcardsError
from flashcards.paths import database_path
from flashcards.store import ImportReport, Store

if TYPE_CHECKING:  # the app's modules are imported only when it opens
    from flashcards.tui.services import ScreenName

EXIT_ERROR = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, no usage dump
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see --help)\n")


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
    deck.add_argument("--deck", metavar="NAME", help="only this deck")

    parser = _Parser(
        prog="flashcards",
        description="Learn the vocabulary of a talk with spaced repetition, in the terminal.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"flashcards {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("import", parents=[common], help="import a vocabulary document")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--deck", metavar="NAME", help="deck name (default: the talk's title)")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("list", parents=[common, deck], help="list the notes")
    p.add_argument("--json", action="store_true", help="as JSON")
    p.set_defaults(run=cmd_list)

    p = sub.add_parser("stats", parents=[common, deck], help="counts, today, forecast")
    p.add_argument("--json", action="store_true", help="as JSON")
    p.set_defaults(run=cmd_stats)

    p = sub.add_parser("review", parents=[common, deck], help="today's review, in the app")
    p.set_defaults(run=cmd_review)

    p = sub.add_parser("quiz", parents=[common, deck], help="a quiz on the talk's sentences")
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
    p.set_defaults(run=cmd_export)

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


def _retention(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {raw!r}") from None
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
    return Store.open(path)


def deck_id(store: Store, name: str | None) -> int | None:
    return None if name is None else store.deck(name).id


# -- commands ------------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    from flashcards.importing import import_file

    store = open_store(args)
    document, report = import_file(store, args.file, utc_now(), deck=args.deck)
    for issue in document.issues:
        print(issue, file=sys.stderr)
    print(summary(args.file, report))
    return 0


def summary(file: str, report: ImportReport) -> str:
    notes = len(report.added) + len(report.updated) + len(report.returned) + report.unchanged
    lines = [
        f"{file}: {notes} notes in deck {report.deck!r}: {len(report.added)} new, "
        f"{len(report.updated)} updated, {report.unchanged} unchanged; "
        f"{report.cards_added} cards added; {report.contexts} context sentences"
    ]
    if report.updated:
        lines.append(f"updated: {', '.join(report.updated)}")
    if report.returned:
        lines.append(f"back in the document: {', '.join(report.returned)}")
    if report.missing:
        lines.append(
            f"kept, with their history, {len(report.missing)} notes no longer in the document: "
            + ", ".join(report.missing)
        )
    if report.kept_edits:
        lines.append(f"kept your edits: {', '.join(report.kept_edits)}")
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
        "syllables": note.syllables,
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


def cmd_list(args: argparse.Namespace) -> int:
    store = open_store(args)
    notes = store.notes(deck_id(store, args.deck))
    if args.json:
        from flashcards.memory import memory_of

        memory = memory_of(store, deck_id(store, args.deck), utc_now())
        print(json.dumps([note_json(n, memory) for n in notes], ensure_ascii=False, indent=2))
        return 0
    for n in notes:
        states = " ".join(
            f"{c.kind.value}:{c.state.value}{' (suspended)' if c.suspended else ''}"
            for c in n.cards
        )
        print(f"{n.word:<24} {n.pos:<12} {states}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from flashcards.stats import collection_stats, stats_lines

    store = open_store(args)
    stats = collection_stats(store, utc_now(), deck_id(store, args.deck))
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    print("\n".join(stats_lines(stats)))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from flashcards.export import default_file_name, export_deck

    store = open_store(args)
    chosen = store.deck(args.deck) if args.deck is not None else None
    target = Path(args.output).expanduser() if args.output else None
    if target is None or target.is_dir():
        name = default_file_name([chosen] if chosen else store.decks())
        target = target / name if target is not None else Path(name)
    elif target.suffix.lower() != ".apkg":
        target = target.with_name(target.name + ".apkg")  # Anki opens packages by extension
    report = export_deck(
        store, target, chosen.id if chosen else None, now=utc_now(), audio=args.audio
    )
    for warning in report.warnings:
        print(f"flashcards: {warning}", file=sys.stderr)
    print(report.summary())
    return 0


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
        print(f"{shown(d.name)}: desired retention {d.desired_retention:.2f}; {work.line()}")
        if before[d.id] != d.desired_retention:
            was = deck_workload(store, d.id, before[d.id])
            print(f"  (was {was.line()})")
    if args.reschedule:
        done = sum(reschedule(store, d.id) for d in decks)
        print(f"rescheduled {done} cards (each card's history replayed)")
    return 0


def shown(text: str) -> str:
    """Document text made safe to print: control characters made visible."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


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
    from flashcards.tui.app import FlashcardsApp
    from flashcards.tui.services import Services, Start

    app = FlashcardsApp(Services(store), Start(screen, chosen, **start))
    app.run()
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = getattr(args, "run", cmd_default)
    try:
        return run(args)
    except FlashcardsError as exc:
        print(f"flashcards: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
