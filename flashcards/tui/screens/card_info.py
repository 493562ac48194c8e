"""Card info: a card's every answer and its memory state now, in a dialog.

Opened with `i` from Review (the card on screen) and Browse (each card of the highlighted
note). The screen that opens it reads the cards (`flashcards.memory.card_info`) in a worker
and hands them over; the dialog only draws them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from flashcards.memory import CardInfo, card_info
from flashcards.tui import render
from flashcards.tui.render import LABEL, MUTED
from flashcards.tui.screens.base import BaseScreen

RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


def describe(info: CardInfo) -> Content:
    """One card: its memory state, then its answers, oldest first."""

    def number(value: float | None, pattern: str) -> str:
        return "—" if value is None else pattern.format(value)

    due = info.due.strftime("%Y-%m-%d %H:%M UTC") if info.due else "— (new)"
    head = [
        Content.assemble(
            (f"{render.clean(info.word)} · {info.kind.value}", "bold"), f"  ({info.state.value})"
        ),
        Content.assemble(
            ("Stability      ", LABEL),
            number(info.stability, "{:.1f} days"),
            "   ",
            ("Difficulty ", LABEL),
            number(info.difficulty, "{:.1f} / 10"),
        ),
        Content.assemble(
            ("Retrievability ", LABEL),
            number(info.retrievability, "{:.0%}"),
            " now   ",
            ("Next due ", LABEL),
            due,
        ),
        Content.assemble(
            ("Answers        ", LABEL),
            str(info.reps),
            "   ",
            ("Lapses ", LABEL),
            str(info.lapses),
            "   ",
            ("Parameters ", LABEL),
            "fitted" if info.fitted else "FSRS defaults",
        ),
    ]
    if not info.history:
        return render.lines(*head, render.plain("Never answered.", MUTED))
    rows = [
        render.plain(
            f"{'date':<17} {'rating':<6} {'interval':>8} {'time':>6}  {'where':<5} after", LABEL
        )
    ]
    for line in info.history:
        took = "—" if line.duration_ms is None else f"{line.duration_ms / 1000:.0f}s"
        gap = "—" if line.interval is None else render.interval(line.interval)
        rows.append(
            render.plain(
                f"{line.reviewed_at:%Y-%m-%d %H:%M} {RATINGS[int(line.rating)]:<6} "
                f"{gap:>8} {took:>6}  {line.source:<5} "
                f"{line.state.value}"
            )
        )
    return render.lines(*head, "", *rows)


class CardInfoDialog(ModalScreen[None]):
    """The history and memory state of one card or of a note's cards."""

    DEFAULT_CSS = """
    CardInfoDialog { align: center middle; }
    CardInfoDialog > Vertical {
        width: 84; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    CardInfoDialog VerticalScroll { height: auto; max-height: 100%; }
    CardInfoDialog .card-info { margin-bottom: 1; }
    CardInfoDialog #card-info-keys { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,i,enter", "close", "Close", id="card_info.close"),
    ]

    def __init__(self, infos: Sequence[CardInfo]) -> None:
        super().__init__(id="card-info")
        self.infos = list(infos)

    def compose(self) -> ComposeResult:
        with Vertical():
            with VerticalScroll():
                for info in self.infos:
                    yield Static(describe(info), classes="card-info")
            yield Static("Escape, i or Enter closes", id="card-info-keys")

    def action_close(self) -> None:
        self.dismiss(None)


def open_card_info(screen: BaseScreen[Any], card_ids: Sequence[int]) -> None:
    """Read the cards in a worker of `screen`, then show them in the dialog."""
    store, clock = screen.services.store, screen.services.clock

    def read() -> list[CardInfo]:
        now = clock()
        return [card_info(store, card_id, now) for card_id in card_ids]

    def show(infos: list[CardInfo]) -> None:
        screen.app.push_screen(CardInfoDialog(infos))

    screen.background(read, show, name="info")
