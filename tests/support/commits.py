"""A request's commit, in tests that never commit.

Each test runs inside one transaction that is rolled back, so work queued "after commit" (every
email: `lms_site.outbox`, `notifications.services.record_email`) would never run. `committed()`
is pytest-django's `django_capture_on_commit_callbacks(execute=True)` for helpers that have no
fixtures: at the end of the block it runs what the block queued, as the end of a real request's
transaction does.
"""

from django.test import TestCase


def committed():
    return TestCase.captureOnCommitCallbacks(execute=True)
