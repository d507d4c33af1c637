"""The courses app's models, by concept: the page tree, snippets, and the review workflow."""

from ..pricing import PricingType  # noqa: F401
from .pages import CourseIndexPage, CoursePage, Difficulty, LessonPage, SectionPage, published_lessons  # noqa: F401
from .snippets import AITool, Category, H5PPackage  # noqa: F401
from .workflow import CourseReviewItem, CourseReviewTask  # noqa: F401
