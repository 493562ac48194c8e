"""The note editor checks what it saves: a known part of speech, syllables shown with dots."""

from __future__ import annotations

from textual.widgets import Input, Static

from flashcards.store import Store
from flashcards.tui.screens.browse import BrowseScreen
from flashcards.tui.screens.note_editor import NoteEditor

from tui_support import SIZE, make_app, settle


async def open_editor(pilot, app, word: str) -> NoteEditor:  # type: ignore[no-untyped-def]
    await pilot.press("b")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, BrowseScreen)
    while screen.selected.note.word != word:
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
    editor = app.screen
    assert isinstance(editor, NoteEditor)
    return editor


async def test_an_unknown_part_of_speech_is_refused_with_a_message(bundled_store: Store) -> None:
    before = next(n for n in bundled_store.notes() if n.word == "niche")
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = await open_editor(pilot, app, "niche")
        editor.query_one("#field-pos", Input).value = "blah"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor
        message = str(editor.query_one("#editor-error", Static).content)
        assert message.startswith("'blah' is not a part of speech: write one of noun, verb")
        editor.query_one("#field-pos", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert str(editor.query_one("#editor-error", Static).content) == (
            "The part of speech cannot be empty."
        )
    assert next(n for n in bundled_store.notes() if n.word == "niche") == before


async def test_syllables_typed_with_hyphens_are_kept_as_dots(bundled_store: Store) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = await open_editor(pilot, app, "oligopoly")
        editor.query_one("#field-syllables", Input).value = "o-li-go-po-ly"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
    note = next(n for n in bundled_store.notes() if n.word == "oligopoly")
    assert note.syllables == "o·li·go·po·ly"
