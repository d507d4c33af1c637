"""Budget coach: an example third-party AI tool.

It behaves like a tool hosted elsewhere would: it knows nothing of our database or sessions. It
gets a launch token in its URL, asks the learning site who the student is (validate-token, with
its secret), lets the student do something, and reports the result from its server (complete,
with its secret). Only then does the page tell the lesson page, by postMessage, to refresh.

It lives in this repository so `make run` and the demo course have a working tool; a real tool
would keep its secret in its own configuration and the learning site's URL in a setting.
"""

import time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from urllib.parse import urlsplit

from django.conf import settings
from django.template.response import TemplateResponse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from lms_site.outbound import OutboundError, post_json

# Only for a first run on a developer's machine; set EXAMPLE_AI_TOOL_SECRET everywhere else.
DEV_SECRET = "dev-only-example-ai-tool-secret-change-me"
DEFAULT_BUDGET = 1000
DEFAULT_TARGET_PERCENT = 20


def tool_secret():
    return getattr(settings, "EXAMPLE_AI_TOOL_SECRET", DEV_SECRET)


def lms_url(request, path):
    """Where the learning site's API is: EXAMPLE_AI_TOOL_LMS_URL, else SITE_URL; never the request's
    Host header, which the caller chooses (a forged Host would send our secret to their server)."""
    base = getattr(settings, "EXAMPLE_AI_TOOL_LMS_URL", "") or settings.SITE_URL
    return base.rstrip("/") + path


def lms_origin(request):
    parts = urlsplit(lms_url(request, "/"))
    return f"{parts.scheme}://{parts.netloc}"


def call_lms(request, path, payload):
    """POST to the learning site with our secret; (status, body). status is None when unreachable."""
    try:
        answer = post_json(lms_url(request, path), payload, headers={"Authorization": f"Bearer {tool_secret()}"})
    except OutboundError:
        return None, {}
    return answer.status, answer.body


def _number(value, default, low, high):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default


def _page(request, context, status=200):
    response = TemplateResponse(request, "example_ai_tool/tool.html", context, status=status)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"  # the launch token is in our URL
    return response


LAUNCH_ERRORS = {
    "token_expired": "This activity link has expired. Reload the lesson page to start again.",
    "token_missing": "Open this activity from your lesson.",
}


def _launch_error(status, body):
    if status is None:
        return "The learning site cannot be reached right now. Please try again in a minute."
    return LAUNCH_ERRORS.get(body.get("code"), "This activity link is not valid. Reload the lesson page to start again.")


@csrf_exempt  # no cookies in a third-party frame; the launch token in the form is the proof
@xframe_options_sameorigin  # served from the learning site's own origin in this repository
@require_http_methods(["GET", "POST"])
def budget_coach(request):
    if request.method == "POST":
        return _finish(request)
    token = request.GET.get("token", "")
    if not token:
        return _page(request, {"error": LAUNCH_ERRORS["token_missing"]}, status=400)
    status, body = call_lms(request, "/api/ai-tools/validate-token/", {"token": token})
    if status != 200 or not body.get("valid"):
        return _page(request, {"error": _launch_error(status, body)}, status=400)
    params = body.get("params") or {}
    return _page(request, {
        "token": token,
        "first_name": (body.get("student") or {}).get("first_name") or "there",
        "budget": _number(params.get("budget"), DEFAULT_BUDGET, 100, 1_000_000),
        "target": _number(params.get("target_percent"), DEFAULT_TARGET_PERCENT, 1, 100),
        "started": int(time.time()),
    })


def _finish(request):
    token = request.POST.get("token", "")
    budget = _number(request.POST.get("budget"), DEFAULT_BUDGET, 100, 1_000_000)
    target = _number(request.POST.get("target"), DEFAULT_TARGET_PERCENT, 1, 100)
    form = {"token": token, "budget": budget, "target": target, "started": request.POST.get("started", "")}
    try:
        saved = Decimal(request.POST.get("saved", "")).quantize(Decimal("1"), ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        saved = None
    if saved is None or not 0 <= saved <= budget:
        return _page(request, {**form, "first_name": "", "form_error": f"Enter an amount from R0 to R{budget}."}, status=400)

    percent = saved * 100 / budget
    score = min(100, int((percent * 100 / target).to_integral_value(ROUND_HALF_UP)))
    started = _number(request.POST.get("started"), 0, 0, 2**40)
    time_spent = max(0, min(24 * 3600, int(time.time()) - started)) if started else 0
    status, body = call_lms(request, "/api/ai-tools/complete/", {
        "token": token, "score": score, "time_spent": time_spent,
        "data": {"saved": int(saved), "budget": budget, "target_percent": target},
    })
    if status == 200 and body.get("stored"):
        note = ""
    elif status == 409:
        note = "You already finished this activity; your first result counts."
    elif status == 403 and body.get("code") == "not_enrolled":
        note = "Preview only: nothing was recorded because you are not enrolled."
    elif body.get("code") == "token_expired":
        return _page(request, {"error": LAUNCH_ERRORS["token_expired"]}, status=400)
    elif status is None:
        return _page(request, {**form, "first_name": "", "form_error": _launch_error(None, {})}, status=502)
    else:
        return _page(request, {"error": body.get("detail") or "The learning site did not accept the result."}, status=400)
    if percent >= target:
        feedback = f"Saving R{saved} ({percent:.0f}%) meets the {target}% goal. Well done!"
    elif saved == 0:
        feedback = f"Try to put something away: even R{budget * target // 100} a month adds up."
    else:
        feedback = f"Saving R{saved} ({percent:.0f}%) is a start. The goal is {target}%: R{budget * target // 100}."
    return _page(request, {
        "done": True, "score": score, "feedback": feedback, "note": note, "lms_origin": lms_origin(request),
    })
