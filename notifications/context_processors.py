from django.utils.functional import SimpleLazyObject

from .services import unread_count


def bell(request):
    """`notifications_unread` for the header's bell, read only when a template shows it (cached per user)."""
    user = getattr(request, "user", None)
    return {"notifications_unread": SimpleLazyObject(lambda: unread_count(user))}
