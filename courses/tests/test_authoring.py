"""Authoring in the Wagtail editor: ownership, moderation, prerequisites, archive and duplicate."""

import pytest
from wagtail.models import Page, WorkflowState

from tests.support import PASSWORD, lessons_of, make_course
from tests.support.admin import editor_form_data
from courses.models import CourseIndexPage, CoursePage, LessonPage, SectionPage

pytestmark = pytest.mark.django_db


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


form_data = editor_form_data


def test_instructor_edits_own_course_in_the_editor(client, instructor, course):
    client.force_login(instructor)
    data = form_data(client, edit_url(course))
    data["title"] = "Budgeting basics, second edition"
    response = client.post(edit_url(course), data)
    assert response.status_code == 302
    assert CoursePage.objects.get(pk=course.pk).get_latest_revision_as_object().title == "Budgeting basics, second edition"


def test_instructor_cannot_open_or_change_another_instructors_course(client, other_instructor, instructor, course):
    client.force_login(instructor)
    foreign = make_course(other_instructor, title="Someone else's course")
    response = client.get(edit_url(foreign))
    assert response.status_code in (302, 403)
    response = client.post(edit_url(foreign), {"title": "Taken over", "slug": "taken-over"})
    assert response.status_code in (302, 403)
    foreign.refresh_from_db()
    assert foreign.title == "Someone else's course"
    assert foreign.get_latest_revision() is None or foreign.get_latest_revision_as_object().title != "Taken over"


def test_instructor_cannot_add_a_lesson_inside_another_instructors_course(client, other_instructor, instructor):
    foreign = make_course(other_instructor, title="Someone else's course", sections=1, lessons_per_section=1)
    section = foreign.get_children().first()
    client.force_login(instructor)
    before = LessonPage.objects.count()
    response = client.get(f"/admin/pages/add/courses/lessonpage/{section.pk}/")
    assert response.status_code in (302, 403)
    client.post(f"/admin/pages/add/courses/lessonpage/{section.pk}/", {"title": "Sneaky", "slug": "sneaky"})
    assert LessonPage.objects.count() == before


def test_instructor_can_only_submit_for_review_not_publish(client, instructor, course):
    client.force_login(instructor)
    html = client.get(edit_url(course)).content.decode()
    assert "Submit to Course review" in html
    assert 'name="action-publish"' not in html


def test_moderator_approval_publishes_the_submitted_course(client, instructor, moderator):
    draft = make_course(instructor, title="Fresh course", sections=1, lessons_per_section=1, live=False)
    draft.save_revision(user=instructor)
    workflow = draft.get_workflow()
    assert workflow.name == "Course review"
    workflow.start(draft, instructor)
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(draft.pk))
    task_state = state.current_task_state

    # The instructor cannot approve their own submission.
    client.force_login(instructor)
    client.post(f"/admin/pages/{draft.pk}/edit/", {"action-workflow-action": "true", "workflow-action-name": "approve"})
    assert not CoursePage.objects.get(pk=draft.pk).live

    client.force_login(moderator)
    response = client.post(
        f"/admin/pages/workflow/action/{draft.pk}/approve/{task_state.pk}/", {"comment": "Looks good"}
    )
    assert response.status_code in (200, 302)
    assert CoursePage.objects.get(pk=draft.pk).live
    catalogue = client.get("/courses/")
    assert b"Fresh course" in catalogue.content


def test_prerequisite_choices_are_lessons_of_the_same_course(client, instructor, course, other_instructor):
    foreign = make_course(other_instructor, title="Other course", sections=1, lessons_per_section=1)
    foreign_lesson = lessons_of(foreign)[0]
    lesson = lessons_of(course)[2]
    client.force_login(instructor)
    html = client.get(edit_url(lesson)).content.decode()
    assert f'value="{lessons_of(course)[0].pk}"' in html
    assert f'name="prerequisites" value="{foreign_lesson.pk}"' not in html


def test_prerequisite_loop_is_refused_with_a_clear_error(client, instructor, course):
    first, second, third = lessons_of(course)[:3]  # second requires first, third requires second
    client.force_login(instructor)
    data = form_data(client, edit_url(first), body=True)
    data.setlist("prerequisites", [str(third.pk)])
    response = client.post(edit_url(first), data)
    assert response.status_code == 200
    assert "would make a loop" in response.content.decode()
    assert list(LessonPage.objects.get(pk=first.pk).prerequisites.all()) == []


