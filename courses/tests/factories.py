"""Content for tests: categories, AI tools and whole course trees (course > sections > lessons)."""

import factory

from courses.ai_tools import set_new_secret
from courses.models import AITool, Category, CourseIndexPage, CoursePage, LessonPage, SectionPage


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["name"]

    name = "Money"


class AIToolFactory(factory.django.DjangoModelFactory):
    """An enabled tool; its one-time plain secret is on `tool.secret` (only its hash is stored)."""

    class Meta:
        model = AITool

    name = factory.Sequence(lambda n: "Budget coach" if n == 0 else f"Tool {n}")
    allowed_origin = "https://tool.example.org"
    launch_url = factory.LazyAttribute(lambda tool: f"{tool.allowed_origin}/launch")
    is_enabled = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        tool = model_class(*args, **kwargs)
        tool.secret = set_new_secret(tool)
        tool.save()
        return tool


class PageFactory(factory.Factory):
    """Wagtail pages join the tree through their parent's `add_child`."""

    class Meta:
        abstract = True

    live = True

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        page = model_class(**kwargs)
        parent.add_child(instance=page)
        return page


class CoursePageFactory(PageFactory):
    class Meta:
        model = CoursePage

    title = "Budgeting basics"
    description = factory.LazyAttribute(lambda course: f"<p>{course.title}: a practical course.</p>")

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        return super()._create(model_class, parent=parent or CourseIndexPage.objects.get(), **kwargs)


class SectionPageFactory(PageFactory):
    class Meta:
        model = SectionPage

    title = factory.Sequence(lambda n: f"Section {n + 1}")


class LessonPageFactory(PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Lesson {n + 1}")
    estimated_minutes = 5
    body = factory.LazyFunction(lambda: lesson_body())


def lesson_body(*blocks):
    return [{"type": kind, "value": value} for kind, value in blocks] or [
        {"type": "rich_text", "value": "<p>Read this and think about it.</p>"}
    ]


def make_course(owner, title="Budgeting basics", sections=2, lessons_per_section=3, chain=True, live=True, **fields):
    """A course with sections and lessons; with chain=True each lesson requires the one before."""
    course = CoursePageFactory(title=title, owner=owner, live=live, **fields)
    previous = None
    for s in range(sections):
        section = SectionPageFactory(parent=course, title=f"Section {s + 1}", owner=owner, live=live)
        for n in range(lessons_per_section):
            lesson = LessonPageFactory(parent=section, title=f"Lesson {s + 1}.{n + 1}", owner=owner, live=live)
            if chain and previous is not None:
                lesson.prerequisites.add(previous)
                lesson.save()
            previous = lesson
    return CoursePage.objects.get(pk=course.pk)


def lessons_of(course):
    return list(LessonPage.objects.live().descendant_of(course).order_by("path"))


def put_blocks(lesson, *blocks):
    """Give a lesson exactly these StreamField blocks ({"type", "id", "value"} dicts) and save it."""
    lesson.body = list(blocks)
    lesson.save()
    return lesson
