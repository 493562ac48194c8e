"""Pilot tests of what a new user ran into: keys while typing an answer, the first-run welcome,
undoing a bury or a suspend, an edit refused, the import summary, browse, the command palette.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from flashcards.domain import CardKind
from flashcards.store import Store
from flashcards.tui.screens.browse import BrowseScreen
from flashcards.tui.screens.help import HelpScreen
from flashcards.tui.screens.home import HomeScreen
from flashcards.tui.screens.importer import ImportScreen
from flashcards.tui.screens.note_editor import NoteEditor
from flashcards.tui.screens.review import Phase, ReviewScreen
from flashcards.tui.services import Start

from support import cards_of, keep_kinds
from tui_support import SIZE, make_app, notice, review, screen_text, settle


def only_typed_cards(store: Store) -> None:
    keep_kinds(store, CardKind.RECALL, CardKind.CONTEXT)


def footer(pilot: Pilot[Any]) -> str:
    return screen_text(pilot).splitlines()[-1]


def messages(pilot: Pilot[Any]) -> list[str]:
    """The toasts, and what the screen's status line says."""
    return [n.message for n in pilot.app._notifications] + [notice(pilot)]


# -- 1. keys that work while the answer box has the focus ---------------------------------


async def test_typed_card_keys_work_while_the_answer_box_has_the_focus(
    bundled_store: Store,
) -> None:
    only_typed_cards(bundled_store)
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review(pilot)
        answer = screen.query_one("#answer", Input)
        assert screen.shown.card.typed and app.focused is answer
        shown = footer(pilot)
        for key in ("^z Undo", "^b Bury", "^s Suspend", "^e Edit", "f1 Help", "^t Hint"):
            assert key in shown, shown

        # The plain letters are the learner's answer.
        await pilot.press("b", "s", "e", "u", "question_mark")
        await settle(pilot)
        assert answer.value == "bseu?" and isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+u")  # Input: delete to the start
        assert answer.value == ""

        # f1: help, which names the typing keys.
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(pilot)
        assert "b, ^b" in text and "s, ^s" in text and "e, ^e" in text and "u, ^z" in text
        assert "Scroll Up" not in text and "Move cursor" not in text  # the Input's own keys
        await pilot.press("end")  # the keys, then the guide
        await pilot.pause()
        text = screen_text(pilot)
        assert "?, f1" in text and "ctrl+b to" in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and app.focused is answer

        # ctrl+e: edit, and back to the answer box.
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and app.focused is answer

        # ctrl+b: bury; ctrl+s: suspend.
        buried = screen.shown.card
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert screen.shown.card.card_id != buried.card_id
        suspended = screen.shown.card
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.shown.card.card_id != suspended.card_id
        assert app.focused is screen.query_one("#answer", Input)

        # ctrl+z: undo the suspend.
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert screen.shown.card.card_id == suspended.card_id

        # On the back of the card the letters work again, and the footer shows them.
        await pilot.press("enter")
        await settle(pilot)
        assert screen.phase is Phase.BACK
        shown = footer(pilot)
        for key in ("u Undo", "b Bury", "s Suspend", "e Edit", "? Help"):
            assert key in shown, shown
    assert bundled_store.card_record(buried.card_id).buried_until is not None
    assert not bundled_store.card_record(suspended.card_id).suspended


async def test_meaning_cards_keep_the_plain_letters_in_the_footer(bundled_store: Store) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not review(pilot).shown.card.typed
        shown = footer(pilot)
        for key in ("b Bury", "s Suspend", "e Edit", "? Help"):
            assert key in shown, shown
        assert "^b" not in shown and "f1" not in shown


# -- 2. the first-run welcome --------------------------------------------------------------


