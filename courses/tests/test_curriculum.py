"""The curriculum screen: a course's sections and lessons in order, shaped in place."""

import re

import pytest
from django.test.utils import CaptureQueriesContext
from django.db import connection

from courses.models import CoursePage, LessonPage, SectionPage
from courses.review import submit_course
from tests.support import make_course, put_blocks

pytestmark = pytest.mark.django_db


def url(course):
    return f"/admin/courses/{course.pk}/curriculum/"


def order(course):
    return [
        (section.title, [lesson.title for lesson in LessonPage.objects.child_of(section).order_by("path")])
        for section in SectionPage.objects.child_of(course).order_by("path")
    ]


@pytest.fixture
def author(client, instructor):
    client.force_login(instructor)
    return client


def test_the_curriculum_lists_sections_and_lessons_with_status_minutes_and_gates(author, instructor):
    course = make_course(instructor, sections=2, lessons_per_section=2)
    lesson = LessonPage.objects.descendant_of(course).order_by("path")[1]
    put_blocks(lesson, {"type": "video", "id": "v1", "value": {
        "source": "youtube", "video": "dQw4w9WgXcQ", "title": "Watch", "duration": 60, "captions": [],
        "required_percent": 80, "counts_toward_completion": True,
    }})
    draft = lesson.get_latest_revision_as_object()
    draft.title = "Lesson 1.2 (draft)"
    draft.save_revision()
    html = author.get(url(course)).content.decode()
    rows = re.findall(r'<a (?:class="curriculum-title" )?href="/admin/pages/\d+/edit/">([^<]+)</a>', html)
    assert rows == ["Section 1", "Lesson 1.1", "Lesson 1.2 (draft)", "Section 2", "Lesson 2.1", "Lesson 2.2"]
    assert "Lesson 1.2 (draft)" in html and "Live, changes not submitted" in html
    assert "Video 80%" in html and "5 min" in html
    assert "opens after: Lesson 1.1" in html


