"""What happens in the learning room that other rooms may act on (notifications send the emails).

Signals, because those rooms sit above this one (docs/architecture.md): the sender never knows
who listens. Each is sent inside the transaction that made the change, so a listener that
queues work with `queue_after_commit` sends nothing when that transaction rolls back.
"""

from django.dispatch import Signal

# enrolment: a new (or renewed) active enrolment.
enrolled = Signal()
# certificate: a certificate just issued (sent once per certificate, by the call that created it).
certificate_issued = Signal()
