"""The lesson page's quiz and assignment forms (plain POST forms: they work without JavaScript),
and submitted files through their signed links. Each view calls the service and shows its refusal."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST, require_safe

from enrolment.access import lesson_gate
from enrolment.file_views import stored_locally
from lms_site.errors import DomainError

from . import services
from .files import open_file_link


def back_to_block(request, row):
    return redirect(f"{row.lesson.get_url(request)}#block-{row.block_id}")


def visible(request, row):
    """The gate's answer for this user and the row's lesson; 404 when the lesson is hidden from them."""
    access = lesson_gate(request.user, row.lesson)
    if not access.visible:
        raise Http404("This lesson is not available.")
    return access


def found(getter, pk):
    try:
        return getter(pk)
    except DomainError:
        raise Http404("Not found.") from None


@require_POST
@login_required
def start_quiz(request, pk):
    quiz = found(services.get_quiz, pk)
    access = visible(request, quiz)
    try:
        services.start_attempt(request.user, quiz, access=access)
    except DomainError as error:
        messages.error(request, error.message)
    return back_to_block(request, quiz)


def answers_from_form(post):
    """[{question_id, option_ids} | {question_id, text}] from fields `q-<id>` (choices) and `t-<id>` (text)."""
    answers = []
    for key in post:
        if key.startswith("q-"):
            answers.append({"question_id": key[2:], "option_ids": post.getlist(key)})
        elif key.startswith("t-"):
            answers.append({"question_id": key[2:], "text": post.get(key, "")})
    return answers


@require_POST
@login_required
def submit_quiz(request, pk):
    quiz = found(services.get_quiz, pk)
    access = visible(request, quiz)
    try:
        attempt_id = int(request.POST.get("attempt_id", ""))
    except ValueError:
        attempt_id = None
    try:
        result = services.submit_attempt(request.user, quiz, attempt_id, answers_from_form(request.POST), access=access)
    except DomainError as error:
        messages.error(request, error.message)
        return back_to_block(request, quiz)
    percent = int(float(result["percent"]))
    if result["passed"]:
        done = " The lesson is complete." if result["lesson_completed"] else ""
        messages.success(request, f"You scored {percent}% and passed “{quiz.title}”.{done}")
    else:
        messages.info(request, f"You scored {percent}% on “{quiz.title}”. Look at the feedback and try again.")
    return back_to_block(request, quiz)


@require_POST
@login_required
def submit_assignment_view(request, pk):
    assignment = found(services.get_assignment, pk)
    access = visible(request, assignment)
    try:
        services.submit_assignment(request.user, assignment, request.POST.get("text", ""),
                                   request.FILES.getlist("files"), access=access)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Your work for “{assignment.title}” is handed in.")
    return back_to_block(request, assignment)


@require_safe
def serve_submission_file(request, token, filename):
    try:
        stored = open_file_link(token)
    except DomainError as error:
        response = JsonResponse(error.body(), status=error.status)
        response["Cache-Control"] = "no-store"
        return response
    if not stored_locally(stored.file):
        response = HttpResponseRedirect(stored.file.url)  # S3: the storage's presigned URL, checked here first
        response["Cache-Control"] = "no-store"
        return response
    content_type = stored.content_type or mimetypes.guess_type(stored.name)[0] or "application/octet-stream"
    inline = content_type in ("application/pdf", "image/png", "image/jpeg", "text/plain")
    response = FileResponse(stored.file.open("rb"), content_type=content_type, as_attachment=not inline,
                            filename=stored.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response
