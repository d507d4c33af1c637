"""People for tests: a user in groups with a verified email address."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = ""
    last_name = ""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, password=PASSWORD, **kwargs)

    @factory.post_generation
    def groups(user, create, names, **kwargs):
        for name in names or ():
            user.groups.add(Group.objects.get(name=name))

    @factory.post_generation
    def verified(user, create, value, **kwargs):
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True if value is None else value)


def make_user(email, *groups, verified=True, **extra):
    return UserFactory(email=email, groups=groups, verified=verified, **extra)
