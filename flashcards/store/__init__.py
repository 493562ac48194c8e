"""Storage on SQLite: the one package that speaks SQL (the standard sqlite3 driver on the daily
path; SQLModel to create and migrate). Importing it loads nothing: `Store` is loaded when
first used, so that `flashcards --help` opens no database code. What an import did
(`ImportReport`) is the domain's (flashcards.domain)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flashcards.store.repository import Store

__all__ = ["Store"]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from flashcards.store.repository import Store

        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
