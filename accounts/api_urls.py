from django.urls import path

from . import api
from .tokens import ChainedRefreshView

urlpatterns = [
    path("register/", api.RegisterView.as_view(), name="api-register"),
    path("login/", api.LoginView.as_view(), name="api-login"),
    path("logout/", api.LogoutView.as_view(), name="api-logout"),
    path("password-reset/", api.PasswordResetView.as_view(), name="api-password-reset"),
    path("password-reset-confirm/", api.PasswordResetConfirmView.as_view(), name="api-password-reset-confirm"),
    path("token/refresh/", ChainedRefreshView.as_view(), name="api-token-refresh"),
]
