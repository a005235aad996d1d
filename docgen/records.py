"""Plain records: the model's and the profile's classes, printable and comparable.

What `@dataclass` would give them, written once here. Each class names its fields in
`__slots__` (or `_fields`) and writes its own `__init__`, which Python keeps compiled in
the .pyc; `@dataclass` builds its methods from source text at every start (~0.5 ms a
class, about 6 ms of a one-file `docgen check`).

Immutable records are `collections.namedtuple` subclasses (`class Marker(namedtuple(...))`,
fields listed in a comment): `typing.NamedTuple` under `from __future__ import annotations`
compiles each field's annotation at every start (~20 µs a field).
"""

from __future__ import annotations


class Record:
    """repr and == over the fields, `replace` and `as_dict` (as dataclasses.replace/asdict)."""

    __slots__ = ()

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return cls.__dict__.get("_fields") or cls.__slots__

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(
            f"{k}={getattr(self, k)!r}" for k in self.field_names()) + ")"

    def __eq__(self, other) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in self.field_names())

    __hash__ = None  # mutable: not a dict key (as @dataclass leaves it)

    def replace(self, **changes):
        """A copy with `changes` (the original is left as it is)."""
        names = self.field_names()
        unknown = changes.keys() - set(names)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        return type(self)(**{k: changes[k] if k in changes else getattr(self, k) for k in names})

    def as_dict(self) -> dict:
        """The fields as plain data, records inside turned into dicts too."""
        return {k: _plain(getattr(self, k)) for k in self.field_names()}


def _plain(value):
    if isinstance(value, Record):
        return value.as_dict()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        items = [_plain(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    return value
