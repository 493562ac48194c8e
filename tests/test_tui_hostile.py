"""The app on a hostile document: markup, terminal escapes, 10,000 entries. Everything is
shown as text, and every screen still answers."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import DataTable

from flashcards.importing import import_file
from flashcards.library import PAGE_SIZE
from flashcards.store import Store
from flashcards.tui.screens.browse import BrowseScreen
from flashcards.tui.screens.review import ReviewScreen
from flashcards.tui.screens.stats import StatsScreen
from flashcards.tui.services import Start

from support import T0, evil_document
from tui_support import make_app, screen_text, settle

pytestmark = pytest.mark.slow  # a 10,000-note deck

SIZE = (100, 30)


@pytest.fixture(scope="module")
def evil_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("evil")
    doc = tmp / "evil.txt"
    doc.write_text(evil_document(10_000), encoding="utf-8")
    store = Store.open(tmp / "evil.db")
    import_file(store, doc, T0)
    store.close()
    return tmp / "evil.db"


@pytest.fixture
def evil_store(evil_db: Path, db_path: Path) -> Iterator[Store]:
    """A copy of the hostile database for one test."""
    shutil.copyfile(evil_db, db_path)
    opened = Store.open(db_path)
    yield opened
    opened.close()


def assert_plain(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text


async def test_home_shows_the_title_as_written(evil_store: Store) -> None:
    async with make_app(evil_store).run_test(size=SIZE) as pilot:
        await settle(pilot, rounds=6)
        text = screen_text(pilot)
        assert "The [bold]Talk[/bold] <title>" in text
        assert_plain(text)


async def test_review_shows_markup_literally(evil_store: Store) -> None:
    app = make_app(evil_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, ReviewScreen)
        for _ in range(3):  # a few cards, front and back
            text = screen_text(pilot)
            assert_plain(text)
            await pilot.press("enter")
            await settle(pilot, rounds=6)
            back = screen_text(pilot)
            assert "<b>bold</b> & AT&T [red]markup[/red]" in back
            assert_plain(back)
            await pilot.press("3")
            await settle(pilot, rounds=6)


async def test_browse_ten_thousand_notes_and_search(evil_store: Store) -> None:
    app = make_app(evil_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, rounds=6)
        await pilot.press("b")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, BrowseScreen)
        browse = app.screen
        table = browse.query_one(DataTable)
        assert table.row_count == PAGE_SIZE  # a page, not every note
        await pilot.press("ctrl+end")  # near the end of the page: the next one is read
        await settle(pilot, rounds=6)
        assert table.row_count == 2 * PAGE_SIZE
        assert browse.rows[PAGE_SIZE].note.word == f"w{PAGE_SIZE + 1}x"
        assert len({r.id for r in browse.rows}) == 2 * PAGE_SIZE
        await pilot.press("slash", *"w9999x", "enter")
        await settle(pilot, rounds=6)
        assert table.row_count == 1
        assert_plain(screen_text(pilot))
        while isinstance(app.screen, BrowseScreen):  # Escape leaves the search, then browse
            await pilot.press("escape")
            await settle(pilot, rounds=6)
        # The app still answers: statistics open and come back.
        await pilot.press("s")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, StatsScreen)
        assert "10000" in screen_text(pilot).replace(",", "") or "10 000" in screen_text(pilot)
