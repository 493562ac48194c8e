"""The app's Import screen given a file that is not a document: a FIFO does not hang it."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from textual.widgets import Input, ProgressBar, Static

from flashcards.store import Store
from flashcards.tui.screens.importer import ImportScreen

from tui_support import SIZE, make_app, screen_text, settle


async def test_a_fifo_is_refused_and_the_app_still_quits(
    seeded_store: Store, tmp_path: Path
) -> None:
    fifo = tmp_path / "talk.txt"
    os.mkfifo(fifo)
    app = make_app(seeded_store)

    async def attempt() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("i")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ImportScreen)
            screen.query_one("#import-path", Input).value = str(fifo)
            await pilot.press("enter")
            await settle(pilot)
            report = str(screen.query_one("#import-report", Static).content)
            assert "Not imported" in screen_text(pilot)
            assert "not a regular file (a pipe)" in report, report
            assert not screen.busy
            assert not screen.query_one("#import-progress", ProgressBar).display
            await pilot.press("ctrl+q")
            await pilot.pause()

    await asyncio.wait_for(attempt(), timeout=30)  # a read that blocks fails here
    assert app.return_code is not None or not app.is_running
    assert len(seeded_store.decks()) == 1
