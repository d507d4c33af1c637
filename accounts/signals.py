"""Sign a person out of every device when their password changes or their account is deactivated."""

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from lms_site import cache_versions

from . import person_cache, roles_cache
from .models import User
from .tokens import revoke_refresh_tokens


@receiver(pre_save, sender=User)
def remember_credentials(sender, instance, **kwargs):
    if instance.pk:
        instance._saved_credentials = (
            User.objects.filter(pk=instance.pk).values_list("password", "is_active").first()
        )


@receiver(post_save, sender=User)
def revoke_tokens_when_credentials_change(sender, instance, created, **kwargs):
    before = getattr(instance, "_saved_credentials", None)
    if created or before is None:
        return
    password, was_active = before
    if instance.password != password or (was_active and not instance.is_active):
        revoke_refresh_tokens(instance)


@receiver(m2m_changed, sender=User.groups.through)
def roles_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Someone joined or left a group: their cached roles go (see roles_cache)."""
    if not action.startswith(("post_", "pre_clear")):
        return
    if not reverse:
        roles_cache.forget([instance.pk])
        # The instance keeps its roles for the request (User.in_group): this one has new ones.
        roles_cache.forget_on(instance)
    elif pk_set:
        roles_cache.forget(pk_set)
    elif action == "pre_clear":
        roles_cache.forget(instance.user_set.values_list("pk", flat=True))


@receiver(post_save, sender=Group)
@receiver(pre_delete, sender=Group)
def group_renamed_or_deleted(sender, instance, **kwargs):
    roles_cache.forget(instance.user_set.values_list("pk", flat=True))


@receiver(post_save, sender=User)
@receiver(post_delete, sender=User)
def people_shown_to_visitors_changed(sender, instance, update_fields=None, **kwargs):
    """Course pages show their instructor's name, bio and picture: a profile change reaches visitors.

    Logging in only stamps last_login, which no page shows.
    """
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    cache_versions.bump(cache_versions.VISITOR)


@receiver(post_save, sender=User)
@receiver(post_delete, sender=User)
def person_changed(sender, instance, **kwargs):
    """The signed-in person is read from the cache (person_cache): any change to them is read afresh."""
    person_cache.forget(instance.pk)
