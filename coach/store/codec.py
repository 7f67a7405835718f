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


def _decoder_for_hint(hint: Any) -> Converter:
    """A converter for one field's value, or None when the value is a scalar kept as is."""
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
        inner = _decoder_for_hint(targs[0])
        if inner is None:
            return list
        return lambda v: [inner(x) if x is not None else None for x in v]
    if origin is dict and len(targs) == 2:
        inner = _decoder_for_hint(targs[1])
        if inner is None:
            return dict
        return lambda v: {k: inner(x) if x is not None else None for k, x in v.items()}
    return json_copy


@cache
def decoder(cls: type) -> Callable[[dict[str, Any]], Any]:
    """The fast ``cls.from_data`` (same result): generated once per class."""
    hints = typing.get_type_hints(cls)
    fields = [f for f in dataclasses.fields(cls) if f.name != "extra"]
    has_extra = any(f.name == "extra" for f in dataclasses.fields(cls))
    names = frozenset(f.name for f in fields)
    env: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_M": _MISSING, "_names": names}
    env["_jc"] = json_copy
    lines = [
        "def decode(data):",
        "    if type(data) is not dict:",
        "        raise TypeError(_cls.__name__ + ': expected an object, got ' + type(data).__name__)",
        "    o = _new(_cls)",
        "    g = data.get",
    ]
    for i, f in enumerate(fields):
        conv = _decoder_for_hint(hints[f.name])
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
            lines.append(f"    o.{f.name} = {default} if v is _M else v")
        else:
            env[f"_c{i}"] = conv
            lines.append(
                f"    o.{f.name} = {default} if v is _M else (None if v is None else _c{i}(v))"
            )
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
    _check(cls, data, where or cls.__name__, out)
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
