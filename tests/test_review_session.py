"""The review session's state machine, without Textual: every transition, events that are not
allowed now (ignored), and the guards the screen's keys read from the same table."""

from __future__ import annotations

from datetime import timedelta

import pytest

from flashcards import review_session as rs
from flashcards.domain import CardKind, CardState, Note, Rating
from flashcards.review_session import Phase, Shown, State, allowed, step
from flashcards.study_types import QueueCounts, SessionSummary, StudyCard
from flashcards.text.grading import Grade, Verdict

INTERVALS = {r: timedelta(minutes=int(r)) for r in Rating}
COUNTS = QueueCounts(new=3, learning=0, review=2)
SUMMARY = SessionSummary(answered=1, correct=1, seconds=3.0, accuracy=1.0, due_tomorrow=0)


def note(word: str = "vibrant") -> Note:
    return Note(
        id=1,
        deck="Talk",
        word=word,
        ipa=None,
        pos="adjective",
        definition="Full of energy.",
        synonyms=(),
        example="",
        contexts=(),
        syllables="vi·brant",
    )


def card(card_id: int = 1, kind: CardKind = CardKind.MEANING) -> StudyCard:
    return StudyCard(
        card_id=card_id,
        kind=kind,
        state=CardState.NEW,
        note=note(),
        deck="Talk",
        title=None,
        sentence=None,
        blanked=None,
        expected="vibrant",
        typed=kind is not CardKind.MEANING,
    )


def shown(card_id: int = 1, kind: CardKind = CardKind.MEANING) -> Shown:
    return Shown(card(card_id, kind), COUNTS, INTERVALS)


def run(state: State, *events: rs.Event) -> tuple[State, list[rs.Effect]]:
    effects: list[rs.Effect] = []
    for event in events:
        state, more = step(state, event)
        effects.extend(more)
    return state, effects


def front(kind: CardKind = CardKind.MEANING, card_id: int = 1) -> State:
    state, _ = step(State(), rs.Loaded(shown(card_id, kind)))
    return state


def back() -> State:
    state, _ = run(front(), rs.BackDrawn(1), rs.Reveal())
    assert state.phase is Phase.BACK
    return state


def test_loading_a_card_shows_its_front_and_draws_its_back() -> None:
    state, effects = step(State(), rs.Loaded(shown()))
    assert state.phase is Phase.FRONT and state.shown == shown()
    assert effects == [rs.DrawBack(card())]
    assert state.turn == 1


def test_a_typed_card_needs_no_drawn_back() -> None:
    state, effects = step(State(), rs.Loaded(shown(kind=CardKind.RECALL)))
    assert state.phase is Phase.FRONT and effects == []


def test_loading_the_summary_ends_the_session() -> None:
    state, effects = step(State(), rs.Loaded(SUMMARY))
    assert state.phase is Phase.DONE and state.summary == SUMMARY and effects == []


def test_reveal_before_the_back_is_drawn_waits_for_it() -> None:
    state, effects = step(front(), rs.Reveal())
    assert state.phase is Phase.FRONT and state.reveal_waiting and effects == []
    state, _ = step(state, rs.BackDrawn(1))
    assert state.phase is Phase.BACK and state.suggested is Rating.GOOD


def test_the_back_of_another_card_is_not_taken() -> None:
    state, _ = run(front(), rs.BackDrawn(99), rs.Reveal())
    assert state.phase is Phase.FRONT and not state.back_ready


def test_rating_saves_once_and_shows_the_next_card() -> None:
    state, effects = step(back(), rs.Rate(Rating.HARD, 1200))
    assert state.phase is Phase.SAVING and state.pending == "answer"
    assert effects == [rs.Answer(card(), Rating.HARD, None, None, 1200)]
    # A second rating, Enter, bury or undo while saving: nothing.
    for event in (rs.Rate(Rating.EASY), rs.Accept(), rs.Bury(), rs.Undo(), rs.Reveal()):
        assert step(state, event) == (state, [])
    state, effects = step(state, rs.Answered(None, shown(2)))
    assert state.phase is Phase.FRONT and state.shown == shown(2)
    assert state.answered == 1 and state.can_undo and state.suggested is None
    assert effects == [rs.DrawBack(card(2))]


