"""`@frozen` behaves as `@dataclass(frozen=True)` does, for everything the program uses."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from dataclasses import FrozenInstanceError, dataclass, field

import pytest

from flashcards import review_session, study_types
from flashcards.domain.values import frozen


@frozen
class Point:
    """A value with a required field, a default and a factory."""

    x: int
    label: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RealPoint:
    """The same, as a real frozen dataclass."""

    x: int
    label: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)


@frozen
class Empty:
    """A value without fields."""


@frozen
class AlsoEmpty:
    """Another value without fields."""


@frozen(kw_only=True)
class Labelled(Point):
    """Inherits Point's fields and adds a keyword-only one."""

    weight: float = 1.0


@frozen
class Quiet:
    """A field left out of equality and of the repr."""

    shown: int
    hidden: int = field(default=0, compare=False, repr=False)


@frozen
class Pickled:
    """Defined at module level, so that pickle finds it."""

    a: int
    b: str = "b"


def test_it_is_a_real_dataclass_with_the_same_fields_and_signature() -> None:
    assert dataclasses.is_dataclass(Point)
    assert [(f.name, f.type) for f in dataclasses.fields(Point)] == [
        (f.name, f.type) for f in dataclasses.fields(RealPoint)
    ]
    assert Point.__match_args__ == RealPoint.__match_args__ == ("x", "label", "tags")
    assert str(inspect.signature(Point)) == str(inspect.signature(RealPoint))


def test_construction_equality_hash_and_repr_match_a_frozen_dataclass() -> None:
    for args, kwargs in [((1,), {}), ((1, "a"), {}), ((2,), {"tags": ("t",)}), ((), {"x": 3})]:
        ours, real = Point(*args, **kwargs), RealPoint(*args, **kwargs)
        assert repr(ours) == repr(real).replace("RealPoint", "Point")
        assert dataclasses.astuple(ours) == dataclasses.astuple(real)
        assert dataclasses.asdict(ours) == dataclasses.asdict(real)
        same = Point(*args, **kwargs)
        assert ours == same and (ours != same) is False and hash(ours) == hash(same)
        assert hash(ours) == hash(real)  # both hash the tuple of the fields
    assert Point(1) != Point(2)
    assert Point(1) != RealPoint(1)  # another class is never equal, as with dataclasses
    assert Point(1).__eq__(1) is NotImplemented
    assert Empty() == Empty() and Empty() != AlsoEmpty() and hash(Empty()) == hash(())
    assert Point(1).tags == () and Point(1).tags is Point(2).tags  # the factory's value
    assert len({Point(1), Point(1), Point(2)}) == 2


def test_wrong_arguments_are_refused_as_a_dataclass_refuses_them() -> None:
    for call in (
        lambda cls: cls(),
        lambda cls: cls(1, "a", (), 4),
        lambda cls: cls(1, y=2),
        lambda cls: cls(1, x=1),
    ):
        with pytest.raises(TypeError):
            call(RealPoint)
        with pytest.raises(TypeError):
            call(Point)


def test_it_cannot_be_changed() -> None:
    point = Point(1)
    with pytest.raises(FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        point.other = 2  # type: ignore[attr-defined]
    with pytest.raises(FrozenInstanceError):
        del point.x  # type: ignore[misc]
    assert point == Point(1)


def test_replace_copy_and_pickle() -> None:
    point = Point(1, "a", ("t",))
    moved = dataclasses.replace(point, x=5)
    assert moved == Point(5, "a", ("t",)) and point == Point(1, "a", ("t",))
    assert copy.copy(point) == point and copy.deepcopy(point) == point
    value = Pickled(1)
    assert pickle.loads(pickle.dumps(value)) == value


def test_inheritance_keyword_only_fields_and_fields_left_out() -> None:
    labelled = Labelled(1, "a", weight=2.0)
    assert labelled == Labelled(x=1, label="a", weight=2.0) != Point(1, "a")
    assert repr(labelled) == "Labelled(x=1, label='a', tags=(), weight=2.0)"
    with pytest.raises(TypeError):
        Labelled(1, "a", (), 2.0)  # type: ignore[misc]
    assert Quiet(1, 2) == Quiet(1, 3) and hash(Quiet(1, 2)) == hash(Quiet(1, 3))
    assert repr(Quiet(1, 2)) == "Quiet(shown=1)"


@dataclass(frozen=True, kw_only=True)
class Extended(Point):
    """A real frozen dataclass extending a @frozen one, as the store's views extend Schedule."""

    extra: int = 0


def test_a_frozen_dataclass_can_extend_it() -> None:
    assert Point.__dataclass_params__.frozen  # type: ignore[attr-defined]
    extended = Extended(1, extra=2)
    assert extended == Extended(1, "", (), extra=2) != Extended(1, extra=3)
    assert hash(extended) == hash(Extended(1, extra=2))
    assert repr(extended) == "Extended(x=1, label='', tags=(), extra=2)"
    with pytest.raises(FrozenInstanceError):
        extended.x = 3  # type: ignore[misc]
    assert dataclasses.replace(extended, extra=4).extra == 4


def test_what_it_does_not_make_is_refused() -> None:
    with pytest.raises(TypeError, match="__post_init__"):

        @frozen
        class Checked:
            a: int

            def __post_init__(self) -> None:
                pass

    with pytest.raises(TypeError, match="__eq__"):

        @frozen
        class Compared:
            a: int

            def __eq__(self, other: object) -> bool:
                return True

    with pytest.raises(TypeError, match="hash"):

        @frozen
        class Hashed:
            a: int = field(hash=False)

    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):

        @frozen
        class Misordered:  # the message a dataclass gives
            a: int = 0
            b: int  # type: ignore[misc]


def test_the_review_values_are_made_without_a_frozen_dataclass_each() -> None:
    # A frozen dataclass costs the first card about a millisecond a class: the review's
    # events, effects and the study service's results are @frozen instead.
    for module in (review_session, study_types):
        values = [
            v
            for v in vars(module).values()
            if isinstance(v, type)
            and v.__module__ == module.__name__
            and dataclasses.is_dataclass(v)
        ]
        assert len(values) >= 8, module
        made = [v for v in values if "__frozen_key__" in vars(v)]
        others = [v.__name__ for v in values if v not in made]
        assert others in ([], ["DayPlan"]), module  # DayPlan changes: a plain dataclass
