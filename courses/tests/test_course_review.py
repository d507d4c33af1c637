"""One review per course: submit once, approve or reject once, everything goes live together."""

import pytest
from django.conf import settings
from wagtail.models import Revision, TaskState, WorkflowState

from courses.models import CoursePage, LessonPage, SectionPage
from courses.models.workflow import CourseReviewItem
from courses.review import NO_LESSON, ReviewRefused, submit_course
from tests.support import make_course, make_user
from tests.support.admin import editor_form_data

pytestmark = pytest.mark.django_db


def draft_course(owner, sections=1, lessons_per_section=2):
    """A never-published course as an instructor leaves it: every page a draft with a revision."""
    course = make_course(owner, title="Household budgets", sections=sections, lessons_per_section=lessons_per_section,
                         live=False, chain=False)
    for page in [course, *SectionPage.objects.descendant_of(course), *LessonPage.objects.descendant_of(course)]:
        page.has_unpublished_changes = True
        page.save()
        page.save_revision(user=owner)
    return CoursePage.objects.get(pk=course.pk)


def task_state_of(course):
    return WorkflowState.objects.active().for_instance(course).get().current_task_state


def approve_url(course):
    task_state = task_state_of(course)
    return f"/admin/pages/workflow/action/{course.pk}/approve/{task_state.pk}/"


def live_titles(course):
    return sorted(LessonPage.objects.live().descendant_of(course).values_list("title", flat=True))


def test_submitting_a_course_covers_all_its_draft_sections_and_lessons(instructor):
    course = draft_course(instructor, sections=1, lessons_per_section=2)
    submit_course(course, instructor)
    items = CourseReviewItem.objects.filter(task_state=task_state_of(course))
    assert sorted(item.page.title for item in items) == ["Lesson 1.1", "Lesson 1.2", "Section 1"]
    # Sections and lessons have no review of their own.
    assert WorkflowState.objects.count() == 1


def test_one_approval_publishes_the_course_with_all_its_pages(client, instructor, moderator):
    course = draft_course(instructor, sections=2, lessons_per_section=2)
    submit_course(course, instructor)
    client.force_login(moderator)
    response = client.post(approve_url(course), {"comment": ""})
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.live
    assert live_titles(course) == ["Lesson 1.1", "Lesson 1.2", "Lesson 2.1", "Lesson 2.2"]
    assert all(section.live for section in SectionPage.objects.child_of(course))
    page = client.get(course.url)
    assert b"Lesson 2.2" in page.content


def test_the_moderators_review_page_lists_every_changed_page_with_preview_and_compare(client, instructor, moderator):
    course = make_course(instructor, sections=1, lessons_per_section=2, chain=False)
    lesson = LessonPage.objects.descendant_of(course).first()
    lesson.title = "Lesson 1.1, rewritten"
    lesson.save_revision(user=instructor)
    new_lesson = LessonPage(title="A new lesson", slug="a-new-lesson", owner=instructor, live=False, has_unpublished_changes=True)
    lesson.get_parent().add_child(instance=new_lesson)
    new_lesson.save_revision(user=instructor)
    submit_course(course, instructor)

    client.force_login(moderator)
    html = client.get(f"/admin/courses/{course.pk}/review/").content.decode()
    assert "Lesson 1.1, rewritten" in html and "Changed" in html
    assert "A new lesson" in html and "New" in html
    assert f"/admin/pages/{lesson.pk}/revisions/compare/live..." in html
    assert f"/admin/pages/{new_lesson.pk}/revisions/" in html and "/view/" in html
    assert "Lesson 1.2" not in html  # unchanged pages are not part of the review
    preview = client.get(f"/admin/pages/{new_lesson.pk}/revisions/{new_lesson.latest_revision_id}/view/")
    assert preview.status_code == 200 and b"A new lesson" in preview.content


def test_rejection_publishes_nothing_and_the_instructor_reads_why(client, instructor, moderator):
    course = draft_course(instructor)
    submit_course(course, instructor)
    client.force_login(moderator)
    response = client.post(f"/admin/courses/{course.pk}/review/", {"decision": "reject", "comment": "Add a worked example."})
    assert response.status_code == 302
    course.refresh_from_db()
    assert not course.live and live_titles(course) == []
    assert WorkflowState.objects.for_instance(course).get().status == WorkflowState.STATUS_NEEDS_CHANGES

    client.force_login(instructor)
    html = client.get(f"/admin/courses/{course.pk}/curriculum/").content.decode()
    assert "Changes requested" in html and "Add a worked example." in html
    assert "Resubmit for review" in html