def test_enter_accepts_the_suggestion_and_a_double_enter_saves_once() -> None:
    state, effects = run(back(), rs.Accept(500), rs.Accept(600))
    assert effects == [rs.Answer(card(), Rating.GOOD, None, None, 500)]
    assert state.phase is Phase.SAVING


def test_a_leech_answer_warns() -> None:
    saving, _ = step(back(), rs.Rate(Rating.AGAIN))
    _, effects = step(saving, rs.Answered("vibrant is a leech", SUMMARY))
    assert rs.Notify("vibrant is a leech", title="Leech", severity="warning", timeout=8) in effects


def test_the_last_answer_leads_to_the_summary_and_enter_goes_back() -> None:
    saving, _ = step(back(), rs.Rate(Rating.GOOD))
    state, _ = step(saving, rs.Answered(None, SUMMARY))
    assert state.phase is Phase.DONE and state.shown is None and state.answered == 1
    assert step(state, rs.Accept()) == (state, [rs.GoBack()])
    assert step(state, rs.Quiz()) == (state, [rs.StartQuiz()])


def test_a_typed_answer_is_graded_once_then_rated() -> None:
    state = front(CardKind.RECALL)
    assert step(state, rs.Reveal()) == (state, [])  # a typed card is answered by typing
    state, effects = run(state, rs.Hint(), rs.Hint(), rs.Hint(), rs.Hint())
    assert state.hint_level == 3 and effects == []
    state, effects = run(state, rs.SubmitTyped("vibrnt"), rs.SubmitTyped("again"))
    assert state.phase is Phase.GRADING and effects == [rs.GradeTyped(state.shown.card, "vibrnt")]
    near = Grade(Verdict.NEAR, "vibrant", "vibrnt")
    state, _ = step(state, rs.Graded(near))
    assert state.phase is Phase.BACK and state.suggested is Rating.HARD
    _, effects = step(state, rs.Accept(900))
    assert effects == [rs.Answer(state.shown.card, Rating.HARD, "vibrnt", near, 900)]


def test_bury_and_suspend_set_the_card_aside_and_say_so() -> None:
    for event, how in ((rs.Bury(), "bury"), (rs.Suspend(), "suspend")):
        state, effects = step(front(), event)
        assert state.phase is Phase.SAVING and effects == [rs.SetCardAside(how, card())]
        state, effects = step(state, rs.SetAside(how, card(), shown(2)))
        assert state.phase is Phase.FRONT and state.shown == shown(2) and state.can_undo
        assert state.answered == 0
        assert isinstance(effects[0], rs.Notify) and "vibrant" in effects[0].message


def test_undo_with_nothing_to_undo_says_so_and_its_key_is_disabled() -> None:
    state = front()
    assert allowed(state, "undo") is None
    assert step(state, rs.Undo()) == (state, [rs.Notify("Nothing to undo in this session.")])


def test_undo_brings_the_answered_card_back() -> None:
    saving, _ = step(back(), rs.Rate(Rating.GOOD))
    state, _ = step(saving, rs.Answered(None, shown(2)))
    assert allowed(state, "undo") is True
    state, effects = step(state, rs.Undo())
    assert state.phase is Phase.SAVING and effects == [rs.UndoLast()]
    state, effects = step(state, rs.Undone("answer", shown(1), more=False))
    assert state.phase is Phase.FRONT and state.shown == shown(1)
    assert state.answered == 0 and not state.can_undo
    assert rs.Notify("Undone: answer to vibrant (meaning card)") in effects


def test_undo_from_the_summary_and_an_undo_that_found_nothing() -> None:
    done, _ = step(State(can_undo=True), rs.Loaded(SUMMARY))
    state, _ = step(done, rs.Undo())
    assert state.phase is Phase.SAVING
    state, _ = step(state, rs.Undone(None, None, more=False))
    assert state.phase is Phase.DONE and not state.can_undo


