"""Pilot tests of card info (Review and Browse) and of the scheduler box of Statistics:
fitting with progress in a process of its own, the desired retention, rescheduling."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from flashcards.store import Store
from flashcards.tui.screens.browse import BrowseScreen
from flashcards.tui.screens.card_info import CardInfoDialog
from flashcards.tui.screens.stats import RetentionDialog, StatsScreen
from flashcards.tui.services import Start

from support import T0
from tui_support import make_app, review, screen_text, settle

SIZE = (100, 40)


async def _wait(pilot: Pilot[Any], group: str) -> None:
    app = pilot.app
    for _ in range(3):
        mine = [w for w in app.workers if w.group == group and not w.is_finished]
        if mine:
            await app.workers.wait_for_complete(mine)
        await settle(pilot)


async def test_card_info_from_review_and_browse(bundled_store: Store) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review(pilot)
        first = screen.shown.card
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, CardInfoDialog)
        text = screen_text(pilot)
        assert first.note.word in text and "Never answered" in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("space", "3")  # Good: the first card answered
        await settle(pilot)
        await pilot.press("escape", "b")
        await settle(pilot)
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        assert browse.selected is not None and browse.selected.id == first.note.id
        await pilot.press("i")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CardInfoDialog)
        # Every card of the note, the answered one with its history and memory.
        assert len(dialog.infos) == len(browse.selected.note.cards)
        answered = next(i for i in dialog.infos if i.card_id == first.card_id)
        assert [int(h.rating) for h in answered.history] == [3]
        assert answered.stability is not None and answered.retrievability is not None
        text = screen_text(pilot)
        assert f"{T0:%Y-%m-%d %H:%M} Good" in text and "10m" in text  # learning step
        assert "here" in text and "Retrievability" in text and "Stability" in text


async def test_statistics_fit_says_when_history_is_thin_and_sets_retention(
    bundled_store: Store,
) -> None:
    app = make_app(bundled_store, Start("home"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        await settle(pilot)
        text = screen_text(pilot)
        assert "FSRS defaults" in text and "reviews a day" in text
        # The fit runs in a process of its own: the screen knows it is fitting until it ends
        # (seen when it ends: a thin history can end before any pause would look).
        seen: list[bool] = []
        over = stats._fit_over

        def fit_over() -> None:
            seen.append(stats.fitting)
            over()

        stats._fit_over = fit_over  # type: ignore[method-assign]
        await pilot.press("o")
        await _wait(pilot, "fit")
        assert seen == [True] and not stats.fitting
        assert "not enough history" in screen_text(pilot)

        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, RetentionDialog)
        dialog_input = app.screen.query_one("#retention-input")
        dialog_input.value = ""  # type: ignore[attr-defined]
        await pilot.press(*"1.2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RetentionDialog)  # refused, said why
        assert "0.70 to 0.99" in screen_text(pilot)
        dialog_input.value = ""  # type: ignore[attr-defined]
        await pilot.press(*"0.8", "enter")
        await settle(pilot)
        await settle(pilot)
        assert app.screen is stats
        assert "retention 0.80" in screen_text(pilot)
    assert [d.desired_retention for d in bundled_store.decks()] == [0.8]
