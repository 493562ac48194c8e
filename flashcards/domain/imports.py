"""What an import did to a deck, and its warnings grouped for reading: plain data, computed
by the importer and shown by the command line and the app."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from flashcards.domain.models import Issue
from flashcards.domain.values import frozen


@dataclass
class ImportReport:
    """What an import did to a deck."""

    deck: str
    created_deck: bool = False
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)  # kept, but no longer in the document
    returned: list[str] = field(default_factory=list)  # back in the document
    kept_edits: list[str] = field(default_factory=list)  # the learner's edits, kept
    cards_added: int = 0
    cards_retired: int = 0
    contexts: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.created_deck
            or self.added
            or self.updated
            or self.returned
            or self.missing
            or self.cards_added
            or self.cards_retired
        )

    @property
    def notes(self) -> int:
        """The notes of the document, in the deck now."""
        return len(self.added) + len(self.updated) + len(self.returned) + self.unchanged


@frozen
class IssueGroup:
    """The warnings that say the same thing: where (line, word) each one is."""

    message: str
    places: tuple[tuple[int, str], ...]  # (line, word); line 0 when the file has no line


def grouped_issues(issues: Iterable[Issue]) -> list[IssueGroup]:
    """Warnings grouped by what they say, in the order each kind first appears, each group's
    places in line order."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for issue in issues:
        groups.setdefault(issue.message, []).append((issue.line, issue.word))
    return [IssueGroup(message, tuple(sorted(places))) for message, places in groups.items()]


def short_name(path: str) -> str:
    """A file's name without its folders (the path itself when it has no name)."""
    return PurePath(path).name or path
