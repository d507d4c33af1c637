"""The registry of personal data: each app says what it holds about a person and how to erase it.

An app registers one handler per kind of record it keeps, from its `AppConfig.ready()`:

    personal_data.register("enrolment", export=export_learning, erase=erase_learning)

`export(user)` returns JSON-serialisable data; `erase(user)` removes or anonymises it inside the
caller's transaction. `export_for(user)` and `erase_for(user)` run every handler in registration
order: the privacy features (a POPIA access request, deleting an account) are built on these,
so an app that adds records about people adds its handler and is covered.
"""

from dataclasses import dataclass

from django.db import transaction


@dataclass(frozen=True)
class Handler:
    name: str
    export: object
    erase: object


HANDLERS = {}


def register(name, export, erase):
    HANDLERS[name] = Handler(name, export, erase)


def export_for(user):
    return {name: handler.export(user) for name, handler in HANDLERS.items()}


def erase_for(user):
    """Run every erase handler, all or nothing; returns the names that ran."""
    with transaction.atomic():
        for handler in HANDLERS.values():
            handler.erase(user)
    return list(HANDLERS)


# --- the account itself ----------------------------------------------------------------------


def export_account(user):
    return {
        "email": user.email, "first_name": user.first_name, "last_name": user.last_name, "bio": user.bio,
        "timezone": user.timezone, "date_joined": user.date_joined.isoformat(),
        "avatar": user.avatar.name or None,
    }


def erase_account(user):
    """The person's own words and picture go; the row stays (inactive) for records others keep."""
    if user.avatar:
        user.avatar.delete(save=False)
    user.first_name = user.last_name = user.bio = ""
    user.email = f"erased-{user.pk}@invalid.example"
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.emailaddress_set.all().delete()
