"""The Textual app: screens, widgets and styles. It talks only to the services.

Importing this package does not import Textual; `flashcards.tui.app` does.
"""
