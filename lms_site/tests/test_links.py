"""API links point at SITE_URL, the site's real address, whatever Host the request carried."""

import pytest

from lms_site.links import absolute_url
from tests.support import make_course


def test_paths_go_on_site_url_and_absolute_links_stay(settings):
    settings.SITE_URL = "https://learn.example.co.za"
    assert absolute_url("/courses/x/") == "https://learn.example.co.za/courses/x/"
    assert absolute_url("https://bucket.s3.example/file.pdf?sig=1") == "https://bucket.s3.example/file.pdf?sig=1"
    assert absolute_url(None) is None


@pytest.mark.django_db
def test_the_course_list_links_courses_on_the_real_host(client, instructor, settings):
    settings.SITE_URL = "https://learn.example.co.za"
    make_course(instructor, title="Budgeting basics", sections=1, lessons_per_section=1)
    item = client.get("/api/courses/", HTTP_HOST="localhost").json()["results"][0]
    assert item["url"] == "https://learn.example.co.za/courses/budgeting-basics/"
