"""The admin shows the avatar people uploaded on their profile page; no email hash leaves the site."""

from wagtail import hooks


@hooks.register("get_avatar_url")
def uploaded_avatar(user, size):
    avatar = getattr(user, "avatar", None)
    return avatar.url if avatar else None  # None: Wagtail's own profile avatar, else its default picture


@hooks.register("after_bulk_action")
def bulk_active_state_reaches_the_people(request, action_type, objects, action):
    """Wagtail's bulk "mark as (in)active" updates rows without saving them, so no signal tells:
    drop their cached copies (person_cache), and sign the deactivated out of every device."""
    from django.contrib.auth import get_user_model

    from . import person_cache
    from .tokens import revoke_refresh_tokens

    if action_type != "set_active_state" or getattr(action, "model", None) is not get_user_model():
        return
    deactivated = not action.cleaned_form.cleaned_data.get("mark_as_active")
    for person in objects:
        person_cache.forget(person.pk)
        if deactivated and person.pk != request.user.pk:  # Wagtail never deactivates the one asking
            revoke_refresh_tokens(person)
