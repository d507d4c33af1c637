"""`manage.py load_demo`: the demo site is complete, varied, reads as a real catalogue and is safe to
load twice.

Loading the demo takes a couple of seconds, so it is loaded once per test module inside an
outer transaction that is rolled back at the end; each test then runs in its own savepoint.
"""

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from pypdf import PdfReader
from wagtail.documents import get_document_model
from wagtail.images.models import Image
from wagtail.models import Page, Revision
from wagtailmedia.models import get_media_model

from accounts.models import User
from home.demo import content as demo
from courses.models import AITool, Category, CourseIndexPage, CoursePage, H5PPackage, LessonPage, SectionPage
from enrolment.models import Enrolment, LessonProgress

TEXT_BLOCKS = {"rich_text", "markdown"}
MAIN_SLUGS = [spec["slug"] for spec in demo.COURSES]
H5P_FIXTURE = Path(settings.BASE_DIR) / "tests" / "data" / "h5p" / "multichoice.h5p"
# What gave test material away in earlier demos, in any case.
TEST_MATERIAL = re.compile(
    r"big buck bunny|sintel|placeholder|sample video|sample clip|\.h5p package|h5p\.json|lorem ipsum|"
    r"fixture|demo clip|test data|eight seconds",
    re.IGNORECASE,
)


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


def test_seven_live_courses_with_sections_and_lessons(loaded):
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
    assert videos == {"file"}  # lesson videos made for the demo, no outside placeholders
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


# --- A real catalogue, not test material -------------------------------------------------------


