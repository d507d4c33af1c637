from wagtail.users.apps import WagtailUsersAppConfig
from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default = True
    default_auto_field = "django.db.models.BigAutoField"


class UsersAdminConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, showing our timezone and revenue-share fields."""

    user_viewset = "accounts.viewsets.UserViewSet"
