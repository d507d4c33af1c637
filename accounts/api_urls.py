from django.urls import path
from rest_framework_simplejwt.views import TokenRefreshView

from . import api

urlpatterns = [
    path("register/", api.RegisterView.as_view(), name="api-register"),
    path("login/", api.LoginView.as_view(), name="api-login"),
    path("logout/", api.LogoutView.as_view(), name="api-logout"),
    path("password-reset/", api.PasswordResetView.as_view(), name="api-password-reset"),
    path("password-reset-confirm/", api.PasswordResetConfirmView.as_view(), name="api-password-reset-confirm"),
    path("token/refresh/", TokenRefreshView.as_view(), name="api-token-refresh"),
]
