"""The teacher's panel on the admin dashboard: each of their courses, its students and what waits for them.

Instructors see their own courses; moderators see every course that has something waiting for
them. One query for the courses with their numbers, one for the reviews: the same whatever the
number of courses or students.
"""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState

from courses.roles import is_moderator, staff_courses

from .models import Enrolment

MAX_ROWS = 20


def _count(**filters):
    rows = (
        Enrolment.objects.filter(course=OuterRef("pk"), status=Enrolment.Status.ACTIVE, **filters)
        .order_by().values("course").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def teaching_rows(user):
    """[{course, students, completed, completion, waiting}] for the courses this user teaches."""
    courses = staff_courses(user)
    if is_moderator(user):  # everything would be too much: just their own courses
        courses = courses.filter(Q(owner=user) | Q(instructor=user))
    courses = list(
        courses.annotate(students=_count(), completed=_count(completed_at__isnull=False))
        .order_by("title")[:MAX_ROWS]
    )
    states = {
        int(state.object_id): state
        for state in WorkflowState.objects.active().filter(
            base_content_type__model="page", object_id__in=[str(c.pk) for c in courses]
        )
    }
    rows = []
    for course in courses:
        state = states.get(course.pk)
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            waiting = "Changes requested by a moderator"
        elif state is not None:
            waiting = "In review"
        elif not course.live or course.has_unpublished_changes:
            waiting = "Changes not yet submitted"
        else:
            waiting = ""
        rows.append({
            "course": course,
            "students": course.students,
            "completed": course.completed,
            "completion": round(100 * course.completed / course.students) if course.students else None,
            "waiting": waiting,
        })
    return rows


class TeachingPanel(Component):
    name = "teaching"
    order = 50
    template_name = "enrolment/admin/teaching_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        from courses.models import CourseIndexPage

        index = CourseIndexPage.objects.first()
        add_url = reverse("wagtailadmin_pages:add", args=["courses", "coursepage", index.pk]) if index else ""
        return {"rows": teaching_rows(self.user), "add_url": add_url}
