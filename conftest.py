"""Shared fixtures: people in each role and course trees of any size."""

import os

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group

from rest_framework.test import APIClient

from courses.models import Category, CourseIndexPage, CoursePage, LessonPage, SectionPage

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the test
# itself are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery-staple"


def make_user(email, *groups, verified=True, **extra):
    from accounts.models import User

    user = User.objects.create_user(email=email, password=PASSWORD, **extra)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def lesson_body(*blocks):
    return [{"type": kind, "value": value} for kind, value in blocks] or [
        {"type": "rich_text", "value": "<p>Read this and think about it.</p>"}
    ]


def make_course(owner, title="Budgeting basics", sections=2, lessons_per_section=3, chain=True, live=True, **fields):
    """A course with sections and lessons; with chain=True each lesson requires the one before."""
    index = CourseIndexPage.objects.get()
    fields.setdefault("description", f"<p>{title}: a practical course.</p>")
    course = CoursePage(title=title, owner=owner, live=live, **fields)
    index.add_child(instance=course)
    previous = None
    for s in range(sections):
        section = SectionPage(title=f"Section {s + 1}", owner=owner, live=live)
        course.add_child(instance=section)
        for n in range(lessons_per_section):
            lesson = LessonPage(
                title=f"Lesson {s + 1}.{n + 1}", owner=owner, live=live, body=lesson_body(), estimated_minutes=5
            )
            section.add_child(instance=lesson)
            if chain and previous is not None:
                lesson.prerequisites.add(previous)
                lesson.save()
            previous = lesson
    return CoursePage.objects.get(pk=course.pk)


def lessons_of(course):
    return list(LessonPage.objects.live().descendant_of(course).order_by("path"))


@pytest.fixture
def student(db):
    return make_user("thandi@example.com", settings.STUDENTS_GROUP, first_name="Thandi", last_name="Nkosi")


@pytest.fixture
def other_student(db):
    return make_user("pieter@example.com", settings.STUDENTS_GROUP, first_name="Pieter", last_name="Botha")


@pytest.fixture
def instructor(db):
    return make_user("naledi@example.com", settings.INSTRUCTORS_GROUP, first_name="Naledi", last_name="Dlamini")


@pytest.fixture
def other_instructor(db):
    return make_user("johan@example.com", settings.INSTRUCTORS_GROUP, first_name="Johan", last_name="Smit")


@pytest.fixture
def moderator(db):
    return make_user("mod@example.com", settings.MODERATORS_GROUP, first_name="Mpho", last_name="Moloi")


@pytest.fixture
def admin_user(db):
    from accounts.models import User

    user = User.objects.create_superuser(email="admin@example.com", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


@pytest.fixture
def category(db):
    return Category.objects.create(name="Money")


@pytest.fixture
def course(instructor, category):
    return make_course(instructor, category=category)


@pytest.fixture
def other_course(other_instructor, category):
    return make_course(other_instructor, title="Spreadsheets for small business", category=category)


@pytest.fixture
def client_for():
    """client_for(user) -> an APIClient authenticated as user (None: anonymous), one per user per test."""
    clients = {}

    def get(user=None):
        key = getattr(user, "pk", None)
        if key not in clients:
            clients[key] = APIClient()
            clients[key].force_authenticate(user)
        return clients[key]

    return get


@pytest.fixture
def people(student, other_student, instructor, other_instructor, moderator, admin_user, course, other_course):
    """Everyone the permission matrix asks about; `student` is enrolled in `course`."""
    from enrolment.services import enrol

    enrol(student, course)
    enrol(other_student, other_course)
    return {
        "anonymous": None, "other_student": other_student, "other_instructor": other_instructor, "owner": instructor,
        "moderator": moderator, "admin": admin_user, "enrolled_student": student,
    }


def client_as(user):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits and throttles live in the cache: each test starts with none spent."""
    from django.core.cache import cache

    cache.clear()
    yield
