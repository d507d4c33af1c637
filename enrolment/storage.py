"""Certificates' PDFs live on private storage (STORAGES["private"]) and are handed out only by our views."""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    """STORAGES["private"], looked up when first used (and again after tests change STORAGES)."""

    def _setup(self):
        self._wrapped = storages["private"]


PRIVATE = PrivateStorage()


@receiver(setting_changed)
def forget_private_storage(setting, **kwargs):
    if setting == "STORAGES":
        PRIVATE._wrapped = empty


def private_storage():
    return PRIVATE
