import pytest

from workbench.io.tre.expr import Expression, ExprError


@pytest.mark.parametrize("text,env,want", [
    ("NUM * 2", {"NUM": "003"}, 6),
    ("XFRM_FLAG == '00'", {"XFRM_FLAG": "00"}, True),
    ("XFRM_FLAG == '00'", {"XFRM_FLAG": "01"}, False),
    ("ORIG in (1, 3, 9)", {"ORIG": "3"}, True),
    ("ORIG not in (1, 3, 9)", {"ORIG": "3"}, False),
    ("A == 'Y' and B > 2", {"A": "Y", "B": "10"}, True),
    ("not A", {"A": ""}, True),
    ("(N + 1) // 2 - 1", {"N": "05"}, 2),
    ("4", {}, 4),
    ("M & 0x40000000", {"M": 0xC0000000}, 0x40000000),
    ("M & 0x20000000 != 0", {"M": 0xC0000000}, False),
    ("(M >> 24) | 1", {"M": "512000000"}, 31),
    ("1 << N", {"N": "03"}, 8),
    (7, {}, 7),
])
def test_evaluates(text, env, want):
    assert Expression(text)(env) == want


@pytest.mark.parametrize("text", [
    "__import__('os').system('x')", "A.real", "A[0]", "lambda: 1", "f(1)", "A if B else C",
    "[x for x in A]", "A ** 2", "b'x'", "A := 1", "",
])
def test_rejects_unsafe_or_malformed(text):
    with pytest.raises(ExprError):
        Expression(text)


def test_runtime_errors_are_expr_errors():
    with pytest.raises(ExprError):
        Expression("N * 2")({"N": "abc"})
    with pytest.raises(ExprError):
        Expression("N // 0")({"N": "1"})
    with pytest.raises(ExprError):
        Expression("MISSING + 1")({})
    with pytest.raises(ExprError):
        Expression("M & 1")({"M": "1.5"})
    with pytest.raises(ExprError):
        Expression("1 << N")({"N": "100000"})
