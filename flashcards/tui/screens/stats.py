"""Statistics as terminal charts: cards by state, answers per day, the due forecast,
retention; and the scheduler: the FSRS parameters in use, fitting them to the learner's
history (in a worker, with progress), the desired retention with its workload, rescheduling.

Fitting and the workload simulator load fsrs-rs-python (`flashcards.optimizer`), imported
only when one of them is asked for here, never by a review."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Header, Input, ProgressBar, Static

from flashcards.errors import FlashcardsError
from flashcards.library import Statistics
from flashcards.tui import render
from flashcards.tui.render import LABEL, MUTED
from flashcards.tui.screens.base import BaseScreen
from flashcards.tui.widgets.charts import WIDTHS, BarList, ColumnChart

if TYPE_CHECKING:
    from flashcards.optimizer import FitReport, Workload

GAUGE = 20


def gauge(share: float, width: int = GAUGE) -> str:
    """A horizontal gauge of `share` (0..1) in eighth blocks, padded with light shade."""
    eighths = round(max(0.0, min(1.0, share)) * width * 8)
    full, part = divmod(eighths, 8)
    bar = "█" * full + (WIDTHS[part] if part else "")
    return bar + "░" * (width - len(bar))


def share(value: float | None, reviews: int) -> Content:
    """A retention as a gauge with its percentage and the reviews behind it."""
    if value is None:
        return render.plain("no review yet", MUTED)
    return Content.assemble(
        (gauge(value, GAUGE // 2 + 2), "$success"),
        f" {value:.0%} of {render.counted(reviews, 'review')}",
    )


class StatsScreen(BaseScreen[None]):
    """Charts of a deck's (or every deck's) progress."""

    CSS_PATH = "../stats.tcss"  # loaded when the screen is first opened

    GUIDE = (
        "How your cards stand (new, learning, review, suspended), how many answers you gave "
        "each day over the last 30 days, how many cards fall due each of the next 30 days, "
        "and your retention: the share of answers that were not Again, so far, for young "
        "cards (reviewed within 21 days of their last answer) and for mature ones (true "
        "retention, once a card waits 21 days or more). "
        "The scheduler box shows the FSRS parameters in use and your desired retention with "
        "the daily reviews it means: o fits the parameters to your history (kept only when "
        "they predict it better), v goes back to the set used before, t sets the desired "
        "retention (0.70 to 0.99), n reschedules every card (its answers replayed)."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "fit", "Fit", id="stats.fit", tooltip="Fit FSRS to your reviews"),
        Binding("v", "revert", "Revert", id="stats.revert", tooltip="The set used before"),
        Binding("t", "retention", "Retention", id="stats.retention", tooltip="Desired retention"),
        Binding("n", "reschedule", "Reschedule", id="stats.reschedule", tooltip="Replay answers"),
    ]

    def __init__(self, deck_id: int | None = None) -> None:
        super().__init__(id="stats")
        self.deck_id = deck_id
        self.statistics: Statistics | None = None
        self.workload: list[tuple[str, Workload]] | None = None
        self.fitting = False

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
            with Vertical(classes="stats-box", id="retention-box"):
                yield Static(render.plain("Retention", LABEL), classes="stats-title")
                yield Static(id="retention")
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
            with Vertical(classes="stats-box", id="scheduler-box"):
                yield Static(render.plain("Scheduler", LABEL), classes="stats-title")
                yield Static(id="scheduler")
                yield ProgressBar(id="fit-progress", show_eta=False)
                yield Static(id="fit-report")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Statistics"
        self.query_one("#numbers", Static).update(render.plain("Counting…", MUTED))
        self.query_one("#fit-progress", ProgressBar).display = False
        self.fitting = False
        self._load()

    def _load(self) -> None:
        deck_id = self.deck_id
        library, clock = self.services.library, self.services.clock
        self.query_one("#retention", Static).update(render.plain("Counting…", MUTED))
        self.background(lambda: library.statistics(deck_id, now=clock()), self._show, name="stats")
        self.background(self._workload, self._show_workload, name="workload")

    def _decks(self) -> list[Any]:
        decks = self.services.store.decks()
        return [d for d in decks if self.deck_id is None or d.id == self.deck_id]

    def _workload(self) -> list[tuple[str, Workload]]:
        from flashcards.optimizer import deck_workload

        return [
            (d.name, deck_workload(self.services.store, d.id, d.desired_retention))
            for d in self._decks()
        ]

    def _show_workload(self, work: list[tuple[str, Workload]]) -> None:
        self.workload = work
        self._show_scheduler()

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
        self.query_one("#numbers", Static).update(
            render.lines(
                Content.assemble(("Due today      ", LABEL), str(counts["due_today"])),
                Content.assemble(("Answered today ", LABEL), str(counts["reviews_today"])),
                Content.assemble(("Answers, total ", LABEL), str(counts["reviews_total"])),
                Content.assemble(
                    ("Notes / cards  ", LABEL), f"{counts['notes']} / {counts['cards']}"
                ),
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
        self.query_one("#retention", Static).update(self._retention(counts["retention_detail"]))
        self._show_scheduler()

    def _retention(self, detail: dict[str, Any]) -> Content:
        """The share of answers so far that were not Again, the young cards' retention and
        the true (mature cards') one, or when it will appear."""
        from flashcards.stats import mature_pending

        answers, passed = detail["answers"], detail["answers_passed"]
        so_far = (
            f"{passed} of {render.counted(answers, 'answer')} so far ({passed / answers:.0%})"
            if answers
            else "no answer yet"
        )
        pending = mature_pending(detail, self.services.zone)
        return render.lines(
            Content.assemble(("Not Again      ", LABEL), so_far),
            Content.assemble(
                ("Young cards    ", LABEL),
                share(detail["young_retention"], detail["young_reviews"]),
                (f" (under {detail['mature_days']} days)", MUTED),
            ),
            Content.assemble(
                ("True retention ", LABEL),
                render.plain(pending, MUTED)
                if pending
                else share(detail["mature_retention"], detail["mature_reviews"]),
            ),
        )

    def _show_scheduler(self) -> None:
        from flashcards.stats import parameters_line

        parts: list[Content | str] = []
        if self.statistics is not None:
            summary = self.statistics.counts["parameters"]
            parts.append(Content.assemble(("Parameters     ", LABEL), parameters_line(summary)))
        if self.workload is None:
            parts.append(render.plain("Estimating the daily workload…", MUTED))
        for name, work in self.workload or ():
            label = f"{render.clean(name)}: " if len(self.workload or ()) > 1 else ""
            parts.append(Content.assemble(("Retention      ", LABEL), label + work.line()))
        self.query_one("#scheduler", Static).update(render.lines(*parts))

    # -- fitting, retention, rescheduling ----------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("fit", "revert", "retention", "reschedule"):
            return not self.fitting
        return True

    def action_fit(self) -> None:
        if self.fitting:
            return
        self.fitting = True
        self.refresh_bindings()
        bar = self.query_one("#fit-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.query_one("#fit-report", Static).update(render.plain("Reading your answers…", MUTED))
        services, deck_id = self.services, self.deck_id

        def progress(done: int, total: int, what: str) -> None:
            self.app.call_from_thread(self._progress, done, total, what)

        def job() -> FitReport:
            from flashcards.optimizer import optimize_beside

            try:
                return optimize_beside(
                    services.store,
                    deck_id,
                    services.clock(),
                    day_hour=services.day_hour,
                    zone=services.zone,
                    progress=progress,
                )
            finally:
                self.app.call_from_thread(self._fit_over)

        self.background(job, self._fitted, name="fit", group="fit")

    def _progress(self, done: int, total: int, what: str) -> None:
        if not self.is_mounted:  # the screen was closed while fitting
            return
        self.query_one("#fit-progress", ProgressBar).update(total=total, progress=done)
        self.query_one("#fit-report", Static).update(render.plain(f"{what.capitalize()}…", MUTED))

    def _fit_over(self) -> None:
        if not self.is_mounted:
            return
        self.fitting = False
        self.refresh_bindings()
        self.query_one("#fit-progress", ProgressBar).display = False

    def _fitted(self, report: FitReport) -> None:
        self.query_one("#fit-report", Static).update(
            render.lines(*(render.plain(line) for line in report.lines()))
        )
        self.notify("Parameters fitted and kept" if report.kept else report.message.split(";")[0])
        self._load()

    def action_revert(self) -> None:
        services, deck_id = self.services, self.deck_id

        def job() -> str:
            from flashcards.optimizer import describe, revert

            return describe(revert(services.store, deck_id).current)

        def done(line: str) -> None:
            self.notify(f"Back to the set used before: {line}", markup=False)
            self._load()

        self.background(job, done, name="revert")

    def action_retention(self) -> None:
        decks = self._decks()
        current = decks[0].desired_retention if decks else 0.9
        self.app.push_screen(RetentionDialog(current), self._set_retention)

    def _set_retention(self, value: float | None) -> None:
        if value is None:
            return
        store, ids = self.services.store, [d.id for d in self._decks()]

        def job() -> None:
            from flashcards.memory import set_retention

            set_retention(store, ids, value)

        def done(_: None) -> None:
            self.notify(f"Desired retention {value:.2f} (n reschedules the cards to it)")
            self._load()

        self.background(job, done, name="retention")

    def action_reschedule(self) -> None:
        store, ids = self.services.store, [d.id for d in self._decks()]

        def job() -> int:
            from flashcards.memory import reschedule

            return sum(reschedule(store, deck_id) for deck_id in ids)

        def done(count: int) -> None:
            self.notify(f"Rescheduled {count} cards (each card's answers replayed)")
            self._load()

        self.background(job, done, name="reschedule")


class RetentionDialog(ModalScreen[float | None]):
    """Ask for a desired retention from 0.70 to 0.99."""

    DEFAULT_CSS = """
    RetentionDialog { align: center middle; }
    RetentionDialog > Vertical {
        width: 60; height: auto; border: round $accent; background: $surface; padding: 0 1;
    }
    RetentionDialog #retention-error { color: $error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="retention.cancel"),
    ]

    def __init__(self, current: float) -> None:
        super().__init__(id="retention-dialog")
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                "Desired retention, from 0.70 to 0.99: the share of reviews you want to "
                "remember. Higher means more reviews a day. Enter sets it, Escape cancels."
            )
            yield Input(value=f"{self.current:.2f}", id="retention-input")
            yield Static(id="retention-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from flashcards.memory import check_retention

        try:
            value = check_retention(float(event.value.strip()))
        except ValueError:
            self.query_one("#retention-error", Static).update("a number, for example 0.85")
            return
        except FlashcardsError as exc:
            self.query_one("#retention-error", Static).update(str(exc))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
