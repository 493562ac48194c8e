"""Helpers of the app's pilot tests: an app on a fixed clock, waiting for its work, its screen."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC
from typing import Any

from textual.pilot import Pilot

from flashcards.store import Store
from flashcards.tui.app import FlashcardsApp
from flashcards.tui.screens.review import ReviewScreen
from flashcards.tui.services import Services, Start

from support import T0

SIZE = (80, 24)


def make_app(store: Store, start: Start | None = None) -> FlashcardsApp:
    services = Services(store, clock=lambda: T0, fuzz=False, day_hour=4, zone=UTC, seed=7)
    return FlashcardsApp(services, start)


async def settle(pilot: Pilot[Any], rounds: int = 4) -> None:
    """Wait for the app's database work (not Textual's own long-lived workers) and redraw."""
    app = pilot.app
    for _ in range(rounds):
        mine = [w for w in app.workers if w.group in ("db", "study") and not w.is_finished]
        if mine:
            await app.workers.wait_for_complete(mine)
        await pilot.pause()


async def settle_until(pilot: Pilot[Any], done: Callable[[], bool], seconds: float = 20.0) -> None:
    """Settle until ``done()`` holds (a thread's result reaches its screen by a message,
    which a loaded machine may deliver after a fixed number of rounds), then once more to
    draw it; fails after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "the app never got there"
        await settle(pilot, rounds=1)
        await asyncio.sleep(0.02)
    await settle(pilot)


def screen_text(pilot: Pilot[Any]) -> str:
    """What the terminal shows, as text."""
    return "\n".join(strip.text.rstrip() for strip in pilot.app.screen._compositor.render_strips())


def review(pilot: Pilot[Any]) -> ReviewScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def notice(pilot: Pilot[Any]) -> str:
    """What the screen's status line says ("" when it says nothing, or has none)."""
    from flashcards.tui.widgets.notice import Notice

    lines = pilot.app.screen.query(Notice)
    return lines.first().message if lines else ""
