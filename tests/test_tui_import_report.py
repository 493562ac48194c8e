"""The Import screen's report: the counts first (as the command line gives them), the warnings
grouped by kind with their line numbers, the file named by its name alone, an old error gone
after an import that worked, and every line reachable by scrolling at 80x24."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Input, Static

from flashcards.documents import read_document
from flashcards.domain import grouped_issues
from flashcards.store import Store
from flashcards.tui.app import FlashcardsApp
from flashcards.tui.screens.importer import ImportScreen

from support import SEED
from tui_support import make_app, screen_text, settle

SMALL = """Key Vocabularies and Common Phrases:

1. niche [niːʃ] - (n.) - A specialized segment of the market. - Synonyms: (segment, market)

Founders carve out a little niche.

2. agi [ ext.pronunciation] - (n.) - Artificial general intelligence. - Synonyms: (strong AI)

AGI seemed impossible.

3. vibrant [ˈvaɪbrənt] - (adj.) - Full of energy and life. - Synonyms: (lively)

The city is vibrant.

A small talk

Founders carve out a little niche. Some say agi is near.

ai, startups
"""


@pytest.fixture
def empty(db_path: Path) -> Iterator[Store]:
    store = Store.open(db_path)
    yield store
    store.close()


@pytest.fixture
def deep(tmp_path: Path) -> Path:
    """A folder deep enough that its absolute path would crowd every line of the report."""
    folder = tmp_path / "a rather long folder name" / "with another one" / "and a third"
    folder.mkdir(parents=True)
    return folder


async def open_import(pilot: Pilot[Any]) -> ImportScreen:
    await settle(pilot)
    await pilot.press("i")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    return screen


async def run_import(pilot: Pilot[Any], path: Path | str, deck: str = "") -> ImportScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    screen.query_one("#import-path", Input).value = str(path)
    screen.query_one("#import-deck", Input).value = deck
    await pilot.press("ctrl+r")
    await settle(pilot, rounds=8)
    return screen


async def everything_shown(pilot: Pilot[Any]) -> str:
    """The report's text as the learner can read it, scrolling down a page at a time."""
    screen = pilot.app.screen
    results = screen.query_one("#import-results", VerticalScroll)
    seen = [screen_text(pilot)]
    for _ in range(20):
        if results.scroll_y >= results.max_scroll_y:
            break
        await pilot.press("pagedown")
        await settle(pilot)
        seen.append(screen_text(pilot))
    return "\n".join(seen)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_counts_first_then_warnings_grouped_with_short_names(
    empty: Store, deep: Path, size: tuple[int, int]
) -> None:
    document = deep / "another talk.txt"
    shutil.copy(SEED, document)
    parsed = read_document(document)
    issues = parsed.issues
    cards = 2 * len(parsed.entries) + sum(1 for e in parsed.entries if e.contexts)
    groups = grouped_issues(issues)
    assert len(groups) < len(issues)  # the seed repeats some kinds: grouping shows
    app = make_app(empty)
    async with app.run_test(size=size) as pilot:
        await open_import(pilot)
        await run_import(pilot, document, "Second deck")
        first = screen_text(pilot)
        lines = [line.strip() for line in first.splitlines()]
        imported = next(i for i, line in enumerate(lines) if line.startswith("Imported"))
        assert lines[imported] == "Imported another talk.txt into the deck Second deck"
        assert lines[imported + 1] == (
            "10 notes: 10 new, 0 updated, 0 kept your edits, 0 unchanged"
        )
        assert lines[imported + 2].startswith(f"{cards} cards added, 0 retired;")
        text = await everything_shown(pilot)
        report = str(app.screen.query_one("#import-report", Static).content)
    assert str(deep) not in report and "a rather long folder" not in report
    assert f"{len(issues)} warnings:" in text
    flat = " ".join(text.split())  # a long group wraps over lines
    for group in groups:
        assert flat.count(f"• {group.message}") == 1, group.message
    for issue in issues:
        assert f"{issue.line} {issue.word}" in flat, issue
    assert "inspire" in flat and "amplifier" in flat


async def test_the_learners_kept_edits_are_counted_and_named(empty: Store, tmp_path: Path) -> None:
    document = tmp_path / "small.txt"
    document.write_text(SMALL, encoding="utf-8")
    app = make_app(empty)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_import(pilot)
        await run_import(pilot, document, "Small")
        assert "3 notes: 3 new, 0 updated, 0 kept your edits, 0 unchanged" in screen_text(pilot)
        library = app.services.library
        niche = next(
            r.note for r in library.rows() if (r.note.deck, r.note.word) == ("Small", "niche")
        )
        library.edit_note(niche.id, definition="A comfortable corner of a market.")
        document.write_text(SMALL.replace("Full of energy and life.", "Lively."), "utf-8")
        await run_import(pilot, document, "Small")
        text = screen_text(pilot)
    assert "3 notes: 0 new, 1 updated, 1 kept your edits, 2 unchanged" in text
    assert "Updated: vibrant" in text
    assert "Kept your edits: niche (definition)" in text


async def test_an_old_error_is_gone_after_an_import_that_worked(
    empty: Store, tmp_path: Path
) -> None:
    document = tmp_path / "small.txt"
    document.write_text(SMALL, encoding="utf-8")
    app = make_app(empty)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_import(pilot)
        await run_import(pilot, tmp_path / "missing.txt")
        assert "Not imported" in screen_text(pilot)
        await run_import(pilot, document)
        text = screen_text(pilot)
        assert "Not imported" not in text and "missing.txt" not in text
        assert "Imported small.txt" in text
        assert "2 warnings:" in text
        assert "• no pronunciation" in text and "line 7 agi" in text


async def test_the_tree_comes_back_to_choose_another_document(empty: Store, tmp_path: Path) -> None:
    document = tmp_path / "small.txt"
    document.write_text(SMALL, encoding="utf-8")
    app: FlashcardsApp = make_app(empty)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        tree = screen.query_one("#import-tree")
        assert tree.display
        await run_import(pilot, document)
        assert not tree.display  # the report has the height
        assert isinstance(app.focused, VerticalScroll)
        screen.query_one("#import-path", Input).focus()
        await settle(pilot)
        assert tree.display


def many_warnings(entries: int = 40) -> str:
    """A document whose second half repeats the first half's words, and whose examples and
    talk never use them: more kinds of warning than 80x24 can show at once."""
    half = entries // 2
    parts = ["Key Vocabularies and Common Phrases:\n\n"]
    for i in range(1, entries + 1):
        word = f"zorbl{(i - 1) % half + 1}"
        parts.append(
            f"{i}. {word} [zɔrbl] - (n.) - A made-up thing number {i}. - Synonyms: (thing)\n\n"
            f"Nothing to see here, number {i}.\n\n"
        )
    parts.append("A talk about nothing\n\nThe talk says nothing at all.\n\nnothing\n")
    return "".join(parts)


async def test_every_warning_is_reached_by_scrolling_at_80x24(empty: Store, tmp_path: Path) -> None:
    document = tmp_path / "noisy.txt"
    document.write_text(many_warnings(), encoding="utf-8")
    groups = grouped_issues(read_document(document).issues)
    assert len(groups) > 17  # more than the report's height at 80x24
    app = make_app(empty)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_import(pilot)
        await run_import(pilot, document, "Noisy")
        first = " ".join(screen_text(pilot).split())
        assert "20 notes: 20 new" in first  # counts first
        last = groups[-1].message
        assert last not in first  # below the fold
        text = " ".join((await everything_shown(pilot)).split())
    for group in groups:
        assert f"• {group.message}" in text, group.message
