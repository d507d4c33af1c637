"""What notifications keep about a person, for accounts.personal_data."""

from .models import EmailPreference, Notification, SentEmail


def export_notifications(user):
    preference = EmailPreference.objects.filter(user=user).first()
    return {
        "optional_emails": preference.optional_emails if preference else True,
        "notifications": list(Notification.objects.filter(user=user).values("kind", "title", "created_at", "read_at")),
        "emails": list(SentEmail.objects.filter(user=user).values("kind", "subject", "status", "created_at", "sent_at")),
    }


def erase_notifications(user):
    Notification.objects.filter(user=user).delete()
    SentEmail.objects.filter(user=user).update(text="", html="")
