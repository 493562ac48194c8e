"""The answer box of a typed card: an Input that leaves ctrl+e to the review screen."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.widgets import Input

#: The keys the review screen needs while the learner types (ctrl+e edits the note); the
#: Input's own use of them goes (End still goes to the end).
SCREEN_KEYS = frozenset({"ctrl+e"})


def _without(bindings: Iterable[BindingType], taken: frozenset[str]) -> list[BindingType]:
    """`bindings` with the keys in `taken` left out (a binding left with no key goes)."""
    kept: list[BindingType] = []
    for item in bindings:
        binding = item if isinstance(item, Binding) else Binding(*item)
        keys = [k.strip() for k in binding.key.split(",") if k.strip() not in taken]
        if keys:
            kept.append(replace(binding, key=",".join(keys)))
    return kept


class AnswerInput(Input, inherit_bindings=False):
    """Input's keys but ctrl+e (go to the end, as End does), which the review screen takes
    to edit the note: with the Input's ctrl+e in the way, the screen's would have to be a
    priority binding, and the footer would list it first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *ScrollableContainer.BINDINGS,
        *_without(Input.BINDINGS, SCREEN_KEYS),
    ]
