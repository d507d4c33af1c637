"""Pages are routed from the cache (lms_site.routing), and every change to the tree reaches the next request."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from accounts.models import User
from tests.support import lessons_of

pytestmark = pytest.mark.django_db


def test_a_course_page_is_served_without_reading_the_page_tree_once_its_route_is_cached(course):
    client = Client()
    assert client.get(course.url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        # A signed-in request skips the visitor cache, so this is the route itself.
        client.cookies["sessionid"] = "none"
        assert client.get(course.url).status_code == 200
    page_queries = [q for q in captured.captured_queries if '"wagtailcore_page"' in q["sql"]]
    assert page_queries == []


def test_a_renamed_instructor_shows_at_once_on_the_cached_course_page(course, student):
    client = Client()
    client.force_login(student)
    instructor = course.instructor or course.owner
    assert instructor.display_name in client.get(course.url).content.decode()
    instructor.first_name, instructor.last_name = "Nomvula", "Khumalo-Renamed"
    instructor.save()
    assert "Nomvula Khumalo-Renamed" in client.get(course.url).content.decode()


def test_what_one_request_sets_on_its_page_never_reaches_the_next(course):
    from lms_site import routing
    from lms_site.cache_versions import RequestScope

    def one_request(request):  # as a view would: decorate the page it was given
        page = routing.served_page(type(course), course.pk)
        title = page.title
        page.title = "Changed in one request"
        return title

    serve = RequestScope(one_request)
    assert serve(None) == course.title
    assert serve(None) == course.title


def test_a_renamed_course_answers_at_its_new_address_only(course):
    client = Client()
    old_url = course.url
    assert client.get(old_url).status_code == 200
    course.slug = "budgeting-for-everyone"
    course.save_revision().publish()
    assert client.get(old_url, HTTP_COOKIE="sessionid=none").status_code == 404
    assert client.get("/courses/budgeting-for-everyone/").status_code == 200


def test_an_unpublished_lesson_is_not_served_from_its_cached_route(course, instructor):
    client = Client()
    client.force_login(instructor)
    lesson = lessons_of(course)[0]
    assert client.get(lesson.url).status_code == 200
    lesson.unpublish()
    assert client.get(lesson.url).status_code == 404


def test_a_view_restriction_added_after_a_visit_applies_at_once(course):
    client = Client()
    assert client.get(course.url).status_code == 200
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(course.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_moderator_who_leaves_the_group_is_no_moderator_on_the_next_request(moderator):
    assert User.objects.get(pk=moderator.pk).is_moderator
    moderator.groups.remove(Group.objects.get(name=settings.MODERATORS_GROUP))
    assert not User.objects.get(pk=moderator.pk).is_moderator
    Group.objects.get(name=settings.MODERATORS_GROUP).user_set.add(moderator)
    assert User.objects.get(pk=moderator.pk).is_moderator


def test_a_course_hero_image_is_made_once_though_the_page_row_was_cached_before_it(course, student):
    from io import BytesIO
    from unittest import mock

    from django.core.files.images import ImageFile
    from PIL import Image as Picture
    from wagtail.images.models import Filter, Image

    buffer = BytesIO()
    Picture.new("RGB", (1200, 700), "teal").save(buffer, "JPEG")
    course.thumbnail = Image.objects.create(title="Cover", file=ImageFile(buffer, name="cover.jpg"))
    course.save_revision().publish()
    client = Client()
    client.force_login(student)
    with mock.patch.object(Filter, "run", autospec=True, side_effect=Filter.run) as made:
        for _ in range(3):  # the first caches the row (no rendition yet) and makes it; the rest reuse it
            assert 'class="card-media rounded"' in client.get(course.url).content.decode()
    assert made.call_count == 1


def test_the_id_of_a_cached_course_page_never_answers_as_a_lesson(course, student):
    client = Client()
    client.force_login(student)
    assert client.get(course.url).status_code == 200  # the course's row is now cached
    response = client.get(f"/api/lessons/{course.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
