"""The learning room's refusals: the domain error with the prerequisites still missing."""

from lms_site.errors import DomainError


class EnrolmentError(DomainError):
    """A request the rules of enrolment and progress refuse."""

    def __init__(self, message, code="invalid", missing=None, status=None):
        self.missing = list(missing or [])
        extra = {}
        if self.missing:
            extra["missing_prerequisites"] = [{"id": lesson.pk, "title": lesson.title} for lesson in self.missing]
        super().__init__(message, code, status, **extra)