def test_a_rejection_needs_a_comment(client, instructor, moderator):
    course = draft_course(instructor)
    submit_course(course, instructor)
    client.force_login(moderator)
    client.post(f"/admin/courses/{course.pk}/review/", {"decision": "reject", "comment": " "})
    assert task_state_of(course).status == TaskState.STATUS_IN_PROGRESS


def test_resubmitting_after_changes_covers_what_changed_since(client, instructor, moderator):
    course = draft_course(instructor, lessons_per_section=1)
    submit_course(course, instructor)
    client.force_login(moderator)
    client.post(f"/admin/courses/{course.pk}/review/", {"decision": "reject", "comment": "One more lesson, please."})
    section = SectionPage.objects.child_of(course).get()
    extra = LessonPage(title="Worked example", slug="worked-example", owner=instructor, live=False, has_unpublished_changes=True)
    section.add_child(instance=extra)
    extra.save_revision(user=instructor)

    submit_course(course, instructor)
    titles = sorted(i.page.title for i in CourseReviewItem.objects.filter(task_state=task_state_of(course)))
    assert titles == ["Lesson 1.1", "Section 1", "Worked example"]
    client.post(approve_url(course), {"comment": ""})
    assert live_titles(course) == ["Lesson 1.1", "Worked example"]


def test_a_later_edit_to_one_lesson_is_reviewed_alone_and_published_as_reviewed(client, instructor, moderator):
    course = make_course(instructor, sections=1, lessons_per_section=2, chain=False)
    lesson = LessonPage.objects.descendant_of(course).first()
    draft = lesson.get_latest_revision_as_object()
    draft.title = "Budgets, reviewed"
    draft.save_revision(user=instructor)
    submit_course(course, instructor)
    assert [i.page_id for i in CourseReviewItem.objects.filter(task_state=task_state_of(course))] == [lesson.pk]

    # The author saves another draft while the review waits: it is not what the moderator saw.
    draft.title = "Budgets, unreviewed"
    draft.save_revision(user=instructor)
    client.force_login(moderator)
    client.post(approve_url(course), {"comment": ""})
    lesson.refresh_from_db()
    assert lesson.title == "Budgets, reviewed"
    assert lesson.has_unpublished_changes  # the newer draft waits for the next review


def test_a_course_without_lessons_cannot_be_submitted(instructor):
    course = make_course(instructor, sections=1, lessons_per_section=0, live=False)
    with pytest.raises(ReviewRefused, match="at least one lesson"):
        submit_course(course, instructor)
    assert not WorkflowState.objects.for_instance(course).exists()


def test_the_editor_refuses_to_submit_a_course_without_lessons_and_says_why(client, instructor):
    course = make_course(instructor, sections=0, live=False)
    course.save_revision(user=instructor)
    client.force_login(instructor)
    data = editor_form_data(client, f"/admin/pages/{course.pk}/edit/")
    data["action-submit"] = "Submit to Course review"
    response = client.post(f"/admin/pages/{course.pk}/edit/", data)
    assert response.status_code == 200
    assert NO_LESSON in response.content.decode()
    assert not WorkflowState.objects.for_instance(course).exists()


def test_approval_is_refused_when_the_last_lesson_was_deleted_meanwhile(client, instructor, moderator):
    course = draft_course(instructor, lessons_per_section=1)
    submit_course(course, instructor)
    LessonPage.objects.descendant_of(course).get().delete()
    client.force_login(moderator)
    response = client.post(approve_url(course), {"comment": ""})
    assert response.status_code == 302 and "refused=no-lesson" in response["Location"]
    course.refresh_from_db()
    assert not course.live
    assert "at least one lesson" in client.get(response["Location"]).content.decode()


