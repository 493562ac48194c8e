"""The start-up baseline: a bare Textual app showing one Static, and nothing else.

python bench/bare_app.py TEXT
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    """One Static with the text it is given."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(self.text)


if __name__ == "__main__":
    Bare(sys.argv[1]).run()