def test_prerequisite_from_another_course_is_refused(client, instructor, course, other_instructor):
    foreign_lesson = lessons_of(make_course(other_instructor, title="Other", sections=1, lessons_per_section=1))[0]
    first = lessons_of(course)[0]
    client.force_login(instructor)
    data = form_data(client, edit_url(first), body=True)
    data.setlist("prerequisites", [str(foreign_lesson.pk)])
    response = client.post(edit_url(first), data)
    assert response.status_code == 200
    assert list(LessonPage.objects.get(pk=first.pk).prerequisites.all()) == []


def test_duplicate_makes_a_draft_copy_owned_by_the_copier_with_its_own_prerequisites(client, instructor, course):
    client.force_login(instructor)
    index = CourseIndexPage.objects.get()
    response = client.post(
        f"/admin/pages/{course.pk}/copy/",
        {"new_title": "Budgeting basics (copy)", "new_slug": "budgeting-basics-copy", "new_parent_page": index.pk,
         "copy_subpages": "on"},
    )
    assert response.status_code == 302
    copy = CoursePage.objects.get(slug="budgeting-basics-copy")
    assert not copy.live
    assert copy.owner == instructor
    copied = list(LessonPage.objects.descendant_of(copy).order_by("path"))
    assert len(copied) == len(lessons_of(course))
    assert list(copied[1].prerequisites.all()) == [copied[0]]
    assert list(copied[1].get_latest_revision_as_object().prerequisites.all()) == [copied[0]]


def test_editor_login_page_uses_email(client, instructor):
    response = client.post("/admin/login/", {"username": instructor.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_student_cannot_enter_the_admin(client, student):
    client.force_login(student)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert Page.objects.count() >= 3


def test_only_moderators_choose_a_courses_instructor(client, instructor, moderator, course):
    client.force_login(instructor)
    assert 'name="instructor"' not in client.get(edit_url(course)).content.decode()
    client.force_login(moderator)
    assert 'name="instructor"' in client.get(edit_url(course)).content.decode()


def test_catalogue_search_finds_the_beginning_of_a_title_word(client, course):
    response = client.get("/courses/", {"q": "budget"})
    assert [c.title for c in response.context["courses"]] == ["Budgeting basics"]


def test_a_moderator_cannot_approve_their_own_submission_but_a_colleague_can(client, moderator):
    from tests.support import make_user

    colleague = make_user("mod2@example.com", "Moderators")
    draft = make_course(moderator, title="Moderator's course", sections=1, lessons_per_section=1, live=False)
    draft.save_revision(user=moderator)
    draft.get_workflow().start(draft, moderator)
    task_state = WorkflowState.objects.get(object_id=str(draft.pk)).current_task_state
    url = f"/admin/pages/workflow/action/{draft.pk}/approve/{task_state.pk}/"

    client.force_login(moderator)
    assert client.post(url, {"comment": ""}).status_code in (302, 403)
    assert not CoursePage.objects.get(pk=draft.pk).live

    client.force_login(colleague)
    client.post(url, {"comment": "Fine"})
    assert CoursePage.objects.get(pk=draft.pk).live


def test_an_instructor_cannot_move_a_page_into_another_instructors_course(client, instructor, other_instructor):
    mine = make_course(instructor, title="Mine", sections=1, lessons_per_section=1, live=False)
    theirs = make_course(other_instructor, title="Theirs", sections=1, lessons_per_section=1)
    lesson = LessonPage.objects.descendant_of(mine).get()
    target = SectionPage.objects.child_of(theirs).get()
    client.force_login(instructor)
    client.post(f"/admin/pages/{lesson.pk}/move/{target.pk}/confirm/")
    assert LessonPage.objects.descendant_of(theirs).count() == 1


def test_an_instructor_cannot_copy_a_page_into_another_instructors_course(client, instructor, other_instructor):
    mine = make_course(instructor, title="Mine", sections=1, lessons_per_section=1)
    theirs = make_course(other_instructor, title="Theirs", sections=1, lessons_per_section=1)
    lesson = LessonPage.objects.descendant_of(mine).get()
    target = SectionPage.objects.child_of(theirs).get()
    client.force_login(instructor)
    client.post(f"/admin/pages/{lesson.pk}/copy/", {"new_title": "Planted", "new_slug": "planted", "new_parent_page": target.pk})
    assert not LessonPage.objects.filter(title="Planted").exists()
