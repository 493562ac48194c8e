"""Statistics as terminal charts: cards by state, answers per day, the due forecast,
retention."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from flashcards.library import Statistics
from flashcards.tui import render
from flashcards.tui.render import LABEL, MUTED
from flashcards.tui.screens.base import BaseScreen
from flashcards.tui.widgets.charts import WIDTHS, BarList, ColumnChart

GAUGE = 20


def gauge(share: float, width: int = GAUGE) -> str:
    """A horizontal gauge of `share` (0..1) in eighth blocks, padded with light shade."""
    eighths = round(max(0.0, min(1.0, share)) * width * 8)
    full, part = divmod(eighths, 8)
    bar = "█" * full + (WIDTHS[part] if part else "")
    return bar + "░" * (width - len(bar))


class StatsScreen(BaseScreen[None]):
    """Charts of a deck's (or every deck's) progress."""

    GUIDE = (
        "How your cards stand (new, learning, review, suspended), how many answers you gave "
        "each day over the last 30 days, how many cards fall due each of the next 30 days, "
        "and your retention: the share of review answers that were not Again."
    )

    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, deck_id: int | None = None) -> None:
        super().__init__(id="stats")
        self.deck_id = deck_id
        self.statistics: Statistics | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="stats-body"):
            with Horizontal(classes="stats-row"):
                with Vertical(classes="stats-box", id="state-box"):
                    yield Static(render.plain("Cards by state", LABEL), classes="stats-title")
                    yield BarList(id="by-state")
                with Vertical(classes="stats-box", id="numbers-box"):
                    yield Static(render.plain("Today and overall", LABEL), classes="stats-title")
                    yield Static(id="numbers")
            with Horizontal(classes="stats-row"):
                with Vertical(classes="stats-box"):
                    yield Static(
                        render.plain("Answers per day, last 30 days", LABEL),
                        classes="stats-title",
                    )
                    yield ColumnChart(id="per-day")
                with Vertical(classes="stats-box"):
                    yield Static(
                        render.plain("Due per day, next 30 days", LABEL), classes="stats-title"
                    )
                    yield ColumnChart(id="forecast")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Statistics"
        self.query_one("#numbers", Static).update(render.plain("Counting…", MUTED))
        deck_id = self.deck_id
        self.background(lambda: self.services.library.statistics(deck_id), self._show, name="stats")

    def _show(self, stats: Statistics) -> None:
        self.statistics = stats
        counts = stats.counts
        self.query_one("#by-state", BarList).update(
            [
                ("new", int(counts["new"])),
                ("learning", int(counts["learning"])),
                ("review", int(counts["review"])),
                ("suspended", int(counts["suspended"])),
            ]
        )
        if stats.retention is None:
            retention = render.plain("no reviews yet", MUTED)
        else:
            retention = Content.assemble(
                (gauge(stats.retention), "$success"), f" {stats.retention:.0%}"
            )
        self.query_one("#numbers", Static).update(
            render.lines(
                Content.assemble(("Due today      ", LABEL), str(counts["due_today"])),
                Content.assemble(("Answered today ", LABEL), str(counts["reviews_today"])),
                Content.assemble(("Answers, total ", LABEL), str(counts["reviews_total"])),
                Content.assemble(
                    ("Notes / cards  ", LABEL), f"{counts['notes']} / {counts['cards']}"
                ),
                Content.assemble(("Retention      ", LABEL), retention),
            )
        )
        days = stats.days
        self.query_one("#per-day", ColumnChart).update(
            stats.reviews_per_day,
            (days[0].strftime("%b %d"), "today") if days else ("", ""),
        )
        self.query_one("#forecast", ColumnChart).update(
            stats.forecast,
            ("today", f"+{len(stats.forecast) - 1}d") if stats.forecast else ("", ""),
        )
