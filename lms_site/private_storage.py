"""Private storage (STORAGES["private"]): files handed out only by our own views or signed links.

Looked up lazily, when first used, and again after tests change STORAGES. Certificates
(enrolment) and submitted work (assessments) both keep their files here.
"""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


PRIVATE = PrivateStorage()


@receiver(setting_changed)
def forget_private_storage(setting, **kwargs):
    if setting == "STORAGES":
        PRIVATE._wrapped = empty


def private_storage():
    return PRIVATE
