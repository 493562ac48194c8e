"""The command palette's main actions: review, quiz, browse, statistics, import, home, help."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from flashcards.tui.app import FlashcardsApp


class MainCommands(Provider):
    """The app's main actions, on the deck highlighted at home (or every deck)."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = cast("FlashcardsApp", self.app)
        deck = app.current_deck_id
        commands: list[tuple[str, str, Callable[[], object]]] = [
            ("Review", "Review today's cards", partial(app.open_review, deck)),
            ("Quiz", "A quiz on the talk's sentences", partial(app.open_quiz, deck)),
            (
                "Quiz, typed",
                "A quiz where you type the words",
                partial(app.open_quiz, deck, typed=True),
            ),
            ("Browse", "Browse, search and edit the words", partial(app.open_browse, deck)),
            ("Statistics", "Charts of your progress", partial(app.open_stats, deck)),
            ("Import", "Import a vocabulary document", app.open_import),
            ("Home", "Back to the list of decks", app.go_home),
            ("Help", "Keys and what this screen is for", app.action_help),
        ]
        if app.services.can_export:
            commands.insert(5, ("Export", "Export to Anki (.apkg)", partial(app.open_export, deck)))
        return commands

    async def discover(self) -> Hits:
        for name, help_text, command in self._commands():
            yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, command in self._commands():
            score = max(matcher.match(name), matcher.match(help_text) * 0.8)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, text=name, help=help_text)
