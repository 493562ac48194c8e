"""Errors a user can cause. The command line prints them as one line, without a traceback."""


class FlashcardsError(Exception):
    """An error whose message is meant for the learner."""


class DocumentError(FlashcardsError):
    """A source document that cannot be read or understood."""

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.reason = message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


class StoreError(FlashcardsError):
    """A database that cannot be opened, migrated or written."""


class ExportError(FlashcardsError):
    """An export that cannot be written: nothing to export, or a path that cannot be written."""
