"""Build real CEDATA bytes for a definition, field by field, from chosen (varied) values."""
from __future__ import annotations

from workbench.io.tre import codec
from workbench.io.tre.definition import TREDefinition


def _driving_names(items, acc: set) -> set:
    """Names used by loop counts and widths: keep their values small."""
    for it in items:
        if it.kind == "loop":
            acc |= it.count.names
            _driving_names(it.items, acc)
        elif it.kind == "cond":
            _driving_names(it.items, acc)
        else:
            if it.width_expr is not None:
                acc |= it.width_expr.names
            if it.equals is not None:
                acc |= it.equals.names
    return acc


def sample_picker(defn: TREDefinition, seed: int = 0):
    """A pick(field, width, index) giving valid, varied values (index-dependent)."""
    small = _driving_names(defn.items, set())

    def pick(f, w, k):
        k = k + seed
        if f.sample is not None:
            return f.sample
        if f.name in small:
            lo = int(f.min) if f.min is not None else 0
            hi = int(f.max) if f.max is not None else 10 ** w - 1
            if f.enum:
                return f.enum[-1]
            return max(lo, min(hi, 2 + k % 2))
        if f.enum:
            return f.enum[k % len(f.enum)]
        if f.pattern is not None:
            return f.default
        t = f.type
        if t == "A":
            text = f"{f.name[:3]}{k}-x"
            return (text * (w // len(text) + 1))[:w].rstrip() if w > 2 else text[:w]
        if t == "U" and f.min is None and f.max is None:
            return int.from_bytes(bytes((k * 5 + i) % 128 for i in range(w)), "big")
        if t in "NU":
            lo = int(f.min) if f.min is not None else 0
            hi = int(f.max) if f.max is not None else (10 ** w - 1 if t == "N" else 256 ** w - 1)
            return lo + (k * 7919) % (hi - lo + 1)
        if t == "S":
            room = 10 ** (w - 1) - 1
            lo = int(f.min) if f.min is not None else -room
            hi = int(f.max) if f.max is not None else room
            return lo + (k * 7919) % (hi - lo + 1)
        if t == "R":
            if f.exp:
                return (-1) ** k * (k + 1) * 1.234567e-3
            digits = w - (1 if f.sign else 0) - 1
            lo = f.min if f.min is not None else (-(10 ** (digits - 1)) if f.sign else 0)
            hi = f.max if f.max is not None else 10 ** max(digits - 2, 0)
            v = lo + ((k * 37) % 97) / 97 * (hi - lo)
            return float(v) if digits >= 2 else int(v)
        if t == "F":
            return k * 0.5
        return bytes((k + i) % 256 for i in range(w))

    return pick


def sample_bytes(defn: TREDefinition, seed: int = 0) -> bytes:
    return codec.build_bytes(defn, sample_picker(defn, seed))
