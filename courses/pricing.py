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


def rands(amount):
    """A price as people write it: R499, R1,299, R49.50 (whole rands without cents)."""
    amount = Decimal(amount or 0).quantize(Decimal("0.01"))
    whole = amount == amount.to_integral_value()
    return f"R{amount:,.0f}" if whole else f"R{amount:,.2f}"


def price_label(course):
    """What a course costs, in a few words: "Free", "R499", "Subscription", "R499 or subscription"."""
    if course.pricing_type == PricingType.FREE:
        return "Free"
    if course.pricing_type == PricingType.SUBSCRIPTION:
        return "Subscription"
    if course.pricing_type == PricingType.BOTH:
        return f"{rands(course.price)} or subscription"
    return rands(course.price)


JOIN = {
    PricingType.FREE: "enrol in the course",
    PricingType.PAID: "buy the course",
    PricingType.SUBSCRIPTION: "subscribe",
    PricingType.BOTH: "buy the course or subscribe",
}


def how_to_join(pricing_type):
    """What a student does to open the lessons of a course priced this way ("buy the course")."""
    return JOIN.get(pricing_type, JOIN[PricingType.FREE])
