"""Fuzzed TRE bytes never raise anything but TREError (or give RawTRE) and never hang."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samples import sample_bytes
from workbench.io.tre import RawTRE, TREError, decode_tre, encode_tre, get_definition, split_tres
from workbench.io.tre.registry import available_tags

TAGS = available_tags()
FUZZ = settings(max_examples=200, deadline=500, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=400), st.text(max_size=10))
def test_split_random_bytes(data, where):
    try:
        items = split_tres(data, where)
    except TREError:
        return
    assert sum(11 + len(c) for _, c in items) == len(data)


@FUZZ
@given(st.sampled_from(TAGS), st.binary(max_size=600))
def test_decode_random_bytes(tag, data):
    _check(tag, data)


@st.composite
def mutated(draw):
    tag = draw(st.sampled_from(TAGS))
    data = bytearray(sample_bytes(get_definition(tag), draw(st.integers(0, 9))))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["set", "cut", "insert"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "set" and data:
            data[pos] = draw(st.sampled_from(b"0123456789 +-.9AZ\x00\xff"))
        elif op == "cut":
            del data[pos:pos + draw(st.integers(1, 20))]
        else:
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
    return tag, bytes(data)


@FUZZ
@given(mutated())
def test_decode_mutated_real_bytes(case):
    _check(*case)


def _check(tag, data):
    value = decode_tre(tag, data)
    if isinstance(value, RawTRE):
        assert value == data and value.reason
        assert encode_tre(tag, value) == data
    else:
        assert encode_tre(tag, value) == data
