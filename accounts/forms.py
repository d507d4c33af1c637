from django import forms

from .models import User, validate_timezone


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    first_name = forms.CharField(max_length=150, label="First name")
    last_name = forms.CharField(max_length=150, label="Last name")

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])


class ProfileForm(forms.ModelForm):
    timezone = forms.CharField(
        max_length=64,
        validators=[validate_timezone],
        help_text="An IANA time zone, for example Africa/Johannesburg.",
        widget=forms.TextInput(attrs={"list": "timezones", "autocomplete": "off"}),
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "timezone", "bio", "avatar"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def clean_avatar(self):
        avatar = self.cleaned_data.get("avatar")
        if avatar and hasattr(avatar, "size") and avatar.size > 2 * 1024 * 1024:
            raise forms.ValidationError("The picture is larger than 2 MB.")
        return avatar

