"""URL handling that every app shares."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/lessons/99999999999999999999999/", "/api/courses/99999999999999999999999/"])
def test_absurd_ids_are_404_not_500(client, path):
    assert client.get(path).status_code == 404
