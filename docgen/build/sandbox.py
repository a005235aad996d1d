"""Jinja's sandbox stops attribute escapes; this one also bounds the work a template asks for.

A template is a user's file: `{{ 'A' * 10**10 }}`, `{{ 'x'|center(10**9) }}` or two
nested `range(100000)` loops are legal Jinja and would take gigabytes or hours.
Here every `*`, `**` and `%` is sized before it runs, a number passed to a filter
or a string method is held to a width, every loop iteration counts against one
budget for the whole render, and the rendered text of a part has a size cap.
Past any of these the render ends with `TooCostly`.
"""

from __future__ import annotations

import re

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

MAX_TEXT = 10_000_000  # characters: a rendered part, or one value a template computes
MAX_LOOPS = 200_000  # loop iterations in one render, all loops together
MAX_WIDTH = 10_000  # a number given to a filter or a string method (widths, counts)
MAX_POWER_BITS = 4096  # `a ** b` results
_WIDE_FORMAT = re.compile(r"\d{6,}")  # a width of a million or more in a format string
_LOOP = "_docgen_counted_loop"


class TooCostly(SecurityError):
    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


def _size(value) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else 0


class BoundedSandbox(SandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**", "%", "+"])

    def __init__(self, **kw):
        super().__init__(**kw)
        self.loops = 0
        self.globals[_LOOP] = self._counted
        self.filters = {name: self._bounded_filter(name, f) for name, f in self.filters.items()}
        self.concat = self._bounded_concat  # Template.render joins a part's output with it

    # -- loops ---------------------------------------------------------------------------
    def _generate(self, source, name, filename, defer_init=False):
        for loop in source.find_all(nodes.For):  # every loop iterates through the counter
            loop.iter = nodes.Call(nodes.Name(_LOOP, "load"), [loop.iter], [], None, None, lineno=loop.lineno)
        return super()._generate(source, name, filename, defer_init=defer_init)

    def _counted(self, iterable):
        for item in iterable:
            self.loops += 1
            if self.loops > MAX_LOOPS:
                raise TooCostly(f"loops > {MAX_LOOPS}")
            yield item

    # -- operators -----------------------------------------------------------------------
    def call_binop(self, context, operator, left, right):
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if _size(seq) and isinstance(n, int) and _size(seq) * n > MAX_TEXT:
                    raise TooCostly(f"len {_size(seq)} * {n}")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0 \
                    and abs(left) > 1 and right * abs(left).bit_length() > MAX_POWER_BITS:
                raise TooCostly(f"{left} ** {right}")
        elif operator == "%":
            if isinstance(left, str) and _WIDE_FORMAT.search(left):
                raise TooCostly("format width")
        elif operator == "+":
            if _size(left) + _size(right) > MAX_TEXT:
                raise TooCostly(f"len > {MAX_TEXT}")
        return super().call_binop(context, operator, left, right)

    # -- calls ---------------------------------------------------------------------------
    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 — Jinja's signature
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, (str, bytes, list, tuple)):
            name = getattr(__obj, "__name__", "")
            if name in _WIDTH_METHODS or name in _GROWING:
                _check(name, owner, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value):
        owner = getattr(value, "__self__", None)
        if isinstance(owner, str) and getattr(value, "__name__", "") in ("format", "format_map") \
                and _WIDE_FORMAT.search(owner):
            raise TooCostly("format width")
        return super().wrap_str_format(value)

    def _bounded_filter(self, name, func):
        skip = 1 if hasattr(func, "jinja_pass_arg") else 0  # context/environment comes first

        if name not in _WIDTH_FILTERS and name not in _GROWING:
            return func

        def bounded(*args, **kwargs):
            if len(args) > skip:
                _check(name, args[skip], args[skip + 1:], kwargs)
            return func(*args, **kwargs)
        if skip:
            bounded.jinja_pass_arg = func.jinja_pass_arg  # keep how Jinja calls it
        return bounded

    # -- output --------------------------------------------------------------------------
    @staticmethod
    def _bounded_concat(pieces) -> str:
        out, size = [], 0
        for piece in pieces:
            size += len(piece)
            if size > MAX_TEXT:
                raise TooCostly(f"output > {MAX_TEXT} characters")
            out.append(piece)
        return "".join(out)


# the calls whose numbers are widths or counts of what they make
_WIDTH_METHODS = frozenset(["center", "ljust", "rjust", "zfill", "expandtabs"])
_WIDTH_FILTERS = frozenset(["center", "indent", "truncate", "wordwrap", "batch", "slice"])
_GROWING = frozenset(["replace", "join", "indent", "format"])


def _check(name: str, value, args, kwargs) -> None:
    """Refuse a filter or string method whose result would be huge, before it runs."""
    params = [*args, *kwargs.values()]
    for v in params if name in _WIDTH_METHODS or name in _WIDTH_FILTERS else ():
        if isinstance(v, int) and not isinstance(v, bool) and abs(v) > MAX_WIDTH:
            raise TooCostly(f"{name}({v})")
    text = value if isinstance(value, str) else ""
    estimate = 0
    if name == "replace" and len(params) >= 2 and isinstance(params[0], str) and isinstance(params[1], str):
        old, new = params[0], params[1]
        estimate = len(text) + (text.count(old) if old else len(text) + 1) * len(new)
    elif name == "indent" and text:
        width = params[0] if params else 4
        width = len(width) if isinstance(width, str) else int(width or 0)
        estimate = len(text) + (text.count("\n") + 1) * width
    elif name == "join":
        if isinstance(value, (str, bytes)) and params:  # sep.join(items)
            sep, items = value, params[0]
        else:  # items|join(sep)
            sep, items = (params[0] if params else ""), value
        if isinstance(items, (str, list, tuple)):
            parts = len(items) if isinstance(items, str) else sum(_size(x) for x in items)
            estimate = _size(sep) * len(items) + parts
    elif name == "format" and isinstance(value, str) and _WIDE_FORMAT.search(value):
        raise TooCostly("format width")
    if estimate > MAX_TEXT:
        raise TooCostly(f"{name}: {estimate} characters")
