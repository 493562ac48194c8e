"""The screens of the flashcards app, one module each."""
