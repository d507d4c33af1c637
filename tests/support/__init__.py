"""What tests share: builders and data that live in the repository (never in another test module).

Factories live next to their app (`<app>/tests/factories.py`); this package gathers them with
the test data under `tests/data/` (H5P packages with their licences, captured xAPI statements).
"""

from accounts.tests.factories import PASSWORD, UserFactory, make_user  # noqa: F401
from courses.tests.factories import (  # noqa: F401
    AIToolFactory, CategoryFactory, lesson_body, lessons_of, make_course, put_blocks,
)

from .clients import client_as  # noqa: F401
