"""The review's first frame draws the header with a stand-in: its line is the Header's."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header

from flashcards.tui.widgets.header import HeaderStandIn


class _Titled(Screen[None]):
    def __init__(self, header: type[Widget], sub_title: str) -> None:
        super().__init__()
        self.header = header
        self.sub_title = sub_title

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False) if self.header is Header else HeaderStandIn()


class _Probe(App[None]):
    TITLE = "flashcards"

    def __init__(self, header: type[Widget], sub_title: str) -> None:
        super().__init__()
        self.screen_made = _Titled(header, sub_title)

    def on_mount(self) -> None:
        self.push_screen(self.screen_made)


#: A cell as the terminal shows it: its character, colours and weight.
Cell = tuple[str, object, object, bool, bool]


async def _top_line(header: type[Widget], width: int, sub_title: str) -> list[Cell]:
    app = _Probe(header, sub_title)
    async with app.run_test(size=(width, 5)) as pilot:
        await pilot.pause()
        strip = app.screen._compositor.render_strips()[0]
        cells: list[Cell] = []
        for seg in strip:
            style = seg.style
            assert style is not None
            for char in seg.text:
                if char == " ":  # a blank shows only its background
                    cells.append((char, None, style.bgcolor, False, False))
                else:
                    cells.append(
                        (char, style.color, style.bgcolor, bool(style.dim), bool(style.bold))
                    )
        return cells


@pytest.mark.parametrize(("width", "sub_title"), [(100, "Review"), (60, "Review"), (30, "Review")])
async def test_the_stand_in_draws_the_headers_line(width: int, sub_title: str) -> None:
    header = await _top_line(Header, width, sub_title)
    stand_in = await _top_line(HeaderStandIn, width, sub_title)
    assert "".join(cell[0] for cell in header).strip(), "the header drew nothing"
    assert stand_in == header
