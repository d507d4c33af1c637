"""The course page tells a visitor what they are signing up for: how long it takes, what they will
learn and who teaches it."""

import pytest
from django.core.files.base import ContentFile

from courses.templatetags.lesson_tags import study_time
from tests.support import lessons_of


@pytest.mark.parametrize("minutes, said", [(0, "0 min"), (44, "44 min"), (60, "1 h"), (80, "1 h 20 min"),
                                           (125, "2 h 5 min"), (None, "")])
def test_study_time_reads_as_people_say_it(minutes, said):
    assert study_time(minutes) == said


def test_course_page_says_its_length_from_the_lessons_estimated_minutes(client, course):
    lessons = lessons_of(course)
    for n, lesson in enumerate(lessons):
        lesson.estimated_minutes = 10 + n  # 10..15: 75 minutes in all
        lesson.save_revision().publish()

    html = client.get(course.url).content.decode()

    assert "6 lessons" in html and "About 1 h 15 min" in html


def test_course_page_lists_what_you_will_learn(client, course):
    assert "What you will learn" not in client.get(course.url).content.decode()

    course.outcomes = "Draw up a monthly budget\n\nRead your credit report\n"
    course.save_revision().publish()
    html = client.get(course.url).content.decode()

    assert "What you will learn" in html
    assert "<li>Draw up a monthly budget</li>" in html and "<li>Read your credit report</li>" in html


def test_outcomes_are_edited_in_the_course_editor(client, admin_user, course):
    client.force_login(admin_user)
    html = client.get(f"/admin/pages/{course.pk}/edit/").content.decode()

    assert 'name="outcomes"' in html and "One outcome per line" in html


def test_course_page_introduces_the_instructor_with_bio_and_uploaded_avatar(client, course, instructor, settings,
                                                                          tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert "Your instructor" not in client.get(course.url).content.decode()  # no bio, nothing to say

    instructor.bio = "Naledi ran a catering business in Tembisa for eight years."
    instructor.save()
    html = client.get(course.url).content.decode()
    assert "Your instructor" in html and instructor.bio in html
    assert '<span class="avatar avatar-initials" aria-hidden="true">ND</span>' in html

    instructor.avatar.save("naledi.jpg", ContentFile(b"\xff\xd8\xff\xe0 a small jpeg"), save=True)
    html = client.get(course.url).content.decode()
    assert f'<img class="avatar" src="{instructor.avatar.url}" alt=""' in html
    assert "avatar-initials" not in html