def test_an_approval_that_fails_halfway_publishes_nothing(client, instructor, moderator, monkeypatch):
    course = draft_course(instructor, lessons_per_section=2)
    submit_course(course, instructor)
    last = LessonPage.objects.descendant_of(course).order_by("path").last()
    original = Revision.publish

    def publish(self, *args, **kwargs):
        if self.object_id == str(last.pk):
            raise RuntimeError("storage down")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Revision, "publish", publish)
    client.force_login(moderator)
    client.raise_request_exception = False
    client.post(f"/admin/courses/{course.pk}/review/", {"decision": "approve"})
    course.refresh_from_db()
    assert not course.live
    assert live_titles(course) == []
    assert task_state_of(course).status == TaskState.STATUS_IN_PROGRESS


def test_the_submitter_cannot_decide_their_own_review(client, moderator):
    course = draft_course(moderator)
    submit_course(course, moderator)
    client.force_login(moderator)
    response = client.post(f"/admin/courses/{course.pk}/review/", {"decision": "approve"})
    assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's "no permission" redirect
    assert not CoursePage.objects.get(pk=course.pk).live


@pytest.mark.parametrize("who", ["student", "other_instructor"])
def test_others_cannot_see_or_decide_a_review(client, instructor, moderator, who, request):
    course = draft_course(instructor)
    submit_course(course, instructor)
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/admin/courses/{course.pk}/review/").status_code in (302, 403)
    client.post(f"/admin/courses/{course.pk}/review/", {"decision": "approve"})
    assert not CoursePage.objects.get(pk=course.pk).live


def test_a_stranger_is_sent_to_log_in(client, instructor):
    course = draft_course(instructor)
    response = client.get(f"/admin/courses/{course.pk}/review/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_lessons_and_sections_offer_to_submit_their_course_not_themselves(client, instructor):
    course = draft_course(instructor)
    lesson = LessonPage.objects.descendant_of(course).first()
    client.force_login(instructor)
    html = client.get(f"/admin/pages/{lesson.pk}/edit/").content.decode()
    assert "Submit to Course review" not in html
    assert "Save and submit course for review" in html


def test_save_and_submit_course_from_a_lesson_submits_the_whole_course(client, instructor, moderator):
    course = draft_course(instructor, lessons_per_section=2)
    lesson = LessonPage.objects.descendant_of(course).first()
    client.force_login(instructor)
    data = editor_form_data(client, f"/admin/pages/{lesson.pk}/edit/", body=True)
    data["action-submit-course"] = "1"
    response = client.post(f"/admin/pages/{lesson.pk}/edit/", data)
    assert response.status_code == 302 and response["Location"].endswith(f"/admin/courses/{course.pk}/curriculum/")
    assert task_state_of(course).status == TaskState.STATUS_IN_PROGRESS
    assert CourseReviewItem.objects.filter(task_state=task_state_of(course)).count() == 3


def test_a_moderator_cannot_publish_a_course_directly_while_it_has_no_live_lesson(client, moderator, instructor):
    course = draft_course(instructor)
    client.force_login(moderator)
    data = editor_form_data(client, f"/admin/pages/{course.pk}/edit/")
    data["action-publish"] = "1"
    response = client.post(f"/admin/pages/{course.pk}/edit/", data)
    assert response.status_code == 302 and "/curriculum/" in response["Location"]
    assert not CoursePage.objects.get(pk=course.pk).live


def test_a_moderator_publishes_a_course_with_all_its_changes_from_the_curriculum(client, moderator, instructor):
    course = draft_course(instructor, lessons_per_section=2)
    client.force_login(moderator)
    response = client.post(f"/admin/courses/{course.pk}/curriculum/", {"action": "publish"})
    assert response.status_code == 302
    assert CoursePage.objects.get(pk=course.pk).live
    assert live_titles(course) == ["Lesson 1.1", "Lesson 1.2"]


def test_an_instructor_cannot_publish_from_the_curriculum(client, instructor):
    course = draft_course(instructor)
    client.force_login(instructor)
    response = client.post(f"/admin/courses/{course.pk}/curriculum/", {"action": "publish"})
    assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's "no permission" redirect
    assert not CoursePage.objects.get(pk=course.pk).live


def test_the_moderator_is_emailed_once_per_course_submission(instructor, mailoutbox, django_capture_on_commit_callbacks):
    make_user("mod@example.com", settings.MODERATORS_GROUP)
    course = draft_course(instructor, sections=2, lessons_per_section=3)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # emails leave when the submission commits
        submit_course(course, instructor)
    to_moderator = [m for m in mailoutbox if "mod@example.com" in m.to]
    assert len(to_moderator) == 1
