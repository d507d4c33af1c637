"""`manage.py load_demo`: the demo site is complete, varied and safe to load twice.

Loading the demo takes a couple of seconds, so it is loaded once per test module inside an
outer transaction that is rolled back at the end; each test then runs in its own savepoint.
"""

import io

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from accounts.models import User
from home.demo import content as demo
from courses.models import Category, CoursePage, LessonPage, SectionPage
from enrolment.models import Enrolment, LessonProgress

TEXT_BLOCKS = {"rich_text", "markdown"}
MAIN_SLUGS = [spec["slug"] for spec in demo.COURSES]


def counts():
    return {
        "users": User.objects.count(),
        "addresses": EmailAddress.objects.count(),
        "categories": Category.objects.count(),
        "images": Image.objects.count(),
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "progress": LessonProgress.objects.count(),
    }


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the demo twice; yield the counts after each run. Everything is rolled back afterwards."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("demo-media"))):
        with transaction.atomic():
            output = io.StringIO()
            call_command("load_demo", stdout=output)
            first = counts()
            call_command("load_demo", stdout=output)
            second = counts()
            yield {"first": first, "second": second, "output": output.getvalue()}
            transaction.set_rollback(True)


@pytest.fixture
def loaded(demo_site, db):
    return demo_site


def lessons(course):
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def test_second_run_creates_nothing(loaded):
    assert loaded["first"] == loaded["second"]
    assert "Created: 0 users, 0 courses, 0 pages, 0 images, 0 enrolments, 0 completions" in loaded["output"]


def test_six_live_courses_with_sections_and_lessons(loaded):
    courses = {c.slug: c for c in CoursePage.objects.live().filter(is_archived=False)}
    assert sorted(courses) == sorted(MAIN_SLUGS)
    for course in courses.values():
        assert course.has_unpublished_changes is False and course.live_revision_id is not None
        assert course.thumbnail is not None and course.category is not None
        if course.slug == "money-smart-toolkit":  # the short tour of every activity block
            assert SectionPage.objects.live().child_of(course).count() == 2 and len(lessons(course)) == 5
            continue
        assert 3 <= SectionPage.objects.live().child_of(course).count() <= 4
        assert 4 <= len(lessons(course)) <= 8
        assert all(lesson.live and lesson.live_revision_id for lesson in lessons(course))
    assert CoursePage.objects.filter(is_archived=True).count() == 1
    assert Category.objects.count() == len(demo.CATEGORIES)


def test_pricing_mix(loaded):
    pricing = list(CoursePage.objects.filter(slug__in=MAIN_SLUGS).values_list("pricing_type", "price"))
    assert sum(1 for kind, _ in pricing if kind == "free") >= 3
    assert ("paid", 499) in [(kind, int(price)) for kind, price in pricing]
    assert any(kind == "subscription" for kind, _ in pricing)


def test_getting_started_is_free_and_text_only(loaded):
    course = CoursePage.objects.get(slug="getting-started")
    assert course.is_free
    for lesson in lessons(course):
        assert {block.block_type for block in lesson.body} <= TEXT_BLOCKS, lesson.title


def test_every_block_type_is_used(loaded):
    used, videos = set(), set()
    for lesson in LessonPage.objects.all():
        for block in lesson.body:
            used.add(block.block_type)
            if block.block_type == "video":
                videos.add(block.value["source"])
            if block.block_type == "image":
                assert block.value["image"] is not None and block.value["alt_text"]
            if block.block_type == "code":
                assert block.value["language"]
    assert used == {"rich_text", "markdown", "code", "image", "video", "pdf", "h5p", "ai_tool", "quiz", "assignment"}
    assert videos == {"youtube", "vimeo", "file"}
    assert any("| ---" in block.value for lesson in LessonPage.objects.all()
               for block in lesson.body if block.block_type == "markdown")


def test_every_course_has_prerequisites_within_itself(loaded):
    for course in CoursePage.objects.all():
        ids = {lesson.pk for lesson in lessons(course)}
        pairs = LessonPage.prerequisites.through.objects.filter(from_lessonpage_id__in=ids)
        assert pairs.exists(), course.title
        assert all(pair.to_lessonpage_id in ids for pair in pairs)


def test_logins_work_with_roles_and_verified_email(loaded):
    for email, (_, _, role) in demo.PEOPLE.items():
        user = authenticate(email=email, password=demo.PASSWORD)
        assert user is not None, email
        assert EmailAddress.objects.filter(user=user, email=email, primary=True, verified=True).exists()
        group = {"moderator": settings.MODERATORS_GROUP, "instructor": settings.INSTRUCTORS_GROUP,
                 "student": settings.STUDENTS_GROUP}.get(role)
        if group:
            assert user.groups.filter(name=group).exists(), email
        assert user.is_superuser == (role == "admin")
    assert User.objects.filter(groups__name=settings.STUDENTS_GROUP).count() == 5
    assert User.objects.filter(groups__name=settings.INSTRUCTORS_GROUP).count() == 2


def test_students_have_varied_progress(loaded):
    progress = set(Enrolment.objects.values_list("progress", flat=True))
    assert len(progress) >= 5 and 100 in progress and 0 in progress
    thandi = Enrolment.objects.get(user__email="thandi@leerhuis.test", course__slug="getting-started")
    assert thandi.progress == 100 and thandi.completed_at is not None
    paid = Enrolment.objects.filter(course__slug="small-business-south-africa")
    assert paid.exists() and all(e.source == Enrolment.Source.PURCHASE for e in paid)
    # Completed in course order: nobody has a lesson done before its prerequisites.
    for record in LessonProgress.objects.filter(status="completed").select_related("lesson"):
        for prerequisite in record.lesson.prerequisites.all():
            assert LessonProgress.objects.filter(user=record.user, lesson=prerequisite, status="completed").exists()


def test_quizzes_and_assignments_with_varied_scores_and_work_to_grade(loaded):
    from assessments.models import Assignment, QuestionBank, Quiz, QuizAttempt, Submission

    budgeting = CoursePage.objects.get(slug="budgeting-and-saving")
    first = lessons(budgeting)[0]
    assert budgeting.is_free and not first.prerequisites.exists()
    assert [block.block_type for block in first.body if block.block_type == "quiz"] == ["quiz"]
    quiz = first.body[1].value
    kinds = {q["kind"] for q in quiz["questions"]}
    assert kinds == {"single", "multiple", "true_false", "short_answer"} and quiz["bank_questions"][0]["bank"]
    assert QuestionBank.objects.count() == 1
    for slug in ("small-business-south-africa", "spreadsheets-and-python"):  # the paid and subscription courses
        assert Assignment.objects.filter(lesson__path__startswith=CoursePage.objects.get(slug=slug).path).exists()
    assert all(a.lesson.body and any(b.block_type == "assignment" and b.value["rubric"] for b in a.lesson.body)
               for a in Assignment.objects.all())
    assert Quiz.objects.count() == 2
    percents = set(QuizAttempt.objects.exclude(percent=None).values_list("percent", flat=True))
    assert len(percents) >= 2
    assert Submission.objects.filter(status="submitted").exists() and Submission.objects.filter(status="graded").exists()
