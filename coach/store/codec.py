"""Fast record <-> dict conversion for the store, equal in result to ``Record.to_data/from_data``.

The generic codec in ``coach.domain.records`` inspects type hints on every call (~50 µs a record);
listing 20,000 records with it would take a second. Here each record class gets a converter built
once from the same hints, so a record costs a few microseconds. Every mutable value is copied, so a
record handed out never shares a list or dict with the store's cache. Tests check that both codecs
give equal results for every record kind.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any

from coach.domain import records as _records

_MISSING = object()
Converter = Callable[[Any], Any] | None
#: The highest revision a record may carry: every JSON reader holds it exactly (2^53 - 1), and a
#: save or a forget-client adding one can never overflow what the store writes (64 bits).
MAX_REV = 2**53 - 1


def json_copy(value: Any) -> Any:
    """A deep copy of JSON-shaped data (dicts, lists, scalars); dataclasses become dicts."""
    if isinstance(value, dict):
        return {str(k): json_copy(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_copy(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _records._to_data(value)
    return value


def _is_plain(hint: Any) -> bool:
    return hint in (str, int, float, bool, type(None)) or typing.get_origin(hint) is typing.Literal


def _union_args(hint: Any) -> tuple[Any, ...] | None:
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        return typing.get_args(hint)
    return None


# --- decoding: dict -> record ---------------------------------------------------------------
#
# Decoding checks what it keeps: a scalar of the wrong JSON type (``"amount": "lots"``), a list
# where an object belongs, a number inside a list of text … raises TypeError naming the field, so
# a hand-edited record is reported as damage by the repository instead of failing later, far from
# the file, in whatever code does arithmetic on it. The checks are type tests on values already
# in hand (a few percent of the decode time).

_NUMBER = (int, float)


def _plain_types(hint: Any) -> tuple[type, ...] | None:
    """The exact JSON value types a plain hint accepts (bool is never a number), or None."""
    if hint is float:
        return _NUMBER
    if hint in (str, int, bool, type(None)):
        return (hint,)
    if typing.get_origin(hint) is typing.Literal:
        return tuple(dict.fromkeys(type(v) for v in typing.get_args(hint)))
    args = _union_args(hint)
    if args is not None and all(_is_plain(a) for a in args):
        out: list[type] = []
        for a in args:
            out.extend(_plain_types(a) or ())
        return tuple(dict.fromkeys(out))
    return None


def _literal_values(hint: Any) -> tuple[Any, ...] | None:
    """The values a Literal (or Literal | None) allows; None when any value of the type will do."""
    if typing.get_origin(hint) is typing.Literal:
        return typing.get_args(hint)
    args = _union_args(hint)
    if args is not None and any(typing.get_origin(a) is typing.Literal for a in args):
        out: list[Any] = []
        for a in args:
            if typing.get_origin(a) is typing.Literal:
                out.extend(typing.get_args(a))
            elif a is type(None):
                out.append(None)
            else:
                return None  # Literal | str: any text will do
        return tuple(out)
    return None


def _expected(types: tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", bool: "true/false", type(None): "null"}
    if set(types) >= {int, float}:
        rest = [names[t] for t in types if t not in (int, float)]
        return " or ".join(["a number", *rest])
    return " or ".join(names.get(t, t.__name__) for t in types)


class Malformed(TypeError):
    """A value of the wrong shape in a record: ``path`` says where (``answers.text.q1``,
    ``tags[2]``), ``what`` what is wrong."""

    def __init__(self, path: str, what: str) -> None:
        super().__init__(f"{path}: {what}" if path else what)
        self.path, self.what = path, what

    def under(self, name: str) -> Malformed:
        """The same problem seen from the field or item ``name`` that holds it."""
        if not self.path:
            return Malformed(name, self.what)
        sep = "" if self.path[:1] in "[." else "."
        return Malformed(name + sep + self.path, self.what)


def _wrong(field: str, value: Any, types: tuple[type, ...]) -> Malformed:
    return Malformed(field, f"expected {_expected(types)}, got {_jtype(value)}")


def _not_one_of(field: str, value: Any, values: tuple[Any, ...]) -> Malformed:
    return Malformed(field, f"{value!r} is not one of {', '.join(map(repr, values))}")


def _list_of(inner: Converter, types: tuple[type, ...] | None) -> Callable[[Any], list[Any]]:
    if inner is None:

        def plain(v: Any) -> list[Any]:
            if type(v) is not list:
                raise Malformed("", f"expected a list, got {_jtype(v)}")
            if types is not None:
                for i, x in enumerate(v):
                    if type(x) not in types:
                        raise _wrong(f"[{i}]", x, types)
            return list(v)

        return plain

    def nested(v: Any) -> list[Any]:
        if type(v) is not list:
            raise Malformed("", f"expected a list, got {_jtype(v)}")
        try:
            return [inner(x) if x is not None else None for x in v]
        except Malformed:
            for i, x in enumerate(v):  # the error path only: say which item
                try:
                    inner(x) if x is not None else None
                except Malformed as bad:
                    raise bad.under(f"[{i}]") from None
            raise  # pragma: no cover - the loop finds the item that failed

    return nested


def _dict_of(inner: Converter, types: tuple[type, ...] | None) -> Callable[[Any], dict[str, Any]]:
    if inner is None:

        def plain(v: Any) -> dict[str, Any]:
            if type(v) is not dict:
                raise Malformed("", f"expected an object, got {_jtype(v)}")
            if types is not None:
                for k, x in v.items():
                    if type(x) not in types:
                        raise _wrong(f".{k}", x, types)
            return dict(v)

        return plain

    def nested(v: Any) -> dict[str, Any]:
        if type(v) is not dict:
            raise Malformed("", f"expected an object, got {_jtype(v)}")
        try:
            return {k: inner(x) if x is not None else None for k, x in v.items()}
        except Malformed:
            for k, x in v.items():
                try:
                    inner(x) if x is not None else None
                except Malformed as bad:
                    raise bad.under(f".{k}") from None
            raise  # pragma: no cover

    return nested


def _decoder_for_hint(hint: Any) -> Converter:
    """A converter for one field's value, or None when the value is a scalar kept as is (the
    decoder checks its type). A converter raises TypeError for a value of the wrong shape."""
    if _is_plain(hint):
        return None
    if dataclasses.is_dataclass(hint):
        return decoder(hint)
    args = _union_args(hint)
    if args is not None:
        dcs = [a for a in args if dataclasses.is_dataclass(a)]
        if dcs:
            return decoder(dcs[0])
        if all(_is_plain(a) for a in args):
            return None
        return json_copy
    origin = typing.get_origin(hint)
    targs = typing.get_args(hint)
    if origin is list and targs:
        return _list_of(_decoder_for_hint(targs[0]), _plain_types(targs[0]))
    if origin is dict and len(targs) == 2:
        return _dict_of(_decoder_for_hint(targs[1]), _plain_types(targs[1]))
    return json_copy


@cache
def decoder(cls: type) -> Callable[[dict[str, Any]], Any]:
    """The fast ``cls.from_data`` (same result for well-formed data): generated once per class.

    Data of the wrong shape raises TypeError naming the field (see above)."""
    hints = typing.get_type_hints(cls)
    fields = [f for f in dataclasses.fields(cls) if f.name != "extra"]
    has_extra = any(f.name == "extra" for f in dataclasses.fields(cls))
    names = frozenset(f.name for f in fields)
    env: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_M": _MISSING, "_names": names}
    env.update(_jc=json_copy, _wrong=_wrong, _not_one_of=_not_one_of, _Bad=Malformed)
    lines = [
        "def decode(data):",
        "    if type(data) is not dict:",
        "        raise _Bad('', 'expected an object (' + _cls.__name__ + '), got ' + _jt(data))",
        "    o = _new(_cls)",
        "    g = data.get",
    ]
    env["_jt"] = _jtype
    for i, f in enumerate(fields):
        hint = hints[f.name]
        conv = _decoder_for_hint(hint)
        if f.default is not dataclasses.MISSING:
            env[f"_d{i}"] = f.default
            default = f"_d{i}"
        elif f.default_factory is not dataclasses.MISSING:
            env[f"_f{i}"] = f.default_factory
            default = f"_f{i}()"
        else:  # pragma: no cover - every record field has a default
            default = "None"
        lines.append(f"    v = g({f.name!r}, _M)")
        if conv is None:
            types = _plain_types(hint)
            values = _literal_values(hint)
            lines.append("    if v is _M:")
            lines.append(f"        v = {default}")
            if values is not None:
                env[f"_l{i}"] = values
                lines.append(f"    elif v not in _l{i} or type(v) not in _t{i}:")
                lines.append(f"        raise _not_one_of({f.name!r}, v, _l{i})")
                env[f"_t{i}"] = types
            elif types is not None:
                env[f"_t{i}"] = types
                lines.append(f"    elif type(v) not in _t{i}:")
                lines.append(f"        raise _wrong({f.name!r}, v, _t{i})")
            lines.append(f"    o.{f.name} = v")
        else:
            env[f"_c{i}"] = conv
            lines += [
                "    if v is _M:",
                f"        o.{f.name} = {default}",
                "    elif v is None:",
                f"        o.{f.name} = None",
                "    else:",
                "        try:",
                f"            o.{f.name} = _c{i}(v)",
                "        except _Bad as e:",
                f"            raise e.under({f.name!r}) from None",
            ]
    if has_extra:
        lines += [
            "    if data.keys() <= _names:",
            "        o.extra = {}",
            "    else:",
            "        o.extra = {k: _jc(v) for k, v in data.items() if k not in _names and k != 'extra'}",
        ]
    lines.append("    return o")
    exec("\n".join(lines), env)
    return env["decode"]


# --- encoding: record -> dict ---------------------------------------------------------------


def _encoder_for_hint(hint: Any) -> Converter:
    if _is_plain(hint):
        return None
    if dataclasses.is_dataclass(hint):
        return encoder(hint)
    args = _union_args(hint)
    if args is not None:
        if all(_is_plain(a) for a in args):
            return None
        return json_copy
    origin = typing.get_origin(hint)
    targs = typing.get_args(hint)
    if origin is list and targs:
        inner = _encoder_for_hint(targs[0])
        if inner is None:
            return list
        return lambda v: [inner(x) if x is not None else None for x in v]
    if origin is dict and len(targs) == 2:
        inner = _encoder_for_hint(targs[1])
        if inner is None:
            return lambda v: {str(k): x for k, x in v.items()}
        return lambda v: {str(k): inner(x) if x is not None else None for k, x in v.items()}
    return json_copy


@cache
def encoder(cls: type) -> Callable[[Any], dict[str, Any]]:
    """The fast ``record.to_data()`` (same result): generated once per class."""
    hints = typing.get_type_hints(cls)
    fields = [f for f in dataclasses.fields(cls) if f.name != "extra"]
    has_extra = any(f.name == "extra" for f in dataclasses.fields(cls))
    env: dict[str, Any] = {"_jc": json_copy}
    parts = []
    for i, f in enumerate(fields):
        conv = _encoder_for_hint(hints[f.name])
        if conv is None:
            parts.append(f"{f.name!r}: o.{f.name}")
        else:
            env[f"_c{i}"] = conv
            parts.append(f"{f.name!r}: (None if o.{f.name} is None else _c{i}(o.{f.name}))")
    lines = ["def encode(o):", "    d = {" + ", ".join(parts) + "}"]
    if has_extra:
        lines += [
            "    if o.extra:",
            "        for k, v in o.extra.items():",
            "            if k not in d:",
            "                d[k] = _jc(v)",
        ]
    lines.append("    return d")
    exec("\n".join(lines), env)
    return env["encode"]


def to_data(record: Any) -> dict[str, Any]:
    return encoder(type(record))(record)


# --- validation: is this dict a well-formed record? (bundles, checks) ------------------------


def problems(cls: type, data: Any, where: str = "") -> list[str]:
    """What is wrong with ``data`` as a ``cls``: wrong types, not an object …; [] when fine."""
    out: list[str] = []
    where = where or cls.__name__
    rev = data.get("rev") if isinstance(data, dict) else None
    if type(rev) is int and not 0 <= rev <= MAX_REV:
        out.append(f"{where}.rev: {rev} is out of range (0 to {MAX_REV})")
    _check(cls, data, where, out)
    return out


def _check(hint: Any, value: Any, where: str, out: list[str]) -> None:
    if len(out) >= 5:
        return
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            out.append(f"{where}: expected an object, got {_jtype(value)}")
            return
        hints = _records._hints(hint)  # cached: a bundle checks thousands of records
        for f in dataclasses.fields(hint):
            if f.name != "extra" and f.name in value:
                _check(hints[f.name], value[f.name], f"{where}.{f.name}", out)
        return
    if hint is Any:
        return
    args = _union_args(hint)
    if args is not None:
        if value is None and type(None) in args:
            return
        trial: list[str] = []
        for arg in args:
            trial = []
            _check(arg, value, where, trial)
            if not trial:
                return
        out.extend(trial[:1])
        return
    origin = typing.get_origin(hint)
    targs = typing.get_args(hint)
    if origin is typing.Literal:
        if value not in targs:
            out.append(f"{where}: {value!r} is not one of {', '.join(map(repr, targs))}")
        return
    if origin is list:
        if not isinstance(value, list):
            out.append(f"{where}: expected a list, got {_jtype(value)}")
            return
        for i, v in enumerate(value):
            _check(targs[0] if targs else Any, v, f"{where}[{i}]", out)
        return
    if origin is dict:
        if not isinstance(value, dict):
            out.append(f"{where}: expected an object, got {_jtype(value)}")
            return
        for k, v in value.items():
            _check(targs[1] if len(targs) == 2 else Any, v, f"{where}.{k}", out)
        return
    if hint is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif hint in (str, bool):
        ok = isinstance(value, hint)
    elif hint is type(None):
        ok = value is None
    else:
        ok = True
    if not ok:
        out.append(f"{where}: expected {getattr(hint, '__name__', hint)}, got {_jtype(value)}")


def _jtype(value: Any) -> str:
    return {dict: "object", list: "list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), type(value).__name__
    )
