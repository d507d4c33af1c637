"""The notices page, opening one (marks it read), marking all read, and the optional-email choice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from .services import mark_read, notifications_for, safe_target, set_optional_emails, unread_count


@login_required
def notification_list(request):
    page = Paginator(notifications_for(request.user), 30).get_page(request.GET.get("page"))
    return TemplateResponse(request, "notifications/list.html", {"page_obj": page, "unread": unread_count(request.user)})


@require_POST
@login_required
def open_notification(request, pk):
    """Mark one notice read and follow its link (only ever to a page of this site)."""
    notice = get_object_or_404(notifications_for(request.user), pk=pk)
    mark_read(request.user, [notice.pk])
    return redirect(safe_target(notice.url))


@require_POST
@login_required
def mark_all_read(request):
    count = mark_read(request.user)
    messages.success(request, f"Marked {count} notice{'s' if count != 1 else ''} as read." if count else "Nothing unread.")
    return redirect("notifications")


@require_POST
@login_required
def email_choices(request):
    wanted = request.POST.get("optional_emails") == "on"
    set_optional_emails(request.user, wanted)
    messages.success(request, "You will get optional emails." if wanted else
                     "Optional emails are off. Emails about your certificates, graded work and account still come.")
    return redirect("/accounts/profile/#email-choices")
