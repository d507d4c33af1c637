"""Money maths against the worked examples in payments.md (sections 3 and 4): VAT, cents, the share rule."""

from decimal import Decimal

import pytest

from payments.money import MoneyError, from_cents, rand, share_of, split_vat, to_cents, vat_in

D = Decimal


@pytest.mark.parametrize("gross, vat, excl", [
    ("499.00", "65.09", "433.91"),
    ("1.00", "0.13", "0.87"),
    ("0.01", "0.00", "0.01"),
    ("100.00", "13.04", "86.96"),
    ("1150.00", "150.00", "1000.00"),
])
def test_vat_inside_a_price_matches_the_worked_examples(gross, vat, excl):
    assert vat_in(D(gross), D("15")) == D(vat)
    assert split_vat(D(gross), D("15")) == (D(excl), D(vat))


def test_vat_and_excl_always_add_up_to_the_gross_and_are_two_places():
    for cents in range(1, 20001, 7):
        gross = from_cents(cents)
        excl, vat = split_vat(gross, D("15"))
        assert excl + vat == gross
        assert vat.as_tuple().exponent == -2 and excl.as_tuple().exponent == -2


def test_a_platform_that_is_not_vat_registered_charges_no_vat():
    assert split_vat(D("499.00"), D("0")) == (D("499.00"), D("0.00"))


@pytest.mark.parametrize("net, instructor, platform", [
    ("961.20", "672.84", "288.36"),
    ("963.15", "674.21", "288.94"),  # 674.205 rounds half-up, not to even
    ("1000.00", "700.00", "300.00"),
])
def test_the_instructor_share_matches_the_worked_examples(net, instructor, platform):
    assert share_of(D(net), D("70")) == (D(instructor), D(platform))


def test_gross_less_vat_and_fee_is_split_as_payments_md_shows():
    excl, vat = split_vat(D("1150.00"), D("15"))
    net = D("1150.00") - vat - D("36.85")
    assert share_of(net, D("70.00")) == (D("674.21"), D("288.94"))


def test_cents_are_exact_both_ways():
    assert to_cents(D("499.00")) == 49900
    assert to_cents(D("0.29")) == 29  # int(0.29 * 100) with a float would give 28
    assert from_cents(49900) == D("499.00")
    assert from_cents("49900") == D("499.00")  # PayStack sends some amounts as strings


@pytest.mark.parametrize("bad", [0.1, True, "abc", "NaN", "Infinity"])
def test_floats_and_non_numbers_are_never_money(bad):
    with pytest.raises(MoneyError):
        rand(bad)


def test_fractions_of_a_cent_never_become_cents_silently():
    with pytest.raises(MoneyError):
        to_cents(D("1.005"))
    with pytest.raises(MoneyError):
        from_cents("12.5")


def test_a_share_outside_0_to_100_is_refused():
    with pytest.raises(MoneyError):
        share_of(D("100"), D("101"))
