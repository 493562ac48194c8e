"""The Anki round trip: our schedules and review log carried into Anki packages and Anki
collections, and what was done in Anki brought back and merged into one history."""

from pathlib import Path

__all__ = ["PACKAGE_SUFFIXES", "is_package"]

#: The files `flashcards import` reads as Anki packages.
PACKAGE_SUFFIXES = (".apkg", ".colpkg")


def is_package(path: str | Path) -> bool:
    """Whether `flashcards import` reads this file as an Anki package (by its name): known
    without loading the round trip."""
    return Path(path).suffix.lower() in PACKAGE_SUFFIXES
