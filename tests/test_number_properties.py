"""Property tests for the number and period parsers: round trips, decimal commas, scale words, clear errors."""
import math
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from orgkg.builder.dates import period_bounds, periods
from orgkg.builder.lexicon import load
from orgkg.builder.normalise import normalise
from orgkg.builder.numbers import parse_number, quantities


def vietnamese(n: int, frac: str) -> str:
    """n with "." between thousands and "," before the decimals."""
    return f"{n:,}".replace(",", ".") + ("," + frac if frac else "")


@given(st.integers(min_value=0, max_value=10**12), st.text(alphabet="0123456789", max_size=6))
def test_decimal_commas_round_trip(n, frac):
    s = vietnamese(n, frac)
    assert parse_number(s) == float(Decimal(f"{n}.{frac}" if frac else str(n)))


@given(st.integers(min_value=1, max_value=999_999), st.text(alphabet="0123456789", min_size=0, max_size=3),
       st.sampled_from(sorted(load().units["scales"])))
def test_scale_words_multiply_exactly(n, frac, scale):
    s = vietnamese(n, frac)
    (q,) = quantities(normalise(f"đạt {s} {scale} đồng").match)
    expected = Decimal(f"{n}.{frac}" if frac else str(n)) * Decimal(str(load().units["scales"][scale]))
    assert q.value == float(expected) and q.unit == "VND"


@given(st.text(max_size=25))
def test_parse_number_raises_only_value_error(s):
    try:
        v = parse_number(s)
    except ValueError as e:
        assert "numeral" in str(e)
    else:
        assert math.isfinite(v) and v >= 0


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["năm ", "2019", "2024", " - ", "–", "giai đoạn ", "quý ", "II", "IV", "/", "6 tháng đầu ",
                                 "9 tháng ", "từ ", " đến ", "sáu ", "Quý ", "1999", "3000", " "]), max_size=14).map("".join))
def test_periods_are_well_formed_and_bounded(s):
    for p, a, b in periods(s):
        assert 0 <= a < b <= len(s)
        bounds = period_bounds(p)
        assert bounds is not None and bounds[0] <= bounds[1]


@given(st.integers(min_value=1945, max_value=2099), st.integers(min_value=1, max_value=4),
       st.sampled_from(["quý {r}/{y}", "Quý {r} năm {y}", "quý {n} {y}"]))
def test_quarters_round_trip(y, q, form):
    roman = ["I", "II", "III", "IV"][q - 1]
    (p,) = [p for p, _, _ in periods(form.format(r=roman, n=q, y=y))]
    assert p == f"{y}-Q{q}"
    start, end = period_bounds(p)
    assert start == f"{y}-{3 * q - 2:02d}-01" and end[:7] == f"{y}-{3 * q:02d}"


@given(st.integers(min_value=1945, max_value=2098), st.integers(min_value=1, max_value=30))
def test_ranges_round_trip(a, span):
    b = min(a + span, 2100)
    for text in (f"giai đoạn {a} - {b}", f"từ năm {a} đến năm {b}", f"{a}–{b}"):
        assert [p for p, _, _ in periods(text)] == [f"{a}-{b}"]
    assert period_bounds(f"{a}-{b}") == (f"{a}-01-01", f"{b}-12-31")