def test_the_curriculum_costs_the_same_queries_for_a_short_and_a_long_course(author, instructor):
    short = make_course(instructor, title="Short", sections=1, lessons_per_section=2)
    long = make_course(instructor, title="Long", sections=6, lessons_per_section=10)
    for course in (short, long):
        for lesson in LessonPage.objects.descendant_of(course)[:2]:
            lesson.save_revision()  # some drafts among the live pages
    counts = []
    for course in (short, long):
        author.get(url(course))  # warm Wagtail's per-process caches
        with CaptureQueriesContext(connection) as queries:
            assert author.get(url(course)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_adding_sections_and_lessons_creates_drafts_owned_by_the_author(author, instructor):
    course = make_course(instructor, sections=0, live=False)
    author.post(url(course), {"action": "add", "parent": course.pk, "title": "Getting started"})
    section = SectionPage.objects.child_of(course).get()
    response = author.post(url(course), {"action": "add", "parent": section.pk, "title": "Your first budget"})
    assert response.status_code == 302
    lesson = LessonPage.objects.child_of(section).get()
    assert (lesson.title, lesson.owner, lesson.live, lesson.slug) == ("Your first budget", instructor, False, "your-first-budget")
    assert lesson.latest_revision is not None
    author.post(url(course), {"action": "add", "parent": section.pk, "title": "Your first budget"})
    assert LessonPage.objects.child_of(section).last().slug == "your-first-budget-2"


@pytest.mark.parametrize("title,message", [("", "Give it a title."), ("x" * 256, "under 255")])
def test_a_page_without_a_proper_title_is_refused(author, instructor, title, message):
    course = make_course(instructor, sections=1, lessons_per_section=0)
    response = author.post(url(course), {"action": "add", "parent": course.pk, "title": title}, follow=True)
    assert message in response.content.decode()
    assert SectionPage.objects.child_of(course).count() == 1


def test_a_lesson_cannot_be_added_straight_under_the_course_or_in_another_course(author, instructor, other_instructor):
    course = make_course(instructor, sections=1, lessons_per_section=0)
    theirs = make_course(other_instructor, title="Theirs", sections=1, lessons_per_section=0)
    their_section = SectionPage.objects.child_of(theirs).get()
    before = LessonPage.objects.count()
    author.post(url(course), {"action": "add", "parent": their_section.pk, "title": "Sneaky"})
    author.post(url(course), {"action": "add", "parent": "not-a-number", "title": "Odd"})
    assert LessonPage.objects.count() == before
    assert SectionPage.objects.child_of(theirs).count() == 1


def test_move_up_and_down_reorder_lessons_and_cross_sections(author, instructor):
    course = make_course(instructor, sections=2, lessons_per_section=2, chain=False)
    lesson = LessonPage.objects.get(title="Lesson 1.2")
    author.post(url(course), {"action": "move", "page": lesson.pk, "how": "up"})
    assert order(course)[0] == ("Section 1", ["Lesson 1.2", "Lesson 1.1"])
    first = LessonPage.objects.get(title="Lesson 2.1")
    author.post(url(course), {"action": "move", "page": first.pk, "how": "up"})
    assert order(course) == [("Section 1", ["Lesson 1.2", "Lesson 1.1", "Lesson 2.1"]), ("Section 2", ["Lesson 2.2"])]
    last = LessonPage.objects.get(title="Lesson 2.1")
    author.post(url(course), {"action": "move", "page": last.pk, "how": "down"})
    assert order(course)[1] == ("Section 2", ["Lesson 2.1", "Lesson 2.2"])
    section = SectionPage.objects.get(title="Section 2", path__startswith=course.path)
    author.post(url(course), {"action": "move", "page": section.pk, "how": "up"})
    assert [title for title, _ in order(course)] == ["Section 2", "Section 1"]


def test_drag_and_drop_moves_answer_json(author, instructor):
    course = make_course(instructor, sections=2, lessons_per_section=2, chain=False)
    lesson = LessonPage.objects.get(title="Lesson 1.1")
    target = SectionPage.objects.get(title="Section 2", path__startswith=course.path)
    response = author.post(url(course), {"action": "move", "page": lesson.pk, "how": "into", "target": target.pk},
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["detail"] == "“Lesson 1.1” moved."
    assert order(course)[1] == ("Section 2", ["Lesson 2.1", "Lesson 2.2", "Lesson 1.1"])
    other = LessonPage.objects.get(title="Lesson 2.1")
    author.post(url(course), {"action": "move", "page": lesson.pk, "how": "before", "target": other.pk})
    assert order(course)[1] == ("Section 2", ["Lesson 1.1", "Lesson 2.1", "Lesson 2.2"])


@pytest.mark.parametrize("how,target_title", [
    ("into", "Lesson 2.1"),      # into a lesson
    ("before", "Section 2"),     # a lesson among sections
    ("sideways", "Lesson 2.1"),  # no such move
])
def test_moves_that_break_the_tree_are_refused_in_json(author, instructor, how, target_title):
    course = make_course(instructor, sections=2, lessons_per_section=2, chain=False)
    lesson = LessonPage.objects.get(title="Lesson 1.1")
    target = course.get_descendants().get(title=target_title)
    before = order(course)
    response = author.post(url(course), {"action": "move", "page": lesson.pk, "how": how, "target": target.pk},
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and response.json()["detail"]
    assert order(course) == before


def test_a_page_cannot_be_moved_into_or_out_of_another_course(author, instructor, other_instructor):
    course = make_course(instructor, sections=1, lessons_per_section=1)
    theirs = make_course(other_instructor, title="Theirs", sections=1, lessons_per_section=1)
    mine = LessonPage.objects.descendant_of(course).get()
    their_section = SectionPage.objects.child_of(theirs).get()
    their_lesson = LessonPage.objects.descendant_of(theirs).get()
    author.post(url(course), {"action": "move", "page": mine.pk, "how": "into", "target": their_section.pk})
    author.post(url(course), {"action": "move", "page": their_lesson.pk, "how": "up"})
    assert LessonPage.objects.descendant_of(theirs).get() == their_lesson
    assert LessonPage.objects.descendant_of(course).get() == mine


def test_prerequisites_are_set_as_a_draft_and_go_live_with_the_review(client, author, instructor, moderator):
    course = make_course(instructor, sections=1, lessons_per_section=3, chain=False)
    first, second, third = LessonPage.objects.descendant_of(course).order_by("path")
    response = author.post(url(course), {"action": "prerequisites", "lesson": third.pk, "prerequisites": [first.pk, second.pk]})
    assert response.status_code == 302
    assert list(third.prerequisites.all()) == []  # live students see no change yet
    assert "opens after: Lesson 1.1, Lesson 1.2" in author.get(url(course)).content.decode()
    submit_course(course, instructor)
    client.force_login(moderator)
    client.post(f"/admin/courses/{course.pk}/review/", {"decision": "approve"})
    assert sorted(p.title for p in LessonPage.objects.get(pk=third.pk).prerequisites.all()) == ["Lesson 1.1", "Lesson 1.2"]


def test_a_prerequisite_loop_is_refused_naming_it(author, instructor):
    course = make_course(instructor, sections=1, lessons_per_section=2, live=False)  # 1.2 requires 1.1
    first = LessonPage.objects.get(title="Lesson 1.1")
    second = LessonPage.objects.get(title="Lesson 1.2")
    response = author.post(url(course), {"action": "prerequisites", "lesson": first.pk, "prerequisites": [second.pk]}, follow=True)
    assert "would make a loop: Lesson 1.1 → Lesson 1.2 → Lesson 1.1" in response.content.decode()
    assert list(LessonPage.objects.get(pk=first.pk).prerequisites.all()) == []


def test_a_prerequisite_from_another_course_is_refused(author, instructor, other_instructor):
    course = make_course(instructor, sections=1, lessons_per_section=1, live=False)
    theirs = make_course(other_instructor, title="Theirs", sections=1, lessons_per_section=1)
    mine = LessonPage.objects.descendant_of(course).get()
    foreign = LessonPage.objects.descendant_of(theirs).get()
    response = author.post(url(course), {"action": "prerequisites", "lesson": mine.pk, "prerequisites": [foreign.pk]}, follow=True)
    assert "other lessons of this course" in response.content.decode()
    assert list(LessonPage.objects.get(pk=mine.pk).prerequisites.all()) == []


@pytest.mark.parametrize("who", ["student", "other_instructor"])
def test_others_cannot_open_or_change_a_curriculum(client, instructor, who, request):
    course = make_course(instructor, sections=1, lessons_per_section=1)
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(course)).status_code in (302, 403)
    client.post(url(course), {"action": "add", "parent": course.pk, "title": "Intruder"})
    assert not SectionPage.objects.filter(title="Intruder").exists()


def test_a_stranger_is_sent_to_log_in(client, instructor):
    course = make_course(instructor, sections=1, lessons_per_section=1)
    response = client.get(url(course))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_moderator_can_shape_any_course(client, moderator, instructor):
    course = make_course(instructor, sections=1, lessons_per_section=0)
    client.force_login(moderator)
    client.post(url(course), {"action": "add", "parent": course.pk, "title": "Added by the moderator"})
    assert SectionPage.objects.child_of(course).filter(title="Added by the moderator").exists()


def test_a_new_course_opens_on_its_curriculum(author, instructor):
    from courses.models import CourseIndexPage

    index = CourseIndexPage.objects.get()
    response = author.post(f"/admin/pages/add/courses/coursepage/{index.pk}/", {
        "title": "Stokvels explained", "slug": "stokvels-explained", "description": '{"blocks": [{"key": "a", "text": "Saving together.", "type": "unstyled", "depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
        "difficulty": "beginner", "pricing_type": "free", "price": "0.00", "certificate_accent_colour": "#0f766e",
        "certificate_wording": "has completed",
    })
    course = CoursePage.objects.get(slug="stokvels-explained")
    assert response.status_code == 302 and response["Location"] == url(course)
    html = author.get(url(course)).content.decode()
    assert "This course has no sections yet" in html and "Add section" in html


def test_the_course_editor_links_to_the_curriculum(author, instructor):
    course = make_course(instructor, sections=1, lessons_per_section=1)
    html = author.get(f"/admin/pages/{course.pk}/edit/").content.decode()
    assert url(course) in html
