"""Concurrent students writing progress at once: every write lands, none fails with "database is locked".

On SQLite (make run, the default test run) the busy timeout, WAL and IMMEDIATE transactions make
writers queue; on PostgreSQL the row locks in the services do.
"""

import threading

import pytest
from django.conf import settings
from django.db import connection

from enrolment.models import LessonProgress
from enrolment.services import complete_lesson, enrol
from tests.support import lessons_of, make_course, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_eight_students_completing_at_once_all_count(instructor):
    course = make_course(instructor, title="Rush hour", sections=1, lessons_per_section=1)
    lesson = lessons_of(course)[0]
    students = [make_user(f"rush{n}@example.com", settings.STUDENTS_GROUP) for n in range(8)]
    for student in students:
        enrol(student, course)
    errors, start = [], threading.Barrier(len(students))

    def complete(student):
        try:
            start.wait()
            complete_lesson(student, lesson)
        except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=complete, args=(s,)) for s in students]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert LessonProgress.objects.filter(lesson=lesson, status="completed").count() == 8
