"""Reconciliation: for a period, gateway payments, orders, invoices and ledger lines side by side, with every difference.

One row per order placed or paid in the period. A row differs when what should agree does not:
a paid order needs one payment for its amount, a tax invoice for its amount, and (for a course)
a sale line whose gross is its amount; a refunded order needs credit notes for what was paid and
ledger lines that net to zero; an unpaid order has no payment, invoice or earning. The daily
task runs it for yesterday and tells the admins when anything differs.
"""

import csv
import io
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from lms_site.spreadsheets import neutralise_formula

from .models import Earning, Invoice, Order

ZERO = Decimal("0.00")
COLUMNS = ["reference", "status", "gateway", "order_amount", "payments", "payment_amount", "invoice", "invoice_total",
           "credit_notes", "ledger_gross", "ledger_net", "differences"]


def period(start, end):
    """Aware datetimes from the start of `start` to the end of `end` (dates, site time zone)."""
    zone = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(start, time.min), zone),
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone))


def row_for(order):
    payments = list(order.payments.all())
    invoices = [i for i in order.invoices.all() if i.kind == Invoice.Kind.INVOICE]
    credits = [i for i in order.invoices.all() if i.kind == Invoice.Kind.CREDIT_NOTE]
    lines = list(order.earnings.all())
    paid = sum((p.amount for p in payments), ZERO)
    credited = sum((c.total for c in credits), ZERO)
    sales = [line for line in lines if line.kind == Earning.Kind.SALE]
    ledger_gross = sum((line.gross for line in lines), ZERO)
    ledger_net = sum((line.net for line in lines), ZERO)
    problems = []
    if order.status in (Order.Status.PAID, Order.Status.REFUNDED) and not (order.status == Order.Status.REFUNDED
                                                                          and not payments):
        if len(payments) != 1:
            problems.append(f"{len(payments)} gateway payments for a {order.status} order")
        elif paid != order.amount:
            problems.append(f"payment {paid} differs from the order's {order.amount}")
        if len(invoices) != 1:
            problems.append(f"{len(invoices)} tax invoices")
        elif invoices[0].total != order.amount:
            problems.append(f"invoice total {invoices[0].total} differs from the order's {order.amount}")
        if order.course_id and len(sales) != 1:
            problems.append(f"{len(sales)} sale lines in the ledger")
        elif order.course_id and sales[0].gross != order.amount:
            problems.append(f"ledger gross {sales[0].gross} differs from the order's {order.amount}")
        if order.status == Order.Status.PAID and credited >= order.amount:
            problems.append("fully credited but still paid")
        if order.status == Order.Status.REFUNDED:
            if credited != order.amount:
                problems.append(f"credit notes {credited} differ from the refunded {order.amount}")
            if order.course_id and ledger_net != 0:
                problems.append(f"ledger nets to {ledger_net}, not 0, after the refund")
    elif payments or invoices or lines:
        problems.append(f"a {order.status} order has payments, invoices or ledger lines")
    for line in lines:
        if line.net != line.instructor_amount + line.platform_amount or line.net != line.gross - line.vat - line.fee:
            problems.append(f"ledger line {line.pk} does not add up")
    return {
        "reference": order.reference, "status": order.status, "gateway": order.gateway, "order_amount": order.amount,
        "payments": ", ".join(p.transaction_id for p in payments), "payment_amount": paid,
        "invoice": ", ".join(i.number for i in invoices), "invoice_total": sum((i.total for i in invoices), ZERO),
        "credit_notes": credited, "ledger_gross": ledger_gross, "ledger_net": ledger_net,
        "differences": "; ".join(problems),
    }


def reconcile(start, end):
    """{start, end, rows, differences, totals} for orders placed or paid between two dates (inclusive)."""
    since, until = period(start, end)
    orders = (Order.objects.filter(Q(created_at__gte=since, created_at__lt=until) | Q(paid_at__gte=since, paid_at__lt=until))
              .prefetch_related("payments", "invoices", "earnings").order_by("created_at", "pk"))
    rows = [row_for(order) for order in orders]
    differences = [row for row in rows if row["differences"]]
    totals = {name: sum((row[name] for row in rows), ZERO)
              for name in ("payment_amount", "invoice_total", "credit_notes", "ledger_gross", "ledger_net")}
    return {"start": start, "end": end, "rows": rows, "differences": differences, "totals": totals}


def as_csv(report):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in report["rows"]:
        writer.writerow([neutralise_formula(str(row[name])) for name in COLUMNS])
    return out.getvalue()
