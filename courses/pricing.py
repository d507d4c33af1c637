"""How a course is priced: the pricing types, the currency and the rule that ties price to type.

One rule for the editor (CoursePage.clean) and the API (CourseWriteSerializer). Prices are
Decimal rands including VAT; VAT itself is computed where money is taken (payments).
"""

from decimal import Decimal

from django.db import models

CURRENCY = "ZAR"


class PricingType(models.TextChoices):
    FREE = "free", "Free"
    PAID = "paid", "One-time purchase"
    SUBSCRIPTION = "subscription", "Included in subscription"
    BOTH = "both", "Purchase or subscription"


def pricing_problem(pricing_type, price):
    """What is wrong with this price for this pricing type, in words; "" when it is right."""
    price = price or Decimal("0.00")
    if pricing_type == PricingType.FREE and price:
        return "A free course has no price; set 0.00 or choose another pricing type."
    if pricing_type in (PricingType.PAID, PricingType.BOTH) and not price:
        return "A course for sale needs a price above R0.00."
    return ""
