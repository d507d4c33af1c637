"""Sign a person out of every device when their password changes or their account is deactivated."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

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