async def test_first_run_straight_into_a_review_has_no_welcome_toast(empty_store: Store) -> None:
    app = make_app(empty_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.loaded_bundled and review(pilot).phase is Phase.FRONT
        assert not [m for m in messages(pilot) if "first review" in m]
        await pilot.press("space")
        await settle(pilot)
        assert "1 Again" in screen_text(pilot) and "4 Easy" in screen_text(pilot)


async def test_first_run_at_home_says_welcome_where_it_hides_nothing(empty_store: Store) -> None:
    app = make_app(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(pilot)
        assert "Welcome! The bundled deck is loaded" in text
        assert "cards waiting" in text
        assert not app._notifications  # nothing over the screen
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Welcome!" not in screen_text(pilot)  # once is enough


# -- 3. undo of a bury or a suspend --------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "column", "how"), [("b", "buried_until", "bury"), ("s", "suspended", "suspend")]
)
async def test_undo_brings_back_a_buried_or_suspended_card(
    bundled_store: Store, key: str, column: str, how: str
) -> None:
    keep_kinds(bundled_store, CardKind.MEANING)  # no answer box takes the "u"
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review(pilot)
        card = screen.shown.card
        await pilot.press(key)
        await settle(pilot)
        assert screen.shown.card.card_id != card.card_id
        await pilot.press("u")
        await settle(pilot)
        assert screen.shown.card.card_id == card.card_id
        assert screen.phase is Phase.FRONT and screen.answered == 0
        assert f"Undone: {how} of {card.note.word} (meaning card)" in messages(pilot)
    assert not getattr(bundled_store.card_record(card.card_id), column)


async def test_undo_of_an_answer_says_so(bundled_store: Store) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review(pilot)
        card = screen.shown.card
        await pilot.press("space", "3")
        await settle(pilot)
        assert screen.answered == 1
        await pilot.press("u")
        await settle(pilot)
        assert screen.answered == 0 and screen.shown.card.card_id == card.card_id
        assert f"Undone: answer to {card.note.word} (meaning card)" in messages(pilot)


# -- 4. an edit refused: said in the dialog, which stays open -----------------------------


async def test_a_word_the_deck_has_is_refused_in_the_dialog(bundled_store: Store) -> None:
    before = bundled_store.notes()
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor) and editor.note.word == "niche"
        editor.query_one("#field-word", Input).value = "agi"
        editor.query_one("#field-definition", TextArea).load_text("My own words.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor  # still open, with the learner's text
        assert editor.query_one("#field-word", Input).value == "agi"
        assert editor.query_one("#field-definition", TextArea).text == "My own words."
        error = editor.query_one("#editor-error", Static)
        assert error.display and "already has" in str(error.render())
        assert "UNIQUE" not in screen_text(pilot)
        assert not [m for m in messages(pilot) if "UNIQUE" in m]
        assert bundled_store.notes() == before

        editor.query_one("#field-word", Input).value = "niches"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is browse
        assert browse.selected.note.word == "niches"
    assert [n.definition for n in bundled_store.notes() if n.word == "niches"] == ["My own words."]


async def test_a_refused_edit_in_review_keeps_the_dialog(bundled_store: Store) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review(pilot)
        word = screen.shown.card.note.word
        other = next(n.word for n in bundled_store.notes() if n.word != word)
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        editor.query_one("#field-word", Input).value = other
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor and "already has" in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.shown.card.note.word == word


# -- 5. the import summary -----------------------------------------------------------------

ONE_WARNING = """Key Vocabularies and Common Phrases:

1. niche [niːʃ] - (n.) - A specialized segment of the market. - Synonyms: (segment, market)

Founders carve out a little niche.

2. agi - (n.) - Artificial general intelligence. - Synonyms: (strong AI)

AGI seemed impossible.

A small talk

Founders carve out a little niche. Some say agi is near.

ai, startups
"""


async def test_one_import_warning_is_one_warning(bundled_store: Store, tmp_path: Path) -> None:
    document = tmp_path / "small.txt"
    document.write_text(ONE_WARNING, encoding="utf-8")
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        app.screen.query_one("#import-path", Input).value = str(document)
        await pilot.press("ctrl+r")
        await settle(pilot)
        text = screen_text(pilot)
        assert "1 warning:" in text and "1 warnings" not in text
        assert "2 notes: 2 new" in text


# -- 6. browse -----------------------------------------------------------------------------


def _suspend_one_card(store: Store, word: str) -> None:
    ids = [c.id for n, c in cards_of(store, CardKind.CONTEXT) if n.word == word]
    store.set_suspended(True, card_ids=ids)


@pytest.mark.parametrize("width", [80, 100])
async def test_browse_state_column_is_not_cut(bundled_store: Store, width: int) -> None:
    _suspend_one_card(bundled_store, "agi")
    app = make_app(bundled_store)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        line = next(x for x in screen_text(pilot).splitlines() if x.strip().startswith("agi"))
        assert "new · 1 susp." in line
        assert "…" not in line


async def test_browse_search_finds_examples_and_talk_sentences(bundled_store: Store) -> None:
    niche = next(n for n in bundled_store.notes() if n.word == "niche")
    only_in_talk = "founders"  # in the talk's sentence that uses "niche", not in its entry
    assert only_in_talk in " ".join(niche.contexts).casefold()
    assert only_in_talk not in f"{niche.word} {niche.definition} {niche.synonyms}".casefold()
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        await pilot.press("slash", *only_in_talk, "enter")
        await pilot.pause()
        found = [row.note.word for row in screen.rows]
        assert "niche" in found
        assert len(found) < 10


async def test_browse_detail_shows_the_example_and_the_talk(bundled_store: Store) -> None:
    def flat(text: str) -> str:
        return " ".join(text.split())

    app = make_app(bundled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        note = screen.selected.note  # the first row
        assert note.word == "agi" and len(note.contexts) == 4
        detail = flat(str(screen.query_one("#note-detail-body", Static).render()))
        assert "Example: " + flat(note.example)[:40] in detail
        assert "In the talk:" in detail
        others = [c for c in note.contexts if flat(c) not in flat(note.example)]
        assert len(others) == 3  # the one the example shows is not said twice
        for sentence in others:
            assert "• " + flat(sentence) in detail
        assert detail.count(flat(note.contexts[0])) == 1


# -- 7. the command palette on the review screen -------------------------------------------


async def palette_names(pilot: Pilot[Any]) -> list[str]:
    await pilot.press("ctrl+p")
    for _ in range(50):
        await pilot.pause(0.05)
        palette = pilot.app.screen
        if isinstance(palette, CommandPalette) and palette.has_class("-ready"):
            break
    options = pilot.app.screen.query_one(CommandList)
    return [
        str(options.get_option_at_index(i).prompt).splitlines()[0]
        for i in range(options.option_count)
    ]


async def test_review_palette_lists_the_card_actions_then_navigation_then_textual(
    bundled_store: Store,
) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review(pilot)
        card = screen.shown.card
        names = await palette_names(pilot)
        ours = ["Bury", "Suspend", "Edit", "Review", "Quiz", "Quiz, typed", "Browse"]
        assert names[: len(ours)] == ours, names  # nothing to undo yet
        main = ["Statistics", "Import", "Export", "Help", "Home"]
        assert names[len(ours) : len(ours) + len(main)] == main, names
        assert {"Quit", "Theme", "Keys"} <= set(names[len(ours) + len(main) :]), names

        await pilot.press(*"bury")
        await pilot.pause(0.4)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.shown.card.card_id != card.card_id

        names = await palette_names(pilot)
        assert names[:4] == ["Undo", "Bury", "Suspend", "Edit"], names
        await pilot.press("escape")
        await pilot.pause()
    assert bundled_store.card_record(card.card_id).buried_until is not None


async def test_home_palette_starts_with_navigation(bundled_store: Store) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = await palette_names(pilot)
        assert names[:3] == ["Review", "Quiz", "Quiz, typed"], names
        assert "Bury" not in names
