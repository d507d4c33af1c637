"""Who counts as a course's staff: the one definition every app asks.

Course staff teach or moderate a course: they see every lesson without enrolling, author in it
and read its reports. That is the course's owner and its instructor, the Moderators group and
superusers (`User.is_moderator` covers both). Anonymous visitors are never staff.
"""

from django.db.models import Q


def is_moderator(user):
    """Moderates every course (the Moderators group, or a superuser)."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_moderator", False))


def teaches(user, course):
    """Owns or is the instructor of this course."""
    if not getattr(user, "is_authenticated", False) or course is None:
        return False
    return user.pk in (course.owner_id, course.instructor_id)


def is_course_staff(user, course):
    return is_moderator(user) or teaches(user, course)


def taught_by_q(user):
    """A CoursePage filter: the courses this (signed-in) user owns or teaches."""
    return Q(owner=user) | Q(instructor=user)


def staff_courses(user):
    """The courses this user is staff of: all for moderators, their own for instructors, none otherwise."""
    from .models import CoursePage

    if is_moderator(user):
        return CoursePage.objects.all()
    if not getattr(user, "is_authenticated", False):
        return CoursePage.objects.none()
    return CoursePage.objects.filter(taught_by_q(user))
