"""What enrolment adds to the catalogue: progress badges, and archived courses kept for their students."""

from courses.models import CoursePage
from enrolment.services import complete_lesson, enrol
from tests.support import lessons_of, make_course


def test_catalogue_shows_my_progress_on_courses_i_take(client, student, instructor):
    taken = make_course(instructor, title="Budgeting on a student income", sections=1, lessons_per_section=2)
    make_course(instructor, title="Excel formulas that save hours", sections=1, lessons_per_section=1)
    enrol(student, taken)
    complete_lesson(student, lessons_of(taken)[0])
    client.force_login(student)
    html = client.get("/courses/").content.decode()
    assert html.count('aria-label="Course progress"') == 1
    assert "50%" in html


def test_archived_course_is_hidden_and_closed_but_enrolled_students_keep_access(client, student, other_student, course):
    enrol(student, course)
    CoursePage.objects.filter(pk=course.pk).update(is_archived=True)
    assert b"Budgeting basics" not in client.get("/courses/").content
    client.force_login(student)
    assert client.get(lessons_of(course)[0].url).status_code == 200
    client.force_login(other_student)
    response = client.post(f"/api/courses/{course.pk}/enroll/")
    assert response.status_code == 404
    assert not other_student.enrolments.exists()
