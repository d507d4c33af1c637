import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from accounts.models import User


@pytest.mark.django_db
def test_a_person_given_a_role_has_it_at_once_on_the_same_instance():
    """Scripts (load_demo, admin actions) ask, grant, and ask again on one User object."""
    person = User.objects.create_user(email="new@example.org", password="x-long-password-1")
    assert not person.is_instructor
    person.groups.add(Group.objects.get(name=settings.INSTRUCTORS_GROUP))
    assert person.is_instructor
    person.groups.clear()
    assert not person.is_instructor
