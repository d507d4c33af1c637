"""The page tree an author can build: Home > Courses > Course > Section > Lesson, nothing else."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from courses.models import CourseIndexPage, CoursePage, LessonPage, SectionPage
from home.models import HomePage, StandardPage


class CourseTreeTests(WagtailPageTestCase):
    def test_each_level_holds_only_the_next(self):
        self.assertAllowedSubpageTypes(HomePage, {CourseIndexPage, StandardPage})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
        self.assertAllowedSubpageTypes(CoursePage, {SectionPage})
        self.assertAllowedSubpageTypes(SectionPage, {LessonPage})
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_each_level_lives_only_under_its_parent(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedParentPageTypes(SectionPage, {CoursePage})
        self.assertAllowedParentPageTypes(LessonPage, {SectionPage})

    def test_lessons_cannot_be_created_straight_under_a_course_or_the_catalogue(self):
        self.assertCanCreateAt(CourseIndexPage, CoursePage)
        self.assertCanCreateAt(CoursePage, SectionPage)
        self.assertCanCreateAt(SectionPage, LessonPage)
        self.assertCanNotCreateAt(CoursePage, LessonPage)
        self.assertCanNotCreateAt(CourseIndexPage, LessonPage)
        self.assertCanNotCreateAt(Page, CoursePage)
