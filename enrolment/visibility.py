"""Which courses a user may see: the one rule every list, detail view and lesson gate uses."""

from django.db.models import Q

from courses.models import CoursePage
from courses.roles import is_moderator, taught_by_q
from lms_site.view_restrictions import may_be_restricted

from .models import Enrolment


def courses_for(user):
    """Published catalogue courses, plus archived or private ones the user is enrolled in, plus the
    courses they teach (drafts too). Moderators and superusers see every course."""
    pages = CoursePage.objects.all()
    # Private (view-restricted) courses are for their students and staff, as in the catalogue.
    public = Q(live=True, is_archived=False) & ~pages.private_q()
    if is_moderator(user):
        return pages
    if not getattr(user, "is_authenticated", False):
        return pages.filter(public)
    # A subquery, not a join, so counts annotated later are not multiplied.
    mine = Enrolment.objects.filter(user=user, status=Enrolment.Status.ACTIVE).values("course_id")
    enrolled = Q(live=True, pk__in=mine)
    return pages.filter(public | enrolled | taught_by_q(user))


def may_see_course(user, course):
    """`courses_for(user)` holds the course; a published, public, unarchived course is everyone's
    without asking the database (restrictions come from `lms_site.view_restrictions`' cache)."""
    if course.live and not course.is_archived and not may_be_restricted(course):
        return True
    return courses_for(user).filter(pk=course.pk).exists()
