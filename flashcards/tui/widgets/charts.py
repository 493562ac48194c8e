"""Charts drawn with block characters: columns over days, and horizontal bars.

Both are plain widgets that render Content, so they need no colour to be read (NO_COLOR):
the height of a column or the length of a bar carries the number, and the numbers are
printed beside them.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

LEVELS = " ▁▂▃▄▅▆▇█"
WIDTHS = " ▏▎▍▌▋▊▉█"
BAR = "$accent"
AXIS = "$text-muted"


def column_rows(values: Sequence[int], height: int, width: int) -> list[str]:
    """Rows of a column chart, top first: each value a column of eighth blocks.

    `width` is the room for the columns; each column gets the same whole number of cells
    (at least one), the last of which is a gap when there are two or more.
    """
    if not values or height <= 0 or width <= 0:
        return []
    top = max(max(values), 1)
    cell = max(1, min(3, width // len(values)))
    bar = cell - 1 if cell > 1 else 1
    gap = " " * (cell - bar)
    rows = []
    for row in range(height - 1, -1, -1):
        line = []
        for value in values:
            eighths = round(value / top * height * 8)
            level = max(0, min(8, eighths - row * 8))
            if value > 0 and row == 0 and level == 0:
                level = 1  # a non-zero value is never invisible
            line.append(LEVELS[level] * bar + gap)
        rows.append("".join(line))
    return rows


class ColumnChart(Widget):
    """A column per value (a day), scaled to the highest, with the scale on the left and
    the first and last labels underneath."""

    DEFAULT_CSS = """
    ColumnChart { height: 7; }
    """

    values: reactive[tuple[int, ...]] = reactive((), layout=True)
    labels: reactive[tuple[str, str]] = reactive(("", ""))

    def __init__(
        self,
        values: Sequence[int] = (),
        labels: tuple[str, str] = ("", ""),
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(ColumnChart.values, tuple(values))
        self.set_reactive(ColumnChart.labels, labels)

    def update(self, values: Sequence[int], labels: tuple[str, str] = ("", "")) -> None:
        self.values = tuple(values)
        self.labels = labels

    def render(self) -> Content:
        values = self.values
        if not values:
            return Content.styled("no data", AXIS)
        top = max(values)
        axis = max(len(str(top)), 1) + 1
        height = max(1, self.size.height - 1)
        rows = column_rows(values, height, max(1, self.size.width - axis - 1))
        out: list[Content] = []
        for i, row in enumerate(rows):
            last_row = i == len(rows) - 1
            mark = "0" if last_row else (str(top) if i == 0 and top > 0 else "")
            out.append(Content.assemble((mark.rjust(axis - 1) + " │", AXIS), (row, BAR)))
        first, last = self.labels
        chart_width = len(rows[0]) if rows else 0
        room = max(0, chart_width - len(first) - len(last))
        out.append(Content.styled(" " * (axis + 1) + first + " " * room + last, AXIS))
        return Content("\n").join(out)


class BarList(Widget):
    """Labelled horizontal bars, one a line, scaled to the largest value."""

    DEFAULT_CSS = """
    BarList { height: auto; }
    """

    items: reactive[tuple[tuple[str, int], ...]] = reactive((), layout=True)

    def update(self, items: Sequence[tuple[str, int]]) -> None:
        self.items = tuple(items)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.items))

    def render(self) -> Content:
        items = self.items
        if not items:
            return Content.styled("no data", AXIS)
        label_width = max(len(label) for label, _ in items)
        number_width = max(len(str(value)) for _, value in items)
        room = max(1, self.size.width - label_width - number_width - 3)
        top = max(max(value for _, value in items), 1)
        out = []
        for label, value in items:
            eighths = round(value / top * room * 8)
            full, part = divmod(eighths, 8)
            bar = "█" * full + (WIDTHS[part] if part else "")
            if value and not bar:
                bar = "▏"
            out.append(
                Content.assemble(
                    (label.ljust(label_width), "bold"),
                    " ",
                    (bar.ljust(room), BAR),
                    " ",
                    str(value).rjust(number_width),
                )
            )
        return Content("\n").join(out)
