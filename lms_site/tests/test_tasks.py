"""Queues are declared and routed, and side effects wait for the commit."""

import pytest
from celery import shared_task
from django.conf import settings
from django.db import transaction

from lms_site.celery import app
from lms_site.tasks import queue_after_commit

RAN = []


@shared_task
def remember(value):
    RAN.append(value)


def test_the_four_queues_are_declared_and_rooms_are_routed_to_them():
    assert set(settings.CELERY_TASK_QUEUES) == {"default", "emails", "pdf", "payments"}
    router = app.amqp.router
    assert router.route({}, "enrolment.tasks.refresh_course_progress")["queue"].name == "default"
    assert router.route({}, "enrolment.tasks.issue_certificate")["queue"].name == "pdf"
    assert router.route({}, "payments.tasks.reconcile")["queue"].name == "payments"
    assert router.route({}, "notifications.tasks.send_email")["queue"].name == "emails"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_queued_in_a_transaction_runs_only_when_it_commits():
    RAN.clear()
    try:
        with transaction.atomic():
            queue_after_commit(remember, "rolled back")
            raise RuntimeError("the request failed")
    except RuntimeError:
        pass
    with transaction.atomic():
        queue_after_commit(remember, "committed")
        assert RAN == []
    assert RAN == ["committed"]
