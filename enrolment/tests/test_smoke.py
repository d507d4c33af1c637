from tests.support import lessons_of


def test_course_page_renders_for_anonymous_visitor(client, course):
    response = client.get(course.url)
    assert response.status_code == 200
    assert b"Lesson 1.1" in response.content


def test_locked_lesson_answers_403(client, course):
    response = client.get(lessons_of(course)[1].url)
    assert response.status_code == 403
