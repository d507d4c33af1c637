"""What happens in the payments room that other rooms act on (notifications send the receipt).

A signal, because notifications sits above payments (docs/architecture.md): payments never
knows who listens. It is sent inside the transaction that issued the document, so a listener
that queues work after commit sends nothing when that transaction rolls back.
"""

from django.dispatch import Signal

# invoice: a tax invoice (a paid order, a renewal) or a credit note (a refund) just issued to its buyer.
invoice_issued = Signal()
