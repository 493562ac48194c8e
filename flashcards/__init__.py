"""flashcards: a spaced-repetition vocabulary trainer for English learners."""

__version__ = "0.1.0"
