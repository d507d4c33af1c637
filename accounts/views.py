from zoneinfo import available_timezones

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from . import verification
from .forms import ProfileForm

TIMEZONES = sorted(tz for tz in available_timezones() if "/" in tz and not tz.startswith("Etc/"))


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, request.FILES or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("profile")
    return TemplateResponse(request, "accounts/profile.html", {"form": form, "timezones": TIMEZONES})


@require_POST
def resend_verification(request):
    """"Send the link again" on the "check your email" page."""
    request.resending_verification = True  # allauth's own "sent" message stays quiet: ours follows
    sent = verification.send_again(request)
    if sent is None:
        messages.info(request, "Log in with your email address and password, and we will email you a new link.")
        return redirect("account_login")
    if sent:
        messages.success(request, f"We sent a new link to {verification.waiting_address(request)}.")
    else:
        messages.info(request, "We sent you a link less than three minutes ago. Give it a moment (and look in "
                      "your spam or promotions folder); you can ask again after that.")
    return redirect("account_email_verification_sent")
