"""Reading vocabulary documents into domain objects and warnings. Knows nothing of the database."""

from flashcards.documents.parser import parse_document, read_document

__all__ = ["parse_document", "read_document"]