def test_a_failed_call_gives_the_card_back_as_it_was() -> None:
    at_back = back()
    saving, _ = step(at_back, rs.Rate(Rating.GOOD))
    state, _ = step(saving, rs.Failed())
    assert state.phase is Phase.BACK and state.shown == at_back.shown and state.pending is None
    grading, _ = step(front(CardKind.CONTEXT), rs.SubmitTyped("x"))
    state, _ = step(grading, rs.Failed())
    assert state.phase is Phase.FRONT and state.typed is None
    # Not busy: a failure of something else changes nothing.
    assert step(at_back, rs.Failed()) == (at_back, [])


def test_info_shows_the_card_on_screen_and_changes_nothing() -> None:
    state = back()
    assert state.shown is not None
    assert step(state, rs.Info()) == (state, [rs.ShowInfo(state.shown.card.card_id)])


def test_edit_opens_the_editor_and_a_saved_edit_replaces_the_note() -> None:
    state = back()
    assert step(state, rs.Edit()) == (state, [rs.OpenEditor(state.shown, None)])
    edited = card()
    state, effects = step(state, rs.EditSaved(edited))
    assert state.phase is Phase.BACK and state.shown.card is edited
    assert rs.Notify("Saved vibrant") in effects
    other, effects = step(state, rs.EditSaved(card(7)))
    assert other is state and effects == []


def test_results_that_arrive_in_the_wrong_phase_are_ignored() -> None:
    state = front()
    for event in (
        rs.Answered(None, shown(2)),
        rs.Undone("answer", shown(2), more=False),
        rs.SetAside("bury", card(), shown(2)),
        rs.Graded(Grade(Verdict.RIGHT, "vibrant", "vibrant")),
        rs.Loaded(shown(3)),
    ):
        assert step(state, event) == (state, [])


@pytest.mark.parametrize(
    ("phase", "live"),
    [
        (Phase.LOADING, set()),
        (Phase.FRONT, {"reveal", "bury", "suspend", "edit", "info"}),
        (Phase.GRADING, set()),
        (Phase.BACK, {"accept", "rate", "bury", "suspend", "edit", "info"}),
        (Phase.SAVING, set()),
        (Phase.DONE, {"accept", "quiz"}),
    ],
)
def test_the_keys_the_table_allows_in_each_phase(phase: Phase, live: set[str]) -> None:
    state = State(phase=phase, shown=None if phase is Phase.DONE else shown())
    keys = {a for a in rs.ACTIONS if allowed(state, a)}
    assert keys == live
    undo = allowed(state, "undo")
    assert undo is (None if phase in (Phase.FRONT, Phase.BACK, Phase.DONE) else False)
    assert allowed(state, "back") is True  # not the session's: always


def test_hint_only_on_the_front_of_a_typed_card() -> None:
    assert allowed(front(CardKind.RECALL), "hint") is True
    assert allowed(front(CardKind.MEANING), "hint") is False
    assert allowed(front(CardKind.RECALL), "reveal") is False


def test_the_review_screen_is_a_thin_view_whose_keys_read_the_table() -> None:
    """The screen renders the state and runs effects (under 300 lines); every key it binds
    has its action, and its guard is the one that reads the transition table."""
    from pathlib import Path

    from flashcards.tui.screens import review
    from flashcards.tui.screens.review import ReviewScreen
    from flashcards.tui.screens.review_keys import BINDINGS, ReviewKeys

    lines = Path(review.__file__).read_text(encoding="utf-8").count("\n")
    assert lines < 300, f"tui/screens/review.py has {lines} lines"
    assert ReviewScreen.check_action is ReviewKeys.check_action
    for binding in BINDINGS:
        action = getattr(binding, "action", "").split("(")[0]
        assert callable(getattr(ReviewScreen, f"action_{action}", None)), action
