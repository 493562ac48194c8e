"""A one-line stand-in for Textual's Header, drawn in a review's first frame.

Textual's Header is four widgets, each with its own styles to parse, match and lay out; the
first card is on screen sooner without them. The stand-in takes the header's place and draws
its line as the Header lays it out (the icon, then the title centred between the icon and
the clock's space); the screen swaps in the real Header right after that frame.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

#: The Header's parts beside its title: the icon (8 columns, one of padding) and the space
#: its clock would take (10).
ICON = " ⭘      "
CLOCK_SPACE = 10


class HeaderStandIn(Widget):
    """The header's line, as one widget."""

    DEFAULT_CSS = """
    HeaderStandIn {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def render(self) -> Content:
        screen, app = self.screen, self.app
        title = app.format_title(
            screen.title if screen.title is not None else app.title,
            screen.sub_title if screen.sub_title is not None else app.sub_title,
        )
        room = max(self.size.width - len(ICON) - CLOCK_SPACE, 0)
        if title.cell_length > room:
            title = title.truncate(room, ellipsis=True)
        left = (room - title.cell_length) // 2
        return Content.assemble(ICON, " " * left, title)
