"""The assessments room's refusals: one domain error (lms_site.errors) with a code and a status."""

from lms_site.errors import DomainError


class AssessmentError(DomainError):
    """A request the rules of quizzes, assignments or grading refuse."""
