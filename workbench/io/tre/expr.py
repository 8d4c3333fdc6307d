"""Safe expressions for TRE definitions: loop counts, field widths and conditions.

An expression is parsed once with :mod:`ast` (never ``eval``) and only a whitelist of node
types is accepted: names of earlier fields, int/float/str constants, ``+ - * // %``, unary
``- + not``, bitwise ``& | >> <<`` on whole numbers (for bit masks such as BANDSB's
``EXISTENCE_MASK & 0x40000000``), comparisons (``== != < <= > >= in not in``), ``and``/``or``, tuples/lists of
constants (for ``in``), and ``len(NAME)`` is not needed and not allowed.

Values of fields in the environment are their stored text with surrounding spaces removed
(or ints for binary integer fields). Comparing text with text compares text
(``XFRM_FLAG == "00"``); comparing text with a number, or doing arithmetic, converts the text to
a number first (``NUM * 2``). A value that is not a number where one is needed raises
:class:`ExprError`.
"""
from __future__ import annotations

import ast
import operator
from typing import Any, Callable, Mapping

Env = Mapping[str, Any]


class ExprError(ValueError):
    """An expression is malformed, uses something not allowed, or cannot be evaluated."""


_BINOPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
}
# Bitwise operators take whole numbers only; shifts are limited to 64 places.
_BITOPS = {
    ast.BitAnd: operator.and_,
    ast.BitOr: operator.or_,
    ast.RShift: operator.rshift,
    ast.LShift: operator.lshift,
}
_CMPOPS = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_MAX_TEXT = 200


def _num(v: Any) -> int | float:
    if isinstance(v, bool):
        raise ExprError(f"{v!r} is not a number")
    if isinstance(v, (int, float)):
        return v
    if isinstance(v, str):
        t = v.strip()
        try:
            return int(t)
        except ValueError:
            pass
        try:
            return float(t)
        except ValueError:
            raise ExprError(f"{t!r} is not a number") from None
    raise ExprError(f"{type(v).__name__} value is not a number")


def _whole(v: Any) -> int:
    n = _num(v)
    if isinstance(n, float):
        if not n.is_integer():
            raise ExprError(f"{n} is not a whole number (bitwise operators need one)")
        n = int(n)
    return n


def _compare(op, a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return op(a.strip(), b.strip())
    return op(_num(a), _num(b))


def _member(a: Any, seq: tuple) -> bool:
    return any(_compare(operator.eq, a, b) for b in seq)


class Expression:
    """A compiled, safe expression. ``names`` lists the field names it reads."""

    __slots__ = ("text", "names", "_fn", "bare_name")

    def __init__(self, text: str | int):
        if isinstance(text, bool) or not isinstance(text, (str, int)):
            raise ExprError(f"expression must be text or an integer, not {text!r}")
        self.text = str(text)
        if len(self.text) > _MAX_TEXT:
            raise ExprError("expression too long")
        try:
            tree = ast.parse(self.text.strip(), mode="eval")
        except SyntaxError as exc:
            raise ExprError(f"cannot parse expression {self.text!r}: {exc.msg}") from None
        self.names: set[str] = set()
        self._fn = self._build(tree.body)
        body = tree.body
        self.bare_name = body.id if isinstance(body, ast.Name) else None

    def __call__(self, env: Env) -> Any:
        return self._fn(env)

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"

    def _build(self, node: ast.AST) -> Callable[[Env], Any]:
        if isinstance(node, ast.Constant):
            val = node.value
            if isinstance(val, bool) or not isinstance(val, (int, float, str)):
                raise ExprError(f"constant {val!r} not allowed in {self.text!r}")
            return lambda env: val
        if isinstance(node, ast.Name):
            name = node.id
            self.names.add(name)

            def lookup(env: Env) -> Any:
                try:
                    return env[name]
                except KeyError:
                    raise ExprError(f"field {name} is not defined before use") from None

            return lookup
        if isinstance(node, (ast.Tuple, ast.List)):
            parts = [self._build(e) for e in node.elts]
            return lambda env: tuple(p(env) for p in parts)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            op = _BINOPS[type(node.op)]
            left, right = self._build(node.left), self._build(node.right)

            def binop(env: Env) -> Any:
                try:
                    return op(_num(left(env)), _num(right(env)))
                except ZeroDivisionError:
                    raise ExprError(f"division by zero in {self.text!r}") from None

            return binop
        if isinstance(node, ast.BinOp) and type(node.op) in _BITOPS:
            op = _BITOPS[type(node.op)]
            left, right = self._build(node.left), self._build(node.right)
            shift = isinstance(node.op, (ast.RShift, ast.LShift))

            def bitop(env: Env) -> Any:
                a, b = _whole(left(env)), _whole(right(env))
                if shift and not 0 <= b <= 64:
                    raise ExprError(f"shift by {b} outside 0..64 in {self.text!r}")
                return op(a, b)

            return bitop
        if isinstance(node, ast.UnaryOp):
            operand = self._build(node.operand)
            if isinstance(node.op, ast.Not):
                return lambda env: not operand(env)
            if isinstance(node.op, ast.USub):
                return lambda env: -_num(operand(env))
            if isinstance(node.op, ast.UAdd):
                return lambda env: _num(operand(env))
        if isinstance(node, ast.BoolOp):
            parts = [self._build(v) for v in node.values]
            if isinstance(node.op, ast.And):
                return lambda env: all(p(env) for p in parts)
            return lambda env: any(p(env) for p in parts)
        if isinstance(node, ast.Compare):
            return self._build_compare(node)
        raise ExprError(f"{type(node).__name__} not allowed in expression {self.text!r}")

    def _build_compare(self, node: ast.Compare) -> Callable[[Env], bool]:
        first = self._build(node.left)
        steps = []
        for op, comp in zip(node.ops, node.comparators):
            right = self._build(comp)
            if type(op) in _CMPOPS:
                steps.append(((lambda f: lambda a, b: _compare(f, a, b))(_CMPOPS[type(op)]), right))
            elif isinstance(op, (ast.In, ast.NotIn)):
                if not isinstance(comp, (ast.Tuple, ast.List)):
                    raise ExprError(f"'in' needs a tuple or list in {self.text!r}")
                neg = isinstance(op, ast.NotIn)
                steps.append(((lambda n: lambda a, b: _member(a, b) != n)(neg), right))
            else:
                raise ExprError(f"{type(op).__name__} not allowed in {self.text!r}")

        def compare(env: Env) -> bool:
            a = first(env)
            for fn, right in steps:
                b = right(env)
                if not fn(a, b):
                    return False
                a = b
            return True

        return compare


def as_int(value: Any, what: str) -> int:
    """Coerce an evaluated count/width to a non-negative int, or raise ExprError."""
    n = _num(value)
    if isinstance(n, float):
        if not n.is_integer():
            raise ExprError(f"{what} {n} is not a whole number")
        n = int(n)
    if n < 0:
        raise ExprError(f"{what} {n} is negative")
    return n
