"""Constants and helpers shared by the tests (importable as `support`)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flashcards.domain import CardKind, CardRecord, LogEntry, Note, NoteCard
from flashcards.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "making-ai-accessible-karpathy-zhan.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_WORDS = [
    "agi",
    "intimidating",
    "niche",
    "poached",
    "inspire",
    "oligopoly",
    "autonomous",
    "vibrant",
    "amplifier",
    "co-design",
]
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def flashcards_exe() -> str:
    """The installed `flashcards` command of the environment running the tests."""
    beside = Path(sys.executable).parent / "flashcards"
    if beside.exists():
        return str(beside)
    found = shutil.which("flashcards")
    if not found:
        pytest.fail("the flashcards command is not installed in this environment")
    return found


LIST = "Key Vocabularies and Common Phrases:\n\n"
EVIL_DEF = "<b>bold</b> & AT&T [red]markup[/red] \x1b[31mred\x1b[0m <script>x</script>"


def evil_document(entries: int = 3) -> str:
    parts = [LIST]
    for i in range(1, entries + 1):
        parts.append(
            f"{i}. w{i}x [w] - (n.) - {EVIL_DEF} {i}. - Synonyms: ([b]a[/b], <i>b</i>)\n\n"
            f"The w{i}x & <b>friends</b>.\n\n"
        )
    parts.append("The [bold]Talk[/bold] <title>\n\n")
    parts.append(" ".join(f"Say w{i}x [link]now[/link]." for i in range(1, entries + 1)))
    return "".join(parts) + "\n"


# -- the database seen through the store's own operations (no SQL in the tests) -------------


def cards_of(store: Store, *kinds: CardKind) -> list[tuple[Note, NoteCard]]:
    """Every card in force with its note (only those of `kinds`, when given)."""
    return [(n, c) for n in store.notes() for c in n.cards if not kinds or c.kind in kinds]


def keep_only(store: Store, keep: Callable[[Note, NoteCard], bool]) -> None:
    """Suspend every card but those `keep` accepts (a test's setup, through the store)."""
    others = [c.id for n, c in cards_of(store) if not keep(n, c)]
    store.set_suspended(True, card_ids=others)


def keep_kinds(store: Store, *kinds: CardKind) -> None:
    """Suspend every card not of `kinds`."""
    keep_only(store, lambda _note, card: card.kind in kinds)


def schedules(store: Store) -> dict[int, CardRecord]:
    """Every card's whole schedule, by id."""
    return {c.id: store.card_record(c.id) for _n, c in cards_of(store)}


def answers_in_force(store: Store) -> list[tuple[int, LogEntry]]:
    """Every answer not undone, in the order given, with its card's id."""
    found = [(c.id, e) for _n, c in cards_of(store) for e in store.review_history(c.id)]
    return sorted(found, key=lambda pair: pair[1].id)


def grades(store: Store, card_id: int) -> list[str | None]:
    """How each typed answer in force of a card was graded (right, near, wrong), oldest
    first, as the card-info dialog reads them."""
    from flashcards.store.parameters import card_answers

    with store.reading() as conn:
        return [a.grade for a in card_answers(conn, card_id)]
