"""`@frozen`: a frozen dataclass that costs little to define.

`@dataclass(frozen=True)` compiles six methods from source text for every class it makes
(about 1.3 ms a class here), and the review's first card imports dozens of them. `@frozen`
makes a real dataclass (`dataclasses.fields`, `replace` and `asdict` work on it, and type
checkers see a frozen dataclass) with one generated method, `__init__`; equality, hashing,
`repr` and the refusal to be changed are shared functions that read the class's field names.
They behave as a frozen dataclass's do: equal when of the same class with equal fields,
hashed by those fields, shown as `Name(field=value, ...)`, and `FrozenInstanceError` on any
assignment or deletion.

A `@dataclass(frozen=True)` may extend a `@frozen` class (its introspection says frozen).
Supported: plain fields with or without defaults, `field(default=..., default_factory=...,
repr=..., compare=..., kw_only=...)`, `kw_only=True`, and inheritance from another `@frozen`
class. Refused, loudly: `__post_init__`, `InitVar` and `ClassVar` fields, and `field(hash=...)`.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")

_set = object.__setattr__


class _Factory:
    """The default of a field made by its factory, as a signature shows it."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _key(names: tuple[str, ...]) -> Callable[[object], tuple[Any, ...]]:
    """The tuple of an object's `names` attributes, in order."""
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        (name,) = names
        return lambda obj: (getattr(obj, name),)
    return operator.attrgetter(*names)


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    key = self.__class__.__frozen_key__
    return key(self) == key(other)


def _hash(self: Any) -> int:
    return hash(self.__class__.__frozen_key__(self))


def _repr(self: Any) -> str:
    names = self.__class__.__frozen_shown__
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
    return f"{self.__class__.__qualname__}({shown})"


def _setattr(self: Any, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _init(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """An `__init__` taking the fields as the dataclass's would (positional, then keyword-only
    ones), setting each through `object.__setattr__`."""
    names: dict[str, Any] = {"__set": _set, "__factory": _FACTORY}
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    defaulted = False
    for f in fields:
        if f.name in ("self", "__set", "__factory"):
            raise TypeError(f"{cls.__name__}: a field may not be named {f.name!r}")
        value = f.name
        if f.default is not dataclasses.MISSING:
            names[f"__default_{f.name}"] = f.default
            parameter = f"{f.name}=__default_{f.name}"
        elif f.default_factory is not dataclasses.MISSING:
            names[f"__factory_{f.name}"] = f.default_factory
            parameter = f"{f.name}=__factory"
            value = f"__factory_{f.name}() if {f.name} is __factory else {f.name}"
        else:
            parameter = f.name
            if defaulted and not f.kw_only:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
        defaulted = defaulted or (parameter != f.name and not f.kw_only)
        (keyword if f.kw_only else positional).append(parameter)
        body.append(f"    __set(self, {f.name!r}, {value})")
    if keyword:
        positional += ["*", *keyword]
    text = f"def __init__(self, {', '.join(positional)}):\n" + ("\n".join(body) or "    pass")
    exec(text, names)
    init: Callable[..., None] = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = {**{f.name: f.type for f in fields}, "return": None}
    return init


def _make(cls: type[T], kw_only: bool) -> type[T]:
    for name in ("__post_init__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        if name in cls.__dict__ and not (name == "__hash__" and cls.__dict__[name] is None):
            raise TypeError(f"{cls.__name__}: @frozen makes {name} itself")
    # Only under a frozen base does dataclass insist on making (by exec) the frozen methods,
    # which are then replaced like the others.
    under_frozen = any(
        getattr(getattr(base, "__dataclass_params__", None), "frozen", False)
        for base in cls.__mro__[1:]
    )
    dataclasses.dataclass(init=False, repr=False, eq=False, frozen=under_frozen, kw_only=kw_only)(
        cls
    )
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if len(fields) != len(cls.__dataclass_fields__):  # type: ignore[attr-defined]
        raise TypeError(f"{cls.__name__}: @frozen takes no ClassVar or InitVar fields")
    if any(f.hash is not None for f in fields):
        raise TypeError(f"{cls.__name__}: @frozen hashes the compared fields; no field(hash=)")
    if any(not f.init for f in fields):
        raise TypeError(f"{cls.__name__}: @frozen sets every field in __init__")
    made: dict[str, object] = {
        "__frozen_key__": staticmethod(_key(tuple(f.name for f in fields if f.compare))),
        "__frozen_shown__": tuple(f.name for f in fields if f.repr),
        "__init__": _init(cls, fields),
        "__eq__": _eq,
        "__hash__": _hash,
        "__setattr__": _setattr,
        "__delattr__": _delattr,
    }
    if "__repr__" not in cls.__dict__:  # a class that writes its own keeps it, as with dataclass
        made["__repr__"] = _repr
    for name, value in made.items():
        setattr(cls, name, value)
    # What the class now is, for dataclasses and for a @dataclass(frozen=True) extending it
    # (which refuses a base that is not frozen).
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    params.init = params.repr = params.eq = params.frozen = True
    return cls


@overload
def frozen(cls: type[T], /) -> type[T]: ...


@overload
def frozen(*, kw_only: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True)
def frozen(
    cls: type[T] | None = None, /, *, kw_only: bool = False
) -> type[T] | Callable[[type[T]], type[T]]:
    """Make `cls` a frozen dataclass (see the module's docstring); `@frozen` or
    `@frozen(kw_only=True)`."""
    if cls is None:
        return lambda c: _make(c, kw_only)
    return _make(cls, kw_only)
