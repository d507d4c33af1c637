"""Which courses a user may see: the one queryset every list and detail view uses."""

from django.db.models import Q

from .models import CoursePage


def courses_for(user):
    """Published catalogue courses, plus archived or private ones the user is enrolled in, plus their own drafts.

    Moderators and superusers see every course.
    """
    pages = CoursePage.objects.all()
    # Private (view-restricted) courses are for their students and staff, as in the catalogue.
    public = Q(live=True, is_archived=False) & ~pages.private_q()
    if not getattr(user, "is_authenticated", False):
        return pages.filter(public)
    if user.is_superuser or user.is_moderator:
        return pages
    from enrolment.models import Enrolment

    # A subquery, not a join, so counts annotated later are not multiplied.
    mine = Enrolment.objects.filter(user=user, status=Enrolment.Status.ACTIVE).values("course_id")
    enrolled = Q(live=True, pk__in=mine)
    own = Q(owner=user) | Q(instructor=user)
    return pages.filter(public | enrolled | own)
