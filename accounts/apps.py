from wagtail.users.apps import WagtailUsersAppConfig
from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default = True
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import personal_data, signals  # noqa: F401

        personal_data.register("account", export=personal_data.export_account, erase=personal_data.erase_account)


class UsersAdminConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, showing our timezone and revenue-share fields."""

    user_viewset = "accounts.viewsets.UserViewSet"
