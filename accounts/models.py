"""The platform's user: email is the login."""

import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def validate_timezone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a known time zone (use an IANA name such as Africa/Johannesburg).")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField("email address", unique=True)
    timezone = models.CharField(max_length=64, default="Africa/Johannesburg", validators=[validate_timezone])
    bio = models.TextField(blank=True)
    avatar = models.ImageField(upload_to="avatars/", blank=True)
    default_revenue_share = models.DecimalField(
        "default revenue share (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="Instructor's share of net course revenue. Empty: the site default applies.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def display_name(self):
        return self.get_full_name() or self.email.split("@")[0]

    def save(self, *args, **kwargs):
        # A copy from the person cache (accounts.person_cache) may be minutes old: saved whole, it
        # would write back an is_active, is_staff or name older than the database's. It writes only
        # what changed on it since it was read.
        read = self.__dict__.get("_cached_values")
        if read is not None and kwargs.get("update_fields") is None and not self._state.adding:
            changed = [name for name, value in read.items() if getattr(self, name) != value]
            if "password" in self.__dict__:
                changed.append("password")
            kwargs["update_fields"] = changed
        super().save(*args, **kwargs)
        if read is not None:
            self._cached_values = {name: getattr(self, name) for name in read}

    def get_session_auth_hash(self):
        # A copy from the person cache (accounts.person_cache) carries the hash, not the password;
        # once a password is set on the instance (it is then loaded), the hash is worked out afresh.
        kept = self.__dict__.get("_session_auth_hash")
        if kept is not None and "password" not in self.__dict__:
            return kept
        return super().get_session_auth_hash()

    def in_group(self, name):
        # Asked on every page: kept on the instance and, across requests, in the cache (roles_cache).
        if not hasattr(self, "_group_names"):
            from .roles_cache import group_names

            self._group_names = group_names(self)
        return name in self._group_names

    @property
    def is_instructor(self):
        return self.is_superuser or self.in_group(settings.INSTRUCTORS_GROUP)

    @property
    def is_moderator(self):
        return self.is_superuser or self.in_group(settings.MODERATORS_GROUP)
