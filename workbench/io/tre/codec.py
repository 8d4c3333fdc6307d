"""Decoding CEDATA bytes into dicts and encoding dicts back, driven by a TREDefinition.

Rules (see also ``resources/tre/README.md``):

* Decoded text fields keep their stored characters (padding included), so
  ``encode(decode(b)) == b`` for every ``b`` that decodes to a dict.
* A TRE whose bytes do not fit its definition (length, field syntax, enumeration or range) is
  returned as :class:`RawTRE` with the reason; it is never dropped.
* On encode, a loop's count field may be omitted: it is derived from the list length. When it
  is given and disagrees with the list, that is an error. Fields of a condition that does not
  hold are ignored; keys that are no field of the TRE are an error.
"""
from __future__ import annotations

from collections import ChainMap
from typing import Any

from .definition import TREDefinition
from .errors import RawTRE, TREError
from .expr import ExprError, as_int
from .fields import FieldError

MAX_CEL = 99999
_MISSING = object()


class _Mismatch(Exception):
    pass


def decode_with(defn: TREDefinition, cedata: bytes) -> dict | RawTRE:
    buf = bytes(cedata)
    try:
        if defn.length is not None and len(buf) != defn.length:
            raise _Mismatch(f"{defn.tag}: definition has fixed length {defn.length}")
        out: dict = {}
        pos = _decode_items(defn, defn.items, buf, 0, out, ChainMap({}), "")
        if pos != len(buf):
            raise _Mismatch(f"{defn.tag}: {len(buf) - pos} bytes left over after the last field")
    except _Mismatch as exc:
        return RawTRE(buf, f"CEL {len(buf)} does not match definition: {exc}")
    return out


def _decode_items(defn, items, buf, pos, out, env, path) -> int:
    for it in items:
        kind = it.kind
        if kind == "field":
            w = it.width if it.width is not None else _eval_int(defn, it.width_expr, env, path, it.name, "width")
            end = pos + w
            if end > len(buf):
                raise _Mismatch(f"{defn.tag}.{path}{it.name}: needs {w} bytes at offset {pos}, "
                                f"{max(len(buf) - pos, 0)} left")
            try:
                value, seen = it.decode(buf[pos:end])
            except FieldError as exc:
                raise _Mismatch(f"{defn.tag}.{path}{it.name}: {exc}") from None
            if it.equals is not None:
                _check_equals(defn, it, seen, env, path, _Mismatch)
            out[it.name] = value
            env.maps[0][it.name] = seen
            pos = end
        elif kind == "loop":
            n = _eval_int(defn, it.count, env, path, it.name, "count")
            room = len(buf) - pos
            if n * _min_size(it.items) > room or n > max(room, 10000):
                raise _Mismatch(f"{defn.tag}.{path}{it.name}: count {n} cannot fit in "
                                f"{room} remaining bytes")
            rows = []
            for i in range(n):
                row: dict = {}
                pos = _decode_items(defn, it.items, buf, pos, row, env.new_child({}),
                                    f"{path}{it.name}[{i}].")
                rows.append(row)
            out[it.name] = rows
        else:
            if _truth(defn, it.cond, env, path):
                pos = _decode_items(defn, it.items, buf, pos, out, env, path)
    return pos


def _check_equals(defn, f, seen, env, path, exc_type) -> None:
    try:
        want = f.equals(env)
        ok = _num_eq(seen, want)
    except ExprError as exc:
        raise exc_type(f"{defn.tag}.{path}{f.name}: {exc}") from None
    if not ok:
        raise exc_type(f"{defn.tag}.{path}{f.name}: must equal {f.equals.text} = {want}, "
                       f"got {seen!r}")


def _num_eq(a, b) -> bool:
    from .expr import _num
    return _num(a) == _num(b)


def _min_size(items) -> int:
    total = 0
    for it in items:
        if it.kind == "field":
            total += it.width or 0
    return total


def _eval_int(defn, expr, env, path, name, what) -> int:
    try:
        return as_int(expr(env), what)
    except ExprError as exc:
        raise _Mismatch(f"{defn.tag}.{path}{name}: {what} {expr.text!r}: {exc}") from None


def _truth(defn, expr, env, path) -> bool:
    try:
        return bool(expr(env))
    except ExprError as exc:
        raise _Mismatch(f"{defn.tag}.{path}: condition {expr.text!r}: {exc}") from None


