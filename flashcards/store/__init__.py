"""Storage on SQLite through sqlmodel: the one package that speaks SQL."""

from flashcards.store.repository import ImportReport, Store

__all__ = ["ImportReport", "Store"]
