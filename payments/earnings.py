"""An instructor's earnings in one read: balances, per course, per month, every line, payouts.

Used by the instructor's dashboard page and `GET /api/instructor/earnings/` alike.
"""

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .ledger import balances
from .models import BankDetails, Earning, Payout
from .money import ZERO


def earnings_report(instructor, now=None, lines=100):
    now = now or timezone.now()
    mine = Earning.objects.filter(instructor=instructor)
    per_course = (
        mine.values("course_id", "course__title")
        .annotate(sales=Count("pk", filter=Q(kind=Earning.Kind.SALE)), gross=Sum("gross"), amount=Sum("instructor_amount"))
        .order_by("-amount", "course__title")
    )
    per_month = (
        mine.annotate(month=TruncMonth("created_at")).values("month")
        .annotate(gross=Sum("gross"), amount=Sum("instructor_amount")).order_by("-month")
    )
    details = BankDetails.objects.filter(instructor=instructor).first()
    return {
        "balances": balances(instructor, now),
        "per_course": [{"course_id": row["course_id"], "title": row["course__title"] or "Subscriptions",
                        "sales": row["sales"], "gross": row["gross"] or ZERO, "amount": row["amount"] or ZERO}
                       for row in per_course],
        "per_month": [{"month": row["month"].strftime("%Y-%m"), "gross": row["gross"] or ZERO,
                       "amount": row["amount"] or ZERO} for row in per_month if row["month"]],
        "lines": list(mine.select_related("course", "order").order_by("-created_at", "-pk")[:lines]),
        "payouts": list(Payout.objects.filter(instructor=instructor).order_by("-requested_at", "-pk")),
        "bank_details": details,
        "now": now,
    }


def line_state(line, now):
    if line.kind == Earning.Kind.REVERSAL:
        return "reversed"
    return "available" if line.available_at <= now else "pending"