# -- encoding -------------------------------------------------------------------------------
class _Encoder:
    def __init__(self, defn: TREDefinition, collect: bool):
        self.defn = defn
        self.collect = collect
        self.problems: list[str] = []
        self.parts: list[bytes] = []
        self.size = 0

    def fail(self, msg: str) -> None:
        if not self.collect:
            raise TREError(msg)
        self.problems.append(msg)

    def run(self, value: dict) -> bytes:
        d = self.defn
        if not isinstance(value, dict):
            self.fail(f"{d.tag}: value must be a dict, not {type(value).__name__}")
            return b""
        self.level(d.items, d.names, d.derived, value, ChainMap({}), "")
        data = b"".join(self.parts)
        if len(data) > MAX_CEL:
            self.fail(f"{d.tag}: encoded length {len(data)} exceeds the CEL limit {MAX_CEL}")
        elif d.length is not None and len(data) != d.length and not self.problems:
            self.fail(f"{d.tag}: encoded length {len(data)} is not the fixed length {d.length}")
        return data

    def level(self, items, names, derived, value, env, path) -> None:
        extra = [k for k in value if k not in names]
        if extra:
            self.fail(f"{self.defn.tag}.{path}{extra[0]}: not a field of {self.defn.tag}"
                      f"{' group ' + path.rstrip('.') if path else ''}")
        self.items(items, derived, value, env, path)

    def items(self, items, derived, value, env, path) -> None:
        tag = self.defn.tag
        for it in items:
            if it.kind == "field":
                self.field(it, derived, value, env, path)
            elif it.kind == "loop":
                where = f"{tag}.{path}{it.name}"
                rows = value.get(it.name, _MISSING)
                try:
                    n = as_int(it.count(env), "count")
                except ExprError as exc:
                    self.fail(f"{where}: cannot evaluate count {it.count.text!r}: {exc}")
                    continue
                if rows is _MISSING and n == 0:
                    rows = []
                if not isinstance(rows, (list, tuple)) or not all(isinstance(r, dict) for r in rows):
                    self.fail(f"{where}: required list of dicts is missing" if rows is _MISSING
                              else f"{where}: must be a list of dicts")
                    continue
                if len(rows) != n:
                    self.fail(f"{where}: count {it.count.text} = {n} does not match "
                              f"the {len(rows)} entries given")
                for i, row in enumerate(rows):
                    self.level(it.items, it.names, it.derived, row, env.new_child({}),
                               f"{path}{it.name}[{i}].")
            else:
                try:
                    holds = bool(it.cond(env))
                except ExprError as exc:
                    self.fail(f"{tag}.{path}: cannot evaluate condition {it.cond.text!r}: {exc}")
                    continue
                if holds:
                    self.items(it.items, derived, value, env, path)

    def field(self, f, derived, value, env, path) -> None:
        where = f"{self.defn.tag}.{path}{f.name}"
        if f.width is not None:
            w = f.width
        else:
            try:
                w = as_int(f.width_expr(env), "width")
            except ExprError as exc:
                self.fail(f"{where}: cannot evaluate width {f.width_expr.text!r}: {exc}")
                return
        self.size += w
        if self.size > MAX_CEL:
            self.fail(f"{where}: width {w} takes the TRE past the CEL limit {MAX_CEL}")
            self.size -= w
            return
        v = value.get(f.name, _MISSING)
        if v is _MISSING and f.name in derived:
            rows = value.get(derived[f.name])
            if isinstance(rows, (list, tuple)):
                v = len(rows)
        if v is _MISSING:
            self.fail(f"{where}: required field is missing")
            v = None
        try:
            if v is None:
                raise FieldError("no value")
            raw = f.encode(v, w)
        except FieldError as exc:
            if v is not None:
                self.fail(f"{where}: {exc}")
            raw = (b" " if f.type in "ANSR" else b"\0") * w
        self.parts.append(raw)
        try:
            env.maps[0][f.name] = f.decode(raw)[1]
        except FieldError:
            env.maps[0][f.name] = raw.decode("latin-1").strip()
            return
        if f.equals is not None and v is not None:
            try:
                _check_equals(self.defn, f, env.maps[0][f.name], env, path, TREError)
            except TREError as exc:
                self.fail(str(exc))


def encode_with(defn: TREDefinition, value: Any) -> bytes:
    return _Encoder(defn, collect=False).run(value)


def problems_with(defn: TREDefinition, value: Any) -> list[str]:
    enc = _Encoder(defn, collect=True)
    enc.run(value)
    return enc.problems


# -- defaults and samples ------------------------------------------------------------------
def build_bytes(defn: TREDefinition, pick) -> bytes:
    """Bytes of an instance whose field values come from ``pick(field, width, index)``."""
    parts: list[bytes] = []
    counter = [0]

    def walk(items, env):
        for it in items:
            if it.kind == "field":
                w = it.width if it.width is not None else as_int(it.width_expr(env), "width")
                if w > MAX_CEL:
                    raise ExprError(f"{it.name}: width {w} is too large")
                counter[0] += 1
                value = as_int(it.equals(env), "value") if it.equals is not None else None
                raw = it.encode(pick(it, w, counter[0]) if value is None else value, w)
                parts.append(raw)
                env.maps[0][it.name] = it.decode(raw)[1]
            elif it.kind == "loop":
                for _ in range(as_int(it.count(env), "count")):
                    walk(it.items, env.new_child({}))
            elif it.cond(env):
                walk(it.items, env)

    walk(defn.items, ChainMap({}))
    return b"".join(parts)


def default_value(f, width: int, index: int = 0):
    if f.default is not None:
        return f.default
    if f.enum:
        return f.enum[0]
    if f.type in "NSRUF":
        lo = f.min if f.min is not None else 0
        return int(lo) if f.type != "F" and float(lo).is_integer() else lo
    if f.type == "B":
        return b"\0" * width
    return ""
