"""Shared fixtures: people in each role and course trees of any size."""

import os

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from rest_framework.test import APIClient

from courses.models import Category
from tests.support import PASSWORD, make_course, make_user

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the test
# itself are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits and throttles live in the cache: each test starts with none spent."""
    from django.core.cache import cache

    cache.clear()
    yield
