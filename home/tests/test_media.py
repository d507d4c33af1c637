import pytest
from django.http import Http404
from django.test import RequestFactory

from home.views import public_media


@pytest.mark.parametrize("path", ["documents/budget.pdf", "h5p/content/1/h5p.json"])
def test_development_media_never_serves_private_lesson_files(path):
    with pytest.raises(Http404):
        public_media(RequestFactory().get("/media/" + path), path)


def test_development_media_serves_public_uploads(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "pic.txt").write_text("hello")
    response = public_media(RequestFactory().get("/media/images/pic.txt"), "images/pic.txt")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"hello"


def test_development_media_view_normalises_paths_before_refusing(rf):
    from django.http import Http404

    from home.views import public_media

    for path in ["/documents/a.pdf", "./documents/a.pdf", "images/../documents/a.pdf", "../settings.py"]:
        with pytest.raises(Http404):
            public_media(rf.get("/media/x"), path)
