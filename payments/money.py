"""Money in rand: Decimal with two places, minor units for gateways, South African VAT, the share rule.

Every amount that enters or leaves `payments` passes through these functions, so no float and no
truncating `int(amount * 100)` can creep in (`../shared/payments.md`, sections 3 and 4).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CURRENCY = "ZAR"
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


class MoneyError(ValueError):
    """A value that is not an amount of money."""


def rand(value):
    """An amount as Decimal rand with two places; strings and ints are read exactly, floats refused."""
    if isinstance(value, float):
        raise MoneyError("Amounts are never floats; pass a string or a Decimal.")
    if isinstance(value, bool):
        raise MoneyError("Not an amount of money.")
    try:
        amount = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError) as error:
        raise MoneyError(f"Not an amount of money: {value!r}.") from error
    if not amount.is_finite():
        raise MoneyError(f"Not an amount of money: {value!r}.")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(amount):
    """R499.00 -> 49900, exactly; an amount with fractions of a cent is refused, never rounded silently."""
    amount = Decimal(amount) if not isinstance(amount, Decimal) else amount
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise MoneyError(f"{amount} has fractions of a cent.")
    return int(cents)


def from_cents(cents):
    """49900 (or "49900") -> Decimal("499.00"). Gateways sometimes send minor units as strings."""
    if isinstance(cents, (float, bool)):
        raise MoneyError("Minor units are whole numbers.")
    try:
        whole = int(str(cents).strip())
    except ValueError as error:
        raise MoneyError(f"Not a whole number of cents: {cents!r}.") from error
    return (Decimal(whole) / 100).quantize(CENT)


def vat_in(gross, rate):
    """The VAT inside a VAT-inclusive price: gross x rate / (100 + rate), half-up to the cent."""
    gross, rate = rand(gross), Decimal(rate)
    if not rate:
        return ZERO
    return (gross * rate / (HUNDRED + rate)).quantize(CENT, rounding=ROUND_HALF_UP)


def split_vat(gross, rate):
    """(amount excl. VAT, VAT) of a VAT-inclusive gross; the two always add up to gross."""
    gross = rand(gross)
    vat = vat_in(gross, rate)
    return gross - vat, vat


def share_of(net, share_percent):
    """(instructor, platform) of a net amount: instructor = share% x net half-up; platform is the rest."""
    net, share = rand(net), Decimal(share_percent)
    if not ZERO <= share <= HUNDRED:
        raise MoneyError(f"A share is a percentage from 0 to 100, not {share}.")
    instructor = (net * share / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
    return instructor, net - instructor
