"""Courses' own reactions to saves: an uploaded video learns its length from its file."""

import logging

from django.db.models.signals import post_save

from .media_length import video_seconds

log = logging.getLogger(__name__)


def read_video_length(sender, instance, **kwargs):
    """A video saved without a length gets the one its container states, so authors need not type it."""
    if instance.type != "video" or instance.duration or not instance.file:
        return
    try:
        with instance.file.open("rb") as stream:
            seconds = video_seconds(stream)
    except OSError:
        log.warning("Could not open media %s to read its length", instance.pk)
        return
    if seconds:
        instance.duration = round(seconds, 2)
        sender.objects.filter(pk=instance.pk).update(duration=instance.duration)


def connect():
    from wagtailmedia import get_media_model

    post_save.connect(read_video_length, sender=get_media_model(), dispatch_uid="courses.read_video_length")
