"""The study calls of a review screen, each run in a worker thread.

Each method does one effect of `flashcards.review_session` against the study service and
returns what the event that follows needs, with the card's text drawn (drawing a card loads
syllables and word forms, which is slow the first time: not on the app's thread).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, TypeAlias

from textual.content import Content

from flashcards import review_session as rs
from flashcards.review_session import Shown
from flashcards.text.grading import Grade
from flashcards.tui import render
from flashcards.tui.widgets.session import summary_body

if TYPE_CHECKING:
    from flashcards.study import SessionSummary, Study, StudyCard
    from flashcards.study_types import Outlook
    from flashcards.tui.services import Services

#: A card to show with its front drawn; what comes after a study call: that, or the summary.
Drawn: TypeAlias = tuple[Shown, Content]
Following: TypeAlias = "Drawn | SessionSummary"


def draw_back(card: StudyCard, grade: Grade | None = None) -> Content:
    """The back of a card (with the grade of a typed answer)."""
    return render.back(card.note, sentence=card.sentence, title=card.title, grade=grade)


class ReviewJobs:
    """One review session's calls to the study service (made once the app is ready)."""

    def __init__(self, services: Services, deck_id: int | None) -> None:
        self.services = services
        self.deck_id = deck_id
        self.study: Study | None = None
        self.outlook: Outlook | None = None  # what comes after today, once the day is done
        #: How many of the study service's undoable actions each of the learner's was (a
        #: bury can bury the word's other cards too), most recent last.
        self._actions: list[int] = []

    def start(self) -> Following:
        looked_ahead = self.services.first_review(self.deck_id)
        if looked_ahead is not None:
            self.study, card = looked_ahead
            return self.showing(card)
        self.services.prepare()  # the first run's bundled decks, if still loading
        self.study = self.services.study(self.deck_id)
        return self.following()

    @property
    def can_undo(self) -> bool:
        return self.study is not None and self.study.can_undo

    def _study(self) -> Study:
        assert self.study is not None, "the session has not started"
        return self.study

    def following(self) -> Following:
        """The next card, drawn, or the day's summary."""
        return self.showing(self._study().next_card())

    def showing(self, card: StudyCard | None) -> Following:
        """`card` drawn, or (None: no card left) the day's summary."""
        study = self._study()
        if card is not None:
            return self.drawn(card)
        self.outlook = study.outlook()
        return study.summary()

    def finished(self, summary: SessionSummary) -> Content:
        """The day's summary, with what comes after it."""
        zone = self.study.zone if self.study else None
        return summary_body(summary, self.outlook, zone)

    def drawn(self, card: StudyCard) -> Drawn:
        study = self._study()
        shown = Shown(card, study.counts(), study.intervals(card))
        return shown, render.front(card.kind, card.note, card.blanked)

    def grade(self, card: StudyCard, typed: str) -> tuple[Grade, Content]:
        graded = self._study().grade(card, typed)
        return graded, draw_back(card, graded)

    def answer(self, answer: rs.Answer) -> tuple[str | None, Following]:
        result = self._study().answer(
            answer.card,
            answer.rating,
            typed=answer.typed,
            grade=answer.grade,
            duration_ms=answer.duration_ms,
        )
        self._actions.append(1)
        return result.message, self.following()

    def undo(self) -> tuple[str | None, Drawn | None, bool]:
        """What was undone, its card drawn (None: nothing), and whether more can be."""
        study = self._study()
        steps = self._actions.pop() if self._actions else 1
        try:
            while steps > 1:  # the siblings a bury passed over, first
                study.undo()
                steps -= 1
            what = study.last_action
            card = study.undo()
        except Exception:
            self._actions.append(steps)
            raise
        return what, None if card is None else self.drawn(card), study.can_undo

    def set_aside(self, effect: rs.SetCardAside) -> Following:
        self._actions.append(self._study().set_aside(effect.card, effect.how))
        return self.following()

    def save_edit(
        self, card: StudyCard, grade: Grade | None, fields: dict[str, str]
    ) -> tuple[StudyCard, Content, Content]:
        """Run by the note editor in a thread: the note saved, the card drawn again."""
        note = self.services.library.edit_note(card.note.id, now=self.services.clock(), **fields)
        edited = replace(card, note=note)
        return edited, render.front(card.kind, note, card.blanked), draw_back(edited, grade)
