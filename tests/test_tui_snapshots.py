"""Snapshots of the main screens at 80x24, with a fixed clock and fixed randomness.

Update them with `pytest tests/test_tui_snapshots.py --snapshot-update` after a deliberate
change of the screens, and look at the SVGs (tests/__snapshots__/) before committing.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from flashcards.domain import CardKind, Rating
from flashcards.store import Store
from flashcards.study import Study
from flashcards.tui.services import Start

from support import SEED, T0, keep_kinds
from tui_support import make_app, settle

Snap = Callable[..., bool]


def ready(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def test_home(snap_compare: Snap, bundled_store: Store) -> None:
    assert snap_compare(make_app(bundled_store), run_before=ready())


def test_review_front(snap_compare: Snap, bundled_store: Store) -> None:
    assert snap_compare(make_app(bundled_store, Start("review")), run_before=ready())


def test_review_back(snap_compare: Snap, bundled_store: Store) -> None:
    assert snap_compare(make_app(bundled_store, Start("review")), run_before=ready("space"))


def test_review_typed_answer_graded(snap_compare: Snap, bundled_store: Store) -> None:
    keep_kinds(bundled_store, CardKind.RECALL, CardKind.CONTEXT)
    keys = ("ctrl+t", "ctrl+t", "a", "g", "y", "enter")
    assert snap_compare(make_app(bundled_store, Start("review")), run_before=ready(*keys))


def test_quiz_question(snap_compare: Snap, bundled_store: Store) -> None:
    assert snap_compare(make_app(bundled_store, Start("quiz", count=5)), run_before=ready())


def test_quiz_feedback(snap_compare: Snap, bundled_store: Store) -> None:
    assert snap_compare(make_app(bundled_store, Start("quiz", count=5)), run_before=ready("1"))


def test_browse(snap_compare: Snap, bundled_store: Store) -> None:
    assert snap_compare(make_app(bundled_store), run_before=ready("b"))


def test_stats(snap_compare: Snap, bundled_store: Store) -> None:
    # A few days of history, so that both charts have bars.
    for days_ago, count in [(6, 2), (4, 5), (2, 3), (1, 6), (0, 4)]:
        when = T0 - timedelta(days=days_ago)
        study = Study(
            bundled_store, None, clock=lambda when=when: when, fuzz=False, day_hour=4, zone=UTC
        )
        for i in range(count):
            card = study.next_card()
            if card is None:
                break
            study.answer(card, Rating.AGAIN if i % 3 == 0 else Rating.GOOD, duration_ms=4000)
    assert snap_compare(make_app(bundled_store), run_before=ready("s"))


def test_import_report(
    snap_compare: Snap, bundled_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A relative path, so that the Document field reads the same on every machine.
    shutil.copy(SEED, tmp_path / "talk.txt")
    monkeypatch.chdir(tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        await ready("i")(pilot)
        pilot.app.screen.query_one("#import-path", Input).value = "talk.txt"
        pilot.app.screen.query_one("#import-deck", Input).value = "Second deck"
        await pilot.press("ctrl+r")
        await settle(pilot, rounds=8)

    assert snap_compare(make_app(bundled_store), run_before=run_before)
