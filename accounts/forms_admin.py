"""Wagtail's user screens with our extra profile fields."""

from wagtail.users.forms import UserCreationForm, UserEditForm

EXTRA_FIELDS = {"timezone", "default_revenue_share"}


class WagtailUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | EXTRA_FIELDS


class WagtailUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | EXTRA_FIELDS
