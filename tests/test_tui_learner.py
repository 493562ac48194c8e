"""Pilot tests of what a learner tripped over in review, browse, the quiz and home, each as
the learner meets it: what the screen shows at 80x24 (and 100x30)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from flashcards.domain import CardKind
from flashcards.importing import import_file
from flashcards.store import Store
from flashcards.tui.screens.browse import BrowseScreen
from flashcards.tui.screens.home import HomeScreen
from flashcards.tui.screens.note_editor import NoteEditor
from flashcards.tui.screens.quiz import QuizScreen
from flashcards.tui.screens.review import Phase
from flashcards.tui.services import Start

from support import SEED, T0, keep_kinds, keep_only
from tui_support import make_app, notice, review, screen_text, settle

# -- review: bury and suspend name the card, and its siblings wait -------------------------


@pytest.mark.parametrize(("key", "said"), [("b", "buried until tomorrow"), ("s", "suspended")])
async def test_setting_a_card_aside_names_it_and_the_next_is_another_word(
    bundled_store: Store, key: str, said: str
) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = review(pilot)
        card = screen.shown.card
        await pilot.press(key)
        await settle(pilot)
        assert notice(pilot).startswith(f"{card.note.word} (meaning card): {said}")
        assert notice(pilot) in screen_text(pilot)
        assert screen.shown.card.note.id != card.note.id  # not the same word's recall card
        await pilot.press("u")
        await settle(pilot)
        assert screen.shown.card.card_id == card.card_id
        assert notice(pilot).startswith("Undone: ")


# -- review: notices hide nothing, and stay on their screen --------------------------------


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_a_notice_leaves_the_rating_buttons_and_the_answer_box_visible(
    bundled_store: Store, size: tuple[int, int]
) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        text = screen_text(pilot)
        assert notice(pilot) and notice(pilot) in text
        for button in ("1 Again", "2 Hard", "3 Good", "4 Easy"):
            assert button in text, text
        assert not app._notifications  # no toast over anything
        lines = text.splitlines()
        buttons = next(i for i, line in enumerate(lines) if "4 Easy" in line)
        said = next(i for i, line in enumerate(lines) if notice(pilot)[:30] in line)
        assert said > buttons  # under the buttons, not over them

        await pilot.press("escape")  # to home: the notice stays behind
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "buried until tomorrow" not in screen_text(pilot)
        assert not app._notifications


async def test_a_notice_leaves_the_answer_box_visible_at_80x24(bundled_store: Store) -> None:
    keep_kinds(bundled_store, CardKind.RECALL, CardKind.CONTEXT)
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        screen = review(pilot)
        assert screen.shown.card.typed
        await pilot.press("x", "y", "z")
        text = screen_text(pilot)
        assert "xyz" in text and notice(pilot) in text
        assert "(recall card): buried until tomorrow" in notice(pilot)


# -- review: a near miss in another form ------------------------------------------------------


async def test_another_form_of_the_word_is_the_form_the_sentence_needs(
    bundled_store: Store,
) -> None:
    keep_only(bundled_store, lambda n, c: c.kind is CardKind.CONTEXT and n.word == "poached")
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert review(pilot).shown.card.expected == "poached"
        await pilot.press(*"poach", "enter")
        await settle(pilot)
        text = screen_text(pilot)
        assert "≈ Near miss" in text and "the sentence needs poached" in text
        assert "spelled" not in text


# -- quiz: Enter on nothing typed -------------------------------------------------------------


async def test_enter_on_an_empty_answer_asks_again_and_loses_no_question(
    bundled_store: Store,
) -> None:
    app = make_app(bundled_store, Start("quiz", count=2, typed=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.quiz is not None
        first = screen.quiz.current
        await pilot.press("enter", "enter")  # nothing typed, twice
        await settle(pilot)
        text = screen_text(pilot)
        assert "Nothing typed yet" in text and "Question 1 of 2" in text
        assert "Not quite" not in text
        assert screen.quiz.current is first and isinstance(app.focused, Input)
        await pilot.press(*first.expected, "enter")
        await settle(pilot)
        assert "✓ Right" in screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Question 2 of 2" in screen_text(pilot)


# -- home: where the cursor starts, and whole deck names ----------------------------------------

TALK = "Making AI accessible with Andrej Karpathy and Stephanie Zhan"


def second_deck(store: Store, tmp_path: Path, name: str) -> None:
    other = tmp_path / "another talk.txt"
    shutil.copy(SEED, other)
    import_file(store, other, T0, deck=name)


async def test_home_starts_on_the_deck_with_work(bundled_store: Store, tmp_path: Path) -> None:
    second_deck(bundled_store, tmp_path, "Second deck")
    first = bundled_store.decks()[0]  # the first deck has nothing left today
    keep_only(bundled_store, lambda note, _card: note.deck != first.name)
    app = make_app(bundled_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.deck_lines[0].waiting == 0
        assert home.selected is not None and home.selected.deck is not None
        assert home.selected.deck.name == "Second deck"
        await pilot.press("enter")
        await settle(pilot)
        assert review(pilot).shown.card.deck == "Second deck"


async def test_with_work_in_several_decks_enter_reviews_them_all(
    bundled_store: Store, tmp_path: Path
) -> None:
    second_deck(bundled_store, tmp_path, "Second deck")
    app = make_app(bundled_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.selected is not None and home.selected.deck is None  # "All decks"
        await pilot.press("enter")
        await settle(pilot)
        screen = review(pilot)
        assert screen.deck_id is None and "New 20" in screen_text(pilot)


async def test_a_long_deck_name_is_whole_at_100_columns(bundled_store: Store) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        row = next(line for line in screen_text(pilot).splitlines() if TALK[:20] in line)
        assert TALK in row and "10" in row.split(TALK)[1], row


# -- review: the end of the day says what comes next ---------------------------------------------


@pytest.mark.slow
async def test_the_summary_says_when_the_next_card_is_and_what_tomorrow_holds(
    bundled_store: Store,
) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = review(pilot)
        for _ in range(12):
            if screen.phase is Phase.DONE:
                break
            await pilot.press("space", "4")
            await settle(pilot)
        text = screen_text(pilot)
        assert "All done for today!" in text
        assert "Next card       tomorrow" in text
        # The ten words' recall and context cards wait for tomorrow: ten new, nothing due.
        assert "Tomorrow        10 new + 0 due" in text


# -- browse: one card suspended, one card brought back -------------------------------------------


async def test_browse_brings_back_the_one_card_review_suspended(bundled_store: Store) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        card = review(pilot).shown.card
        await pilot.press("s")  # in review: suspend agi's meaning card only
        await settle(pilot)
        assert "Browse can bring it back" in notice(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        browse = app.screen
        assert isinstance(browse, BrowseScreen) and browse.selected is not None
        assert browse.selected.id == card.note.id
        text = screen_text(pilot)
        assert "new · 1 susp." in text
        assert "meaning" in text and "recall" in text and "context" in text  # its cards
        assert "suspended" in text

        await pilot.press("tab")  # to the word's cards; down to none: the meaning card is first
        await pilot.pause()
        assert browse.selected_card is not None and browse.selected_card.id == card.card_id
        await pilot.press("s")
        await settle(pilot)
        assert "(meaning card): back in review" in screen_text(pilot)
        held = {c.kind.value: c.suspended for c in bundled_store.note(card.note.id).cards}
        assert held == {"meaning": False, "recall": False, "context": False}

        await pilot.press("down", "s")  # one card: the recall card alone
        await settle(pilot)
        held = {c.kind.value: c.suspended for c in bundled_store.note(card.note.id).cards}
        assert held == {"meaning": False, "recall": True, "context": False}

        await pilot.press("shift+tab", "s")  # the word's row: every card
        await settle(pilot)
        assert all(c.suspended for c in bundled_store.note(card.note.id).cards)


# -- text that was cut off ------------------------------------------------------------------------


async def test_the_export_path_is_shown_whole(
    bundled_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "a folder with a rather long name for the packages"
    folder.mkdir()
    monkeypatch.chdir(folder)
    app = make_app(bundled_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        target = app.screen.query_one("#export-path", Input).value
        assert len(target) > 80  # longer than the field
        shown = "".join(line.strip() for line in screen_text(pilot).splitlines())
        assert target.replace(" ", "") in shown.replace(" ", "")


async def test_the_editor_wraps_long_fields_and_shows_only_its_own_keys(
    bundled_store: Store,
) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        note = review(pilot).shown.card.note
        await pilot.press("space", "e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        text = screen_text(pilot)
        words = " ".join(text.replace("▌", " ").replace("█", " ").split())
        assert " ".join(note.definition.split()) in words  # whole, over several lines
        assert " ".join(note.example.split()) in words
        footer = text.splitlines()[-1]
        assert "Save" in footer and "Cancel" in footer
        assert "Bury" not in footer and "Rate" not in footer and "Undo" not in footer
        definition = editor.query_one("#field-definition", TextArea)
        definition.focus()
        await pilot.pause()
        assert definition.has_focus
        assert definition.styles.background != editor.query_one("#field-word").styles.background
        definition.load_text("A first line\nand a second.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert bundled_store.note(note.id).definition == "A first line and a second."
