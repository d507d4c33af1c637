"""Authentication API: register, JWT login/logout, password reset (allauth underneath)."""

from allauth.account.forms import ResetPasswordForm, ResetPasswordKeyForm, UserTokenForm
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken

from lms_site.schema import refusal

from .models import validate_timezone
from .services import register_student
from .tokens import issue_tokens

User = get_user_model()


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, max_length=128, style={"input_type": "password"})
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    timezone = serializers.CharField(max_length=64, required=False, validators=[validate_timezone])

    def validate_email(self, value):
        # Whether the address is taken is not a validation error: see accounts.services.register_student.
        return value.lower()

    def validate(self, attrs):
        candidate = User(email=attrs["email"], first_name=attrs["first_name"], last_name=attrs["last_name"])
        try:
            validate_password(attrs["password"], user=candidate)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"password": list(error.messages)})
        return attrs


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "timezone"]


class AuthThrottled(APIView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"
    permission_classes = [AllowAny]


REGISTERED = inline_serializer("Registered", {"detail": serializers.CharField(), "email": serializers.EmailField()})


class RegisterView(AuthThrottled):
    @extend_schema(request=RegisterSerializer, responses={202: REGISTERED})
    def post(self, request):
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            email = register_student(request._request, **serializer.validated_data)
        except DjangoValidationError as error:  # only with ACCOUNT_PREVENT_ENUMERATION off, as on the web form
            raise serializers.ValidationError({"email": error.messages})
        # 202 and the same words for a new or a taken address: the email tells the owner which it was.
        return Response({
            "detail": "We sent an email to this address: follow its link to verify it, then log in. "
                      "If the address already has an account, the email says how to get into it.",
            "email": email,
        }, status=status.HTTP_202_ACCEPTED)


class LoginSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(style={"input_type": "password"})


DETAIL = inline_serializer("Detail", {"detail": serializers.CharField()})
TOKEN_PAIR = inline_serializer("TokenPair", {
    "access": serializers.CharField(), "refresh": serializers.CharField(), "user": UserSerializer(),
})


class LoginView(AuthThrottled):
    @extend_schema(request=LoginSerializer, responses={
        200: TOKEN_PAIR,
        401: refusal("Email or password is wrong (code invalid_credentials)."),
        403: refusal("The email address is not verified yet (code email_not_verified)."),
        429: refusal("Too many failed logins for this account (code too_many_attempts), or too many requests."),
    })
    def post(self, request):
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # allauth's adapter, as the web form: the same per-account and per-address limits on failures
        # ("login_failed" in ACCOUNT_RATE_LIMITS), so the API is no side door for guessing.
        try:
            user = get_adapter(request._request).authenticate(
                request._request, email=serializer.validated_data["email"].lower(),
                password=serializer.validated_data["password"],
            )
        except DjangoValidationError:
            return Response(
                {"detail": "Too many failed logins for this account. Wait a few minutes, or reset your password.",
                 "code": "too_many_attempts"},
                status=status.HTTP_429_TOO_MANY_REQUESTS, headers={"Retry-After": "300"},
            )
        if user is None or not user.is_active:  # allauth's backend returns inactive users for its own page
            return Response(
                {"detail": "Email or password is wrong.", "code": "invalid_credentials"},
                status=status.HTTP_401_UNAUTHORIZED,
            )
        if not EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
            return Response(
                {"detail": "Verify your email address first: follow the link we emailed you.", "code": "email_not_verified"},
                status=status.HTTP_403_FORBIDDEN,
            )
        refresh = issue_tokens(user)
        return Response({"access": str(refresh.access_token), "refresh": str(refresh), "user": UserSerializer(user).data})


class LogoutView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=inline_serializer("Logout", {"refresh": serializers.CharField()}),
        responses={205: None, 403: refusal("That refresh token belongs to someone else.")},
    )
    def post(self, request):
        raw = request.data.get("refresh") if hasattr(request.data, "get") else None
        if not isinstance(raw, str) or not raw:
            return Response({"refresh": ["This field is required."]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            token = RefreshToken(raw)
        except TokenError:
            return Response(
                {"detail": "The refresh token is invalid or expired.", "code": "token_not_valid"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if token.get("user_id") != str(request.user.pk) and token.get("user_id") != request.user.pk:
            return Response(
                {"detail": "That refresh token belongs to someone else.", "code": "not_yours"},
                status=status.HTTP_403_FORBIDDEN,
            )
        token.blacklist()
        return Response(status=status.HTTP_205_RESET_CONTENT)


class PasswordResetView(AuthThrottled):
    @extend_schema(request=inline_serializer("PasswordReset", {"email": serializers.EmailField()}), responses={200: DETAIL})
    def post(self, request):
        form = ResetPasswordForm(data={"email": request.data.get("email", "")} if hasattr(request.data, "get") else {})
        if not form.is_valid():
            return Response({"email": ["Enter a valid email address."]}, status=status.HTTP_400_BAD_REQUEST)
        # The web form's limits per address ("reset_password"): no flood of reset emails to one inbox.
        if not ratelimit.consume(request._request, action="reset_password", key=form.cleaned_data["email"].lower()):
            return Response(
                {"detail": "Too many reset requests for this address. Wait a minute.", "code": "too_many_attempts"},
                status=status.HTTP_429_TOO_MANY_REQUESTS, headers={"Retry-After": "60"},
            )
        form.save(request._request)
        # The same answer whether or not the address has an account: no enumeration.
        return Response({"detail": "If an account uses that address, we sent it a password reset link."})


class PasswordResetConfirmSerializer(serializers.Serializer):
    uid = serializers.CharField(max_length=32)
    token = serializers.CharField(max_length=128)
    new_password = serializers.CharField(max_length=128, style={"input_type": "password"})


class PasswordResetConfirmView(AuthThrottled):
    @extend_schema(request=PasswordResetConfirmSerializer, responses={200: DETAIL})
    def post(self, request):
        # Every field present and a string before allauth's form sees them: it fails on a missing uid,
        # and with a TypeError when the uid names nobody.
        serializer = PasswordResetConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        token_form = UserTokenForm(data={"uidb36": data["uid"], "key": data["token"]})
        try:
            valid = token_form.is_valid()
        except (TypeError, ValueError):
            valid = False
        if not valid:
            return Response(
                {"detail": "The reset link is invalid or has expired. Ask for a new one.", "code": "invalid_token"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        user = token_form.reset_user
        password = data["new_password"]
        form = ResetPasswordKeyForm(user=user, data={"password1": password, "password2": password})
        if not form.is_valid():
            return Response({"new_password": form.errors.get("password1", ["Choose another password."])}, status=400)
        form.save()  # a new password signs out every device (accounts.signals)
        return Response({"detail": "Your password is changed. Log in with the new one."})
