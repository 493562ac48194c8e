"""Pilot tests of every flow of the app, on a temporary database with a fixed clock."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, TextArea

from flashcards.domain import CardKind, CardState, Rating
from flashcards.store import Store
from flashcards.store.quizzes import quiz_records
from flashcards.tui.screens.browse import BrowseScreen
from flashcards.tui.screens.export import ExportScreen
from flashcards.tui.screens.help import HelpScreen
from flashcards.tui.screens.home import HomeScreen
from flashcards.tui.screens.importer import ImportScreen
from flashcards.tui.screens.note_editor import NoteEditor
from flashcards.tui.screens.quiz import QuizScreen
from flashcards.tui.screens.review import Phase, ReviewScreen
from flashcards.tui.screens.stats import StatsScreen
from flashcards.tui.services import Start

from support import SEED, T0, answers_in_force, cards_of, grades, keep_kinds, schedules
from tui_support import SIZE, make_app, notice, review, screen_text, settle

# -- home and first run --------------------------------------------------------------------


async def test_first_run_loads_the_bundled_deck(empty_store: Store) -> None:
    assert empty_store.is_empty()
    app = make_app(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.loaded_bundled
        text = screen_text(pilot)
        assert "Making AI accessible with Andrej Karpathy" in text
        assert "Talk: Making AI accessible with Andrej Karpathy and Stephanie Zhan" in text
        home = app.screen
        # one new card a note: answering one buries its siblings until tomorrow
        assert [(x.new, x.learning, x.due, x.notes) for x in home.deck_lines] == [(10, 0, 0, 10)]
    assert [d.name for d in empty_store.decks()] == [
        "Making AI accessible with Andrej Karpathy and Stephanie Zhan"
    ]


async def test_second_run_does_not_reload(bundled_store: Store) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.loaded_bundled
        assert len(app.screen.deck_lines) == 1


@pytest.mark.slow
async def test_home_keys_open_every_screen_and_escape_comes_back(bundled_store: Store) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, kind in [
            ("q", QuizScreen),
            ("b", BrowseScreen),
            ("s", StatsScreen),
            ("i", ImportScreen),
            ("enter", ReviewScreen),
        ]:
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, kind), key
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen), key
        footer = screen_text(pilot).splitlines()[-1]
        for label in ("Review", "Quiz", "Browse", "Stats", "Import", "Help"):
            assert label in footer


async def test_ctrl_q_quits_with_status_zero_from_a_dialog(bundled_store: Store) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_help_lists_the_screen_keys(bundled_store: Store) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(pilot)
        for words in ("Undo", "Bury", "Suspend", "Again", "Good", "ctrl+q"):
            assert words in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_command_palette_opens_statistics(bundled_store: Store) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"statistics")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)


# -- review --------------------------------------------------------------------------------


async def test_a_card_reviewed_through_to_the_database(bundled_store: Store) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review(pilot)
        assert screen.phase is Phase.FRONT
        card = screen.shown.card
        assert card.kind is CardKind.MEANING
        assert card.note.word in screen_text(pilot)
        await pilot.press("space")
        await pilot.pause()
        assert screen.phase is Phase.BACK
        text = screen_text(pilot)
        assert card.note.definition[:40] in text
        assert "From: Making AI accessible" in text
        assert "▶ 3 Good" in text  # intervals on the buttons, Good suggested
        await pilot.press("3")
        await settle(pilot)
        assert screen.answered == 1
        assert screen.shown.card.card_id != card.card_id
    logged = [(card_id, e.rating) for card_id, e in answers_in_force(bundled_store)]
    assert logged == [(card.card_id, Rating.GOOD)]
    assert bundled_store.card_record(card.card_id).state is CardState.LEARNING


async def test_typed_answers_are_graded(bundled_store: Store) -> None:
    keep_kinds(bundled_store, CardKind.RECALL, CardKind.CONTEXT)
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review(pilot)
        first = screen.shown.card
        assert first.typed and first.kind is CardKind.RECALL
        assert isinstance(app.focused, Input)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert f"starts with “{first.expected[0]}”" in screen_text(pilot)
        await pilot.press(*first.expected, "enter")
        await settle(pilot)
        assert screen.phase is Phase.BACK
        assert "✓ Right" in screen_text(pilot)
        assert "▶ 3 Good" in screen_text(pilot)
        await pilot.press("enter")  # accepts the suggestion
        await settle(pilot)

        second = screen.shown.card
        near = second.expected[:-1]  # one letter short: a near miss
        await pilot.press(*near, "enter")
        await settle(pilot)
        text = screen_text(pilot)
        assert "≈ Near miss" in text and "it is spelled" in text
        assert "▶ 2 Hard" in text
        await pilot.press("enter")
        await settle(pilot)

        third = screen.shown.card
        await pilot.press("enter")  # nothing typed: wrong, and allowed
        await settle(pilot)
        assert "✗ Wrong" in screen_text(pilot) and "no answer" in screen_text(pilot)
        assert "▶ 1 Again" in screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
    logged = [
        (card_id, e.rating, grades(bundled_store, card_id))
        for card_id, e in answers_in_force(bundled_store)
    ]
    assert logged == [
        (first.card_id, Rating.GOOD, ["right"]),
        (second.card_id, Rating.HARD, ["near"]),
        (third.card_id, Rating.AGAIN, ["wrong"]),
    ]


async def test_context_card_shows_a_blanked_sentence(bundled_store: Store) -> None:
    keep_kinds(bundled_store, CardKind.CONTEXT)
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = review(pilot).shown.card
        assert card.kind is CardKind.CONTEXT
        text = screen_text(pilot)
        assert "_____" in text and "fills the blank" in text
        await pilot.press(*card.expected, "enter")
        await settle(pilot)
        assert "In the talk:" in screen_text(pilot) or "Example:" in screen_text(pilot)


async def test_undo_takes_the_answer_back(bundled_store: Store) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review(pilot)
        card = screen.shown.card
        await pilot.press("space", "4")
        await settle(pilot)
        assert screen.shown.card.card_id != card.card_id
        assert bundled_store.card_record(card.card_id).state is CardState.REVIEW
        await pilot.press("u")
        await settle(pilot)
        assert screen.shown.card.card_id == card.card_id
        assert screen.phase is Phase.FRONT and screen.answered == 0
        await pilot.press("u")  # nothing left to undo: a message, no change
        await settle(pilot)
    assert answers_in_force(bundled_store) == []
    after = bundled_store.card_record(card.card_id)
    assert (after.state, after.reps, after.due) == (CardState.NEW, 0, None)


async def test_bury_hides_the_card_until_tomorrow(bundled_store: Store) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review(pilot)
        card = screen.shown.card
        await pilot.press("b")
        await settle(pilot)
        assert screen.shown.card.card_id != card.card_id
        assert notice(pilot) == f"{card.note.word} (meaning card): buried until tomorrow"
    buried = bundled_store.card_record(card.card_id).buried_until
    assert buried is not None and buried > T0
    assert answers_in_force(bundled_store) == []


async def test_suspend_takes_the_card_out(bundled_store: Store) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review(pilot)
        await pilot.press("space")
        card = screen.shown.card
        await pilot.press("s")
        await settle(pilot)
        assert screen.shown.card.card_id != card.card_id
    assert bundled_store.card_record(card.card_id).suspended


async def test_edit_a_note_during_review(bundled_store: Store) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review(pilot)
        note = screen.shown.card.note
        await pilot.press("space", "e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        editor.query_one("#field-definition", TextArea).load_text("A brand new definition.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and screen.phase is Phase.BACK
        assert "A brand new definition." in screen_text(pilot)
    assert bundled_store.note(note.id).definition == "A brand new definition."


async def test_a_session_ends_with_a_summary(bundled_store: Store) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review(pilot)
        for _ in range(40):
            if screen.phase is Phase.DONE:
                break
            await pilot.press("space", "4")
            await settle(pilot)
        assert screen.phase is Phase.DONE
        text = screen_text(pilot)
        assert "All done for today!" in text
        assert "Cards answered  10" in text and "Accuracy        100%" in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert len(answers_in_force(bundled_store)) == 10


async def test_text_from_documents_is_never_markup(bundled_store: Store) -> None:
    keep_kinds(bundled_store, CardKind.RECALL, CardKind.CONTEXT)
    nasty = "[bold red]not markup[/] \x1b[31mescape\x07 [link=x]y[/link]"
    for note in bundled_store.notes():
        bundled_store.edit_note(note.id, T0, definition=nasty)
    assert {n.definition for n in bundled_store.notes()} == {nasty}
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert "[bold red]not markup[/]" in text
        assert "[link=x]y[/link]" in text
        assert "\x1b" not in text and "\x07" not in text


async def test_no_color_still_marks_the_suggestion(
    bundled_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.no_color
        await pilot.press("space")
        await pilot.pause()
        assert "▶ 3 Good" in screen_text(pilot)


# -- quiz ----------------------------------------------------------------------------------


async def test_a_quiz_is_scored_and_stored_without_rescheduling(
    bundled_store: Store,
) -> None:
    cards_before = schedules(bundled_store)
    app = make_app(bundled_store, Start("quiz", count=3))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        quiz = screen.quiz
        assert quiz is not None and len(quiz.questions) == 3
        first = quiz.current
        assert "_____" in screen_text(pilot)
        await pilot.press(str(first.answer_index + 1))  # right
        await settle(pilot)
        assert "✓ Right" in screen_text(pilot)
        assert first.note.definition[:30] in screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)

        second = quiz.current
        await pilot.press(str((second.answer_index + 1) % 4 + 1))  # wrong
        await settle(pilot)
        assert "✗ Not quite" in screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)

        third = quiz.current
        await pilot.press("ctrl+t")  # type the word instead
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press(*third.expected, "enter")
        await settle(pilot)
        assert "✓ Right" in screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)

        text = screen_text(pilot)
        assert "Score: 2 / 3" in text
        assert "Words to look at again:" in text and second.note.word in text
    stored = [(q.note_id, q.mode, q.correct) for q in quiz_records(bundled_store)]
    assert stored == [
        (first.note.id, "choice", True),
        (second.note.id, "choice", False),
        (third.note.id, "typed", True),
    ]
    assert schedules(bundled_store) == cards_before
    assert answers_in_force(bundled_store) == []


async def test_quiz_starts_typed_from_the_command_line_options(bundled_store: Store) -> None:
    app = make_app(bundled_store, Start("quiz", count=2, typed=True))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        assert isinstance(app.focused, Input)
        assert not app.screen.query_one("#options").display


# -- browse --------------------------------------------------------------------------------


async def test_a_note_edited_in_browse(bundled_store: Store) -> None:
    history = schedules(bundled_store)
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        assert screen.query_one(DataTable).row_count == 10
        await pilot.press("down", "down")
        assert screen.selected.note.word == "niche"
        await pilot.press("enter")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        editor.query_one("#field-synonyms", Input).value = "nook, corner"
        editor.query_one("#field-pos", Input).value = "n."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert screen.selected.note.word == "niche"
        assert screen.selected.note.synonyms == ("nook", "corner")
    note = next(n for n in bundled_store.notes() if n.word == "niche")
    assert note.synonyms == ("nook", "corner") and note.pos == "noun"
    assert schedules(bundled_store) == history


async def test_browse_cancel_changes_nothing(bundled_store: Store) -> None:
    before = bundled_store.notes()
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#field-word", Input).value = "changed"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
    assert bundled_store.notes() == before


async def test_browse_search_and_suspend(bundled_store: Store) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        screen = app.screen
        await pilot.press("slash", *"oligo", "enter")
        await pilot.pause()
        table = screen.query_one(DataTable)
        assert table.row_count == 1 and app.focused is table
        await pilot.press("s")
        await settle(pilot)
        assert screen.selected.state == "suspended"
        suspended = [c.suspended for n, c in cards_of(bundled_store) if n.word == "oligopoly"]
        assert suspended and all(suspended)
        await pilot.press("s")
        await settle(pilot)
        assert screen.selected.state == "new"
    assert not any(c.suspended for _n, c in cards_of(bundled_store))


# -- statistics and import -----------------------------------------------------------------


async def test_statistics_draw_charts(bundled_store: Store) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(3):
            await pilot.press("space", "4")
            await settle(pilot)
        await pilot.press("escape", "s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        stats = screen.statistics
        assert stats is not None
        assert stats.reviews_per_day[-1] == 3 and sum(stats.reviews_per_day) == 3
        assert len(stats.forecast) == 30
        text = screen_text(pilot)
        assert "Answers per day" in text and "Due per day" in text
        assert "█" in text  # the bars
        assert "Retention" in text


async def test_import_from_the_app(bundled_store: Store, tmp_path: Path) -> None:
    other = tmp_path / "another talk.txt"
    shutil.copy(SEED, other)
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#import-path", Input).value = str(other)
        screen.query_one("#import-deck", Input).value = "Second deck"
        await pilot.press("ctrl+r")
        await settle(pilot)
        text = screen_text(pilot)
        assert "Imported" in text and "10 new" in text
        assert "warnings:" in text and "pronunciation" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        names = [line.deck.name if line.deck else None for line in app.screen.deck_lines]
        assert "Second deck" in names and None in names  # and an "All decks" line
    assert {d.name for d in bundled_store.decks()} >= {"Second deck"}


async def test_import_errors_are_shown_not_raised(bundled_store: Store, tmp_path: Path) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#import-path", Input).value = str(tmp_path / "missing.txt")
        await pilot.press("enter")
        await settle(pilot)
        assert "Not imported" in screen_text(pilot)
        assert isinstance(app.screen, ImportScreen)
    assert len(bundled_store.decks()) == 1


async def test_export_to_anki_from_the_app(bundled_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "out" / "deck.apkg"
    target.parent.mkdir()
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "x Export" in screen_text(pilot)
        await pilot.press("x")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        path = screen.query_one("#export-path", Input)
        assert path.value.endswith(".apkg")
        path.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert "Done: wrote" in screen_text(pilot)
    assert zipfile.is_zipfile(target)
    with zipfile.ZipFile(target) as package:
        assert any(name.startswith("collection.anki2") for name in package.namelist())


async def test_escape_from_a_review_opened_directly_goes_home(bundled_store: Store) -> None:
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen.deck_lines) == 1
        await pilot.press("escape")  # nothing below home
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_review_on_a_new_database_waits_for_the_bundled_deck(empty_store: Store) -> None:
    app = make_app(empty_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review(pilot)
        assert screen.phase is Phase.FRONT and screen.shown is not None
        assert app.loaded_bundled
        assert "New 10" in screen_text(pilot)  # one new card a note


async def test_a_failed_answer_is_reported_and_the_card_kept(
    bundled_store: Store, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    from flashcards.errors import StoreError
    from flashcards.study import Study

    def locked(*args: object, **kwargs: object) -> None:
        raise StoreError(f"{db_path}: the database is busy (another flashcards is writing)")

    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review(pilot)
        card = screen.shown.card
        monkeypatch.setattr(Study, "answer", locked)
        await pilot.press("space", "3")
        await settle(pilot)
        assert screen.phase is Phase.BACK and screen.shown.card == card
        assert "database is busy" in notice(pilot)
        monkeypatch.undo()
        await pilot.press("3")
        await settle(pilot)
        assert screen.answered == 1
    assert len(answers_in_force(bundled_store)) == 1


async def test_showing_the_answer_waits_for_the_back_to_be_drawn(
    bundled_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from flashcards.tui.screens import review as review_module

    drawing = threading.Event()
    slow_draw = review_module.draw_back

    def draw_back(*args: Any, **kwargs: Any) -> Any:
        drawing.wait(10)
        return slow_draw(*args, **kwargs)

    monkeypatch.setattr(review_module, "draw_back", draw_back)
    app = make_app(bundled_store, Start("review"))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(1000):
            if isinstance(app.screen, ReviewScreen) and app.screen.phase is Phase.FRONT:
                break
            await pilot.pause(0.01)
        screen = review(pilot)
        await pilot.press("space")  # the back is not drawn yet: nothing breaks, nothing shows
        assert screen.phase is Phase.FRONT
        drawing.set()
        await settle(pilot)
        assert screen.phase is Phase.BACK
        assert screen.shown.card.note.definition[:30] in screen_text(pilot)
