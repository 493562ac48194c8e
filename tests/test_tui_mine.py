"""The Mine screen: a file mined in the background, words ticked, edited, known, imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from flashcards.mining.service import KNOWN_SETTING
from flashcards.store import Store
from flashcards.tui.screens.home import HomeScreen
from flashcards.tui.screens.mine import MineScreen

from support import FIXTURES
from tui_support import SIZE, make_app, screen_text, settle, settle_until

SRT = FIXTURES / "mining" / "interview.srt"
WIDE = (110, 30)


async def open_mine(pilot, path: Path) -> MineScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("m")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MineScreen)
    screen.query_one("#mine-path", Input).value = str(path)
    await pilot.press("enter")
    # mined, or failed: the status says which
    await settle_until(pilot, lambda: any(w in screen_text(pilot) for w in ("Found ", "Not done")))
    return screen


@pytest.mark.slow
async def test_mine_tick_edit_known_and_import(seeded_store: Store) -> None:
    decks_before = {d.name for d in seeded_store.decks()}
    app = make_app(seeded_store)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_mine(pilot, SRT)
        words = [m.word for m in screen.words]
        assert words[:2] == ["replenish", "ubiquitous"], words
        assert screen.ticked == set(words)  # fewer than 20: every one is ticked
        text = screen_text(pilot)
        assert "Found" in text and "replenish" in text and "interview.srt" in text
        assert "So the first thing we did" in text  # its first sentence
        table = screen.query_one("#mine-table", DataTable)
        assert table.row_count == len(words)

        await pilot.press("down")  # ubiquitous
        await pilot.press("space")  # unticked
        assert "ubiquitous" not in screen.ticked
        await pilot.press("down")  # the third word
        third = screen.current
        assert third is not None
        await pilot.press("k")  # known: gone, and remembered
        await settle(pilot)
        assert third.word not in [m.word for m in screen.words]

        await pilot.press("up", "up")  # replenish
        await pilot.press("e")
        box = screen.query_one("#mine-definition", Input)
        assert box.has_focus and "fill" in box.value
        box.value = "to fill up again"
        await pilot.press("enter")
        assert screen.definitions == {"replenish": "to fill up again"}

        await pilot.press("ctrl+r")
        await settle(pilot, rounds=8)
        assert "Imported" in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)

    (deck,) = {d.name for d in seeded_store.decks()} - decks_before
    assert deck == "Words from interview.srt"
    notes = {n.word: n for n in seeded_store.notes(seeded_store.deck(deck).id)}
    assert set(notes) == set(words) - {"ubiquitous", third.word}
    assert notes["replenish"].definition == "to fill up again"
    assert len(notes["replenish"].contexts) == 2
    known = json.loads(seeded_store.setting(KNOWN_SETTING) or "[]")
    assert known == [third.word]


async def test_mine_errors_are_shown_not_raised(seeded_store: Store, tmp_path: Path) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mine(pilot, tmp_path / "missing.srt")
        assert "Not done" in screen_text(pilot) and "no such file" in screen_text(pilot)
        assert screen.words == []
        await pilot.press("ctrl+r")  # nothing to import: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, MineScreen)
    assert len(seeded_store.decks()) == 1


async def test_mine_is_in_the_help_and_the_palette(seeded_store: Store) -> None:
    app = make_app(seeded_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert "Mine" in screen_text(pilot) and "subtitle" in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"mine")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MineScreen)


async def test_the_report_after_importing_is_grouped_as_the_import_screens(
    seeded_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two terms no dictionary knows, and without espeak-ng no pronunciation either: the
    # importer warns about each, and the report groups the two warnings in one line.
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    talk = tmp_path / "parts.txt"
    talk.write_text(
        "The composability of parts is key. Composability helps the squeamish. We want "
        "composability. A composable part is good, a composable tool better, and composable "
        "code best.\n",
        encoding="utf-8",
    )
    app = make_app(seeded_store)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_mine(pilot, talk)
        words = [m.word for m in screen.words]
        assert {"composability", "composable", "squeamish"} <= set(words), words
        for term, meaning in (("composability", "being easy to combine"), ("composable", "x")):
            await pilot.press("home", *["down"] * words.index(term), "e")
            box = screen.query_one("#mine-definition", Input)
            box.value = meaning
            await pilot.press("enter")
        await pilot.press("ctrl+r")
        await settle(pilot, rounds=8)
        assert screen.reporting and not screen.query_one("#mine-table", DataTable).display
        text = screen_text(pilot)
        written = screen.services.mining.document_path(screen.mining)  # type: ignore[arg-type]
        lines = written.read_text(encoding="utf-8").splitlines()
        at = {w: next(i + 1 for i, line in enumerate(lines) if f". {w} " in line) for w in words}
        assert f"{len(words)} notes: {len(words)} new, 0 updated" in text
        assert "2 warnings:" in text and text.count("no pronunciation") == 1
        assert f"lines {at['composability']} composability, {at['composable']} composable" in text
        assert "The document:" in text
        await pilot.press("space")  # the words are not under the report: nothing ticks
        assert screen.ticked == set(words)
        await pilot.press("tab")  # back to a field: the words come back
        await settle(pilot)
        assert not screen.reporting and screen.query_one("#mine-table", DataTable).display
