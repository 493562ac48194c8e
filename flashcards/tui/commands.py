"""The command palette: what the current screen can do now (on the review screen: undo, bury,
suspend, edit), then the app's main actions (review, quiz, browse, statistics, import, export,
home, help), then Textual's own commands (theme, keys, screenshot, quit).

One provider gives them all, in that order: the palette runs its providers side by side, so
with Textual's own provider beside ours the two lists would come out interleaved at random.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from flashcards.tui.screens.base import BaseScreen, PaletteCommand

if TYPE_CHECKING:
    from flashcards.tui.app import FlashcardsApp


class MainCommands(Provider):
    """The screen's actions, the app's main actions, then Textual's system commands."""

    def _screen_commands(self) -> list[PaletteCommand]:
        screen = self.screen
        return screen.palette_commands() if isinstance(screen, BaseScreen) else []

    def _main_commands(self) -> list[PaletteCommand]:
        app = cast("FlashcardsApp", self.app)
        deck = app.current_deck_id
        commands: list[PaletteCommand] = [
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
        ]
        if app.services.can_export:
            commands.append(("Export", "Export to Anki (.apkg)", partial(app.open_export, deck)))
        commands += [
            ("Help", "Keys and what this screen is for", app.action_help),
            ("Home", "Back to the list of decks", app.go_home),
            ("Mine", "Words worth learning from any text or subtitle file", app.open_mine),
        ]
        return commands

    def _system_commands(self) -> list[tuple[PaletteCommand, bool]]:
        """Textual's own commands, sorted by name as Textual sorts them; with each, whether
        it is listed before anything is typed."""
        found = sorted(self.app.get_system_commands(self.screen), key=lambda c: c.title)
        return [((c.title, c.help, c.callback), c.discover) for c in found]

    def _commands(self) -> list[tuple[PaletteCommand, bool]]:
        ours = [*self._screen_commands(), *self._main_commands()]
        return [(command, True) for command in ours] + self._system_commands()

    async def discover(self) -> Hits:
        for (name, help_text, command), listed in self._commands():
            if listed:
                yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for (name, help_text, command), _ in self._commands():
            score = max(matcher.match(name), matcher.match(help_text) * 0.8)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, text=name, help=help_text)
