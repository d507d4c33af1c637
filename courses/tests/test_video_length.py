"""An uploaded video's length is read from its file, so the author need not type it."""

import io
import struct
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from wagtailmedia import get_media_model

from courses.blocks import VideoBlock
from courses.media_length import video_seconds

SAMPLE = Path(settings.BASE_DIR) / "tests" / "data" / "video" / "sample-video.webm"


def box(kind, payload):
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def mp4(duration, timescale=1000, version=0):
    if version == 1:
        header = b"\x01\x00\x00\x00" + struct.pack(">QQIQ", 0, 0, timescale, duration)
    else:
        header = b"\x00\x00\x00\x00" + struct.pack(">IIII", 0, 0, timescale, duration)
    mvhd = box(b"mvhd", header + b"\x00" * 80)
    return box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41") + box(b"mdat", b"\x00" * 64) + box(b"moov", mvhd)


def test_the_length_of_a_webm_is_read_from_its_header():
    with SAMPLE.open("rb") as stream:
        assert video_seconds(stream) == pytest.approx(8.0, abs=0.1)


@pytest.mark.parametrize("version", [0, 1])
def test_the_length_of_an_mp4_is_read_from_its_movie_header(version):
    assert video_seconds(io.BytesIO(mp4(634_000, version=version))) == pytest.approx(634.0)


@pytest.mark.parametrize("data", [b"", b"not a video at all", mp4(634_000)[:40], b"\x1a\x45\xdf\xa3\xff\xff"])
def test_other_or_damaged_files_give_no_length(data):
    assert video_seconds(io.BytesIO(data)) is None


@pytest.mark.django_db
def test_an_uploaded_video_saved_without_a_length_gets_its_files():
    media = get_media_model()(title="Sample", type="video")
    with SAMPLE.open("rb") as handle:
        media.file.save("sample-video.webm", File(handle), save=True)
    media.refresh_from_db()
    assert media.duration == pytest.approx(8.0, abs=0.1)


@pytest.mark.django_db
def test_a_length_the_author_typed_is_kept():
    media = get_media_model()(title="Sample", type="video", duration=12)
    media.file.save("clip.mp4", ContentFile(mp4(634_000)), save=True)
    media.refresh_from_db()
    assert media.duration == 12


@pytest.mark.django_db
def test_a_video_block_for_an_uploaded_file_needs_no_typed_length():
    media = get_media_model()(title="Clip", type="video")
    media.file.save("clip.mp4", ContentFile(mp4(95_500)), save=True)
    block = VideoBlock()
    value = block.to_python({
        "source": "file", "video": "", "file": media.pk, "title": "Clip", "duration": None, "captions": [],
        "required_percent": 80, "counts_toward_completion": True,
    })
    cleaned = block.clean(value)
    assert cleaned["file"].duration == pytest.approx(95.5)
