"""What the app is given to work with: the store and the services built on it.

The command line builds one `Services` (so nothing opens a database at import time) and hands
it to the app with a `Start` saying which screen to open. Tests build their own with a fixed
clock and fuzzing off. This module does not import Textual.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from flashcards.clock import utc_now
from flashcards.store import Store

if TYPE_CHECKING:  # the services that the first card does not need are imported when used
    from flashcards.domain import Document, ImportReport
    from flashcards.export import ExportReport
    from flashcards.library import Library
    from flashcards.mining.service import MineSession
    from flashcards.quiz import Quiz
    from flashcards.roundtrip.inbound import PackageImport
    from flashcards.study import Study, StudyCard

ScreenName = Literal["home", "review", "quiz"]


@dataclass(frozen=True)
class Start:
    """Where the app opens: home, or straight into a review or a quiz."""

    screen: ScreenName = "home"
    deck_id: int | None = None
    count: int | None = None  # None: the quiz's default
    typed: bool = False


@dataclass
class Services:
    """The store and the services the screens use, with the clock they share."""

    store: Store
    clock: Callable[[], datetime] = utc_now
    fuzz: bool = True
    day_hour: int | None = None
    zone: tzinfo | None = None
    seed: int | None = None  # quiz randomness; fixed in tests
    _rng: random.Random = field(init=False, repr=False)
    _preparing: threading.Lock = field(init=False, repr=False)
    _prepared: bool | None = field(init=False, repr=False, default=None)
    _ahead: _LookAhead | None = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._preparing = threading.Lock()

    @cached_property
    def library(self) -> Library:
        from flashcards.library import Library

        return Library(self.store, day_hour=self.day_hour, zone=self.zone)

    def study(self, deck_id: int | None) -> Study:
        """A review session over one deck (or every deck)."""
        from flashcards.study import Study

        return Study(
            self.store,
            deck_id,
            clock=self.clock,
            fuzz=self.fuzz,
            day_hour=self.day_hour,
            zone=self.zone,
        )

    def look_ahead(self, deck_id: int | None) -> None:
        """Start a review of `deck_id` in a thread: the database made ready, the session
        made, its first card found, while the app is still loading (most of that waits on
        SQLite, which lets the app's thread run). `first_review` hands it over."""
        ahead = self._ahead = _LookAhead(deck_id)
        threading.Thread(target=ahead.run, args=(self,), name="look-ahead", daemon=True).start()

    def first_card_found(self, deck_id: int | None) -> bool:
        """Whether a review of `deck_id` was looked ahead and found a card to show first
        (so that `first_review` returns it at once, with no database work left but its
        counts and intervals)."""
        ahead = self._ahead
        return ahead is not None and ahead.deck_id == deck_id and ahead.found_card()

    def first_review(self, deck_id: int | None) -> tuple[Study, StudyCard | None] | None:
        """The review of `deck_id` looked ahead, with its first card (None: no card today),
        once it is found; only once. None when no review of that deck was looked ahead. What
        went wrong there is raised here."""
        ahead = self._ahead
        if ahead is None or ahead.deck_id != deck_id:
            return None
        self._ahead = None
        return ahead.result()

    def quiz(self, deck_id: int | None, count: int | None = None) -> Quiz:
        """A new example-sentence quiz run (`count`: None for the quiz's default)."""
        from flashcards.quiz import DEFAULT_COUNT, Quiz

        return Quiz(
            self.store,
            deck_id,
            count=DEFAULT_COUNT if count is None else count,
            rng=random.Random(self._rng.random()),
        )

    def prepare(self) -> bool:
        """Make the database ready: on the first run (no deck at all), load the decks that
        ship with the program. Safe to call from several threads; the work is done once.
        True when this call (or an earlier one) loaded them."""
        with self._preparing:
            if self._prepared is None:
                self._prepared = False
                if self.store.is_empty():  # the importer is only imported when needed
                    from flashcards.importing import load_bundled_if_empty

                    self._prepared = load_bundled_if_empty(self.store, self.clock())
            return self._prepared

    def import_file(
        self, path: str | Path, deck: str | None = None
    ) -> tuple[Document, ImportReport]:
        """Import one document (all or nothing)."""
        from flashcards.importing import import_file

        return import_file(self.store, path, self.clock(), deck=deck)

    def import_package(self, path: str | Path) -> PackageImport:
        """Merge the answers (and edits) of an Anki package into the log (all or nothing)."""
        from flashcards.roundtrip.inbound import import_package

        return import_package(self.store, path, self.clock())

    @cached_property
    def mining(self) -> MineSession:
        """Mining texts for words worth learning (flashcards.mining, loaded when first used)."""
        from flashcards.mining.service import MineSession

        return MineSession(self.store, self.clock)

    @cached_property
    def can_export(self) -> bool:
        """Whether the Anki export service is installed (found without importing genanki)."""
        from importlib.util import find_spec

        try:
            return find_spec("flashcards.export.service") is not None
        except ImportError:
            return False

    def export_target(self, deck_id: int | None, folder: Path) -> Path:
        """Where an export goes unless the learner says otherwise: the deck's file name."""
        from flashcards.export import default_file_name

        decks = self.store.decks()
        chosen = [d for d in decks if d.id == deck_id] if deck_id is not None else decks
        return folder / default_file_name(chosen)

    def export(self, path: str | Path, deck_id: int | None = None) -> ExportReport:
        """Write an Anki package of one deck (or of every deck) to `path`."""
        from flashcards.export import export_deck

        return export_deck(self.store, Path(path), deck_id, now=self.clock())


class _LookAhead:
    """A review started in a thread of its own, and what came of it."""

    def __init__(self, deck_id: int | None) -> None:
        self.deck_id = deck_id
        self._done = threading.Event()
        self._review: tuple[Study, StudyCard | None] | None = None
        self._error: BaseException | None = None

    def run(self, services: Services) -> None:
        try:
            services.prepare()  # the first run's bundled decks, if the database has none
            study = services.study(self.deck_id)
            self._review = study, study.next_card()
        except BaseException as error:  # raised again where the review is taken
            self._error = error
        finally:
            self._done.set()

    def found_card(self) -> bool:
        return self._done.is_set() and self._review is not None and self._review[1] is not None

    def result(self) -> tuple[Study, StudyCard | None]:
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._review is not None
        return self._review
