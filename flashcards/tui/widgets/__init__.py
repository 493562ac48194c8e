"""Widgets of the flashcards app."""
