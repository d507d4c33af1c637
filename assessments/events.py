"""What happens in assessments that other rooms may act on (notifications tell the people concerned).

Sent inside the transaction that made the change; listeners queue their work on commit.
"""

from django.dispatch import Signal

# submission: a student handed in a version of an assignment (the course's instructors have work to grade).
submission_received = Signal()
# submission: an instructor graded it or returned it for resubmission.
submission_graded = Signal()
# quiz: the course's staff released its answers (delayed feedback).
quiz_answers_released = Signal()
