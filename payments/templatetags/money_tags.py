"""Amounts on checkout pages, invoices and statements: always with cents (`R1,299.00`), never rounded away."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def rands_exact(amount):
    if amount is None or amount == "":
        return ""
    amount = Decimal(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}R{abs(amount):,.2f}"