def visible_text(html):
    """What a reader sees or hears: text, alt text and titles, without markup, scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    said = " ".join(re.findall(r'(?:alt|title|aria-label)="([^"]*)"', html))
    return re.sub(r"<[^>]+>", " ", html) + " " + said


def live_pages():
    index = CourseIndexPage.objects.get()
    return [index] + [page.specific for page in Page.objects.live().descendant_of(index)]


def test_no_demo_page_shows_test_material_or_placeholders(loaded, client):
    client.force_login(User.objects.get(email="admin@leerhuis.test"))  # every lesson open
    pages = live_pages()
    assert len(pages) > 50
    for page in pages:
        response = client.get(page.url, follow=True)
        assert response.status_code == 200, page.url
        found = TEST_MATERIAL.findall(visible_text(response.content.decode()))
        assert not found, f"{page.url}: {found}"
    for title in (list(Image.objects.values_list("title", flat=True))
                  + list(get_media_model().objects.values_list("title", flat=True))
                  + list(get_document_model().objects.values_list("title", flat=True))
                  + list(H5PPackage.objects.values_list("title", flat=True))):
        assert not TEST_MATERIAL.search(title), title


def test_every_course_has_its_own_decorative_cover(loaded, client):
    courses = list(CoursePage.objects.select_related("thumbnail"))
    assert len({course.thumbnail_id for course in courses}) == len(courses)
    digests = set()
    for course in courses:
        with course.thumbnail.file.open("rb") as handle:
            digests.add(hashlib.sha256(handle.read()).hexdigest())
        assert course.thumbnail.width >= 960 and course.thumbnail.width * 9 == course.thumbnail.height * 16
    assert len(digests) == len(courses)
    html = client.get("/courses/").content.decode()
    covers = re.findall(r'<img[^>]*class="card-media"[^>]*>', html)
    assert len(covers) == len(MAIN_SLUGS) and all('alt=""' in tag for tag in covers)


def test_the_worksheet_is_a_one_page_a4_budget_with_readable_lines_and_totals(loaded):
    document = get_document_model().objects.get(title="Monthly budget worksheet")
    with document.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-") and len(data) > 2_000
    pdf = PdfReader(io.BytesIO(data))
    assert len(pdf.pages) == 1
    width, height = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = pdf.pages[0].extract_text()
    for words in ("Monthly budget worksheet", "Money in", "Salary or wages", "Total money in (A)", "Rent or bond",
                  "Groceries", "Stokvel contribution", "Total money out (B)", "What is left", "PLANNED", "ACTUAL"):
        assert words in text, words


def test_the_h5p_activity_asks_a_budgeting_question_with_the_fixtures_own_libraries(loaded):
    package = H5PPackage.objects.get()
    with package.file.open("rb") as handle, zipfile.ZipFile(handle) as demo_zip, zipfile.ZipFile(H5P_FIXTURE) as fixture:
        manifest = json.loads(demo_zip.read("h5p.json"))
        content = json.loads(demo_zip.read("content/content.json"))
        libraries = {name: demo_zip.read(name) for name in demo_zip.namelist() if "/" in name and not name.startswith("content/")}
        assert libraries == {name: fixture.read(name) for name in fixture.namelist()
                             if "/" in name and not name.startswith("content/")}
    assert manifest["license"] == "CC0 1.0" and "50/30/20" in manifest["title"]
    assert "R12 000" in content["question"] and "50/30/20" in content["question"]
    right = [answer["text"] for answer in content["answers"] if answer["correct"]]
    assert right == ["<div>R2 400</div>\n"]
    assert not TEST_MATERIAL.search(json.dumps(content))


def test_lesson_videos_are_short_uploaded_files_with_posters(loaded):
    videos = [block.value for lesson in LessonPage.objects.live() for block in lesson.body if block.block_type == "video"]
    assert len(videos) >= 5
    for value in videos:
        media = value["file"]
        assert media is not None and value["source"] == "file"
        assert 20 <= media.duration <= 40, media.title
        assert media.file.size < 400 * 1024 and media.file.name.endswith(".webm")
        assert media.thumbnail, media.title
    assert len({value["file"].pk for value in videos}) == len(videos)


def test_course_page_shows_length_outcomes_and_the_instructors_bio_and_avatar(loaded, client):
    course = CoursePage.objects.get(slug="budgeting-and-saving")
    minutes = sum(lesson.estimated_minutes for lesson in LessonPage.objects.live().descendant_of(course))
    html = client.get(course.url).content.decode()
    assert f"About {minutes} min" in html  # under an hour: 44 minutes
    assert "What you will learn" in html
    for outcome in demo.BUDGETING["outcomes"]:
        assert outcome in html
    johan = User.objects.get(email="johan@leerhuis.test")
    assert johan.bio and johan.bio in html and johan.avatar.url in html
    longer = CoursePage.objects.get(slug="spreadsheets-and-python")
    minutes = sum(lesson.estimated_minutes for lesson in LessonPage.objects.live().descendant_of(longer))
    assert minutes > 60 and f"About {minutes // 60} h {minutes % 60} min" in client.get(longer.url).content.decode()


def test_every_course_says_what_you_will_learn(loaded):
    for course in CoursePage.objects.all():
        assert len(course.outcome_list) >= 2, course.title


def test_output_names_the_address_it_serves(loaded):
    site = settings.SITE_URL.rstrip("/")
    assert f"Open {site}/" in loaded["output"] and f"{site}/admin/" in loaded["output"]


def test_the_ai_tool_follows_a_changed_site_url(loaded, client):
    output = io.StringIO()
    with override_settings(SITE_URL="http://192.168.1.20:8123"):
        call_command("load_demo", stdout=output)
    assert "Open http://192.168.1.20:8123/" in output.getvalue()
    assert "127.0.0.1:8000" not in output.getvalue()
    tool = AITool.objects.get(name="Budget coach")
    assert tool.launch_url == "http://192.168.1.20:8123/example-ai-tool/"
    assert tool.allowed_origin == "http://192.168.1.20:8123"
    client.force_login(User.objects.get(email="admin@leerhuis.test"))
    lesson = LessonPage.objects.get(slug="plan-with-the-budget-coach")
    html = client.get(lesson.url).content.decode()
    assert 'data-tool-origin="http://192.168.1.20:8123"' in html
    assert 'src="http://192.168.1.20:8123/example-ai-tool/?token=' in html
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


def test_the_money_side_shows_real_data_on_every_screen(loaded):
    from payments import ledger
    from payments.models import Earning, Invoice, Order, Payout, Subscription, SubscriptionPlan
    from payments.reconciliation import reconcile

    paid = CoursePage.objects.filter(slug__in=MAIN_SLUGS, pricing_type__in=["paid", "both"]).values_list("price", flat=True)
    assert len(set(paid)) >= 3
    assert set(SubscriptionPlan.objects.values_list("interval", flat=True)) == {"monthly", "annual"}
    assert CoursePage.objects.filter(slug__in=MAIN_SLUGS, pricing_type__in=["subscription", "both"]).exists()
    assert Order.objects.filter(status="paid").count() >= 5 and Order.objects.filter(status="refunded").exists()
    assert Invoice.objects.filter(kind="credit_note").exists()
    assert Subscription.objects.filter(status="active").exists()
    naledi = User.objects.get(email="naledi@leerhuis.test")
    states = ledger.balances(naledi)
    assert states["pending"] > 0 and states["paid_out"] > 0 and states["requested"] > 0
    assert Earning.objects.filter(kind="reversal").exists()
    assert Payout.objects.filter(status="requested").exists()
    first = Order.objects.order_by("created_at").first().created_at.date()
    assert reconcile(first, first.today())["differences"] == []
