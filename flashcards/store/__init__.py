"""Storage on SQLite through sqlmodel: the one package that speaks SQL."""

from flashcards.store.importer import ImportReport
from flashcards.store.repository import Store

__all__ = ["ImportReport", "Store"]
