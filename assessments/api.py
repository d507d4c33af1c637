"""Quiz and assignment API: take quizzes, hand in work, and grade it (docs/api.md, "Assessments")."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from enrolment.access import lesson_gate
from lms_site.links import absolute_url
from lms_site.parsers import BoundedJSONParser
from lms_site.schema import refusal

from . import services
from .files import file_link
from .models import QuizAttempt, Submission

LOCKED = refusal("The lesson is locked to you: log in, enrol or finish its prerequisites (`code` says which).")
NOT_TRACKED = refusal("Only enrolled students whose lesson is open take quizzes and hand in work.")
INACTIVE_OR_USED = refusal(
    "`no_attempts_left` (max attempts used), `already_submitted`, `time_up` (past the time limit and grace), "
    "`not_active` (the block left its lesson) or `quiz_empty`."
)

QUESTION = inline_serializer("QuizQuestion", {
    "id": serializers.CharField(),
    "type": serializers.ChoiceField(["single", "multiple", "true_false", "short_answer"]),
    "text": serializers.CharField(help_text="HTML"),
    "points": serializers.IntegerField(),
    "options": inline_serializer("QuizOption", {"id": serializers.CharField(), "text": serializers.CharField()}, many=True),
})
QUIZ = inline_serializer("Quiz", {
    "id": serializers.IntegerField(), "lesson_id": serializers.IntegerField(), "block_id": serializers.CharField(),
    "title": serializers.CharField(), "instructions": serializers.CharField(help_text="HTML"),
    "question_count": serializers.IntegerField(), "pass_percent": serializers.IntegerField(),
    "max_attempts": serializers.IntegerField(allow_null=True), "time_limit_minutes": serializers.IntegerField(allow_null=True),
    "feedback": serializers.ChoiceField(["immediate", "delayed"]), "is_required": serializers.BooleanField(),
    "attempts_used": serializers.IntegerField(), "attempts_left": serializers.IntegerField(allow_null=True),
    "best_percent": serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True),
    "passed": serializers.BooleanField(), "attempt_in_progress": serializers.IntegerField(allow_null=True),
})
STARTED = inline_serializer("QuizAttemptStarted", {
    "attempt_id": serializers.IntegerField(), "number": serializers.IntegerField(),
    "expires_at": serializers.DateTimeField(allow_null=True), "questions": QUESTION.__class__(many=True),
})
FEEDBACK = inline_serializer("QuestionFeedback", {
    "question_id": serializers.CharField(), "correct": serializers.BooleanField(),
    "points_awarded": serializers.DecimalField(max_digits=8, decimal_places=2), "points": serializers.IntegerField(),
    "your_option_ids": serializers.ListField(child=serializers.CharField()), "your_text": serializers.CharField(),
    "correct_option_ids": serializers.ListField(child=serializers.CharField()),
    "accepted_answers": serializers.ListField(child=serializers.CharField()), "explanation": serializers.CharField(),
})
GRADED = inline_serializer("QuizAttemptGraded", {
    "attempt_id": serializers.IntegerField(), "score": serializers.DecimalField(max_digits=8, decimal_places=2),
    "max_score": serializers.DecimalField(max_digits=8, decimal_places=2),
    "percent": serializers.DecimalField(max_digits=5, decimal_places=2), "passed": serializers.BooleanField(),
    "attempts_left": serializers.IntegerField(allow_null=True), "lesson_completed": serializers.BooleanField(),
    "feedback_mode": serializers.ChoiceField(["immediate", "delayed"]),
    "feedback": FEEDBACK.__class__(many=True, required=False, help_text="Immediate mode, or once answers are released."),
})


class AnswerSerializer(serializers.Serializer):
    question_id = serializers.CharField(max_length=100)
    option_ids = serializers.ListField(child=serializers.CharField(max_length=40), max_length=50, required=False)
    text = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class SubmitQuizSerializer(serializers.Serializer):
    attempt_id = serializers.IntegerField(required=False, help_text="Leave out to start and grade at once (untimed quizzes).")
    answers = AnswerSerializer(many=True, max_length=200)


def quiz_and_access(request, pk, track=False):
    quiz = services.get_quiz(pk)
    access = lesson_gate(request.user, quiz.lesson)
    access.require_tracking() if track else access.require_open()
    return quiz, access


class QuizDetailView(APIView):
    """The quiz as this user sees it: settings, attempts used and left, best score; never the questions' answers."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: QUIZ, 403: LOCKED, 404: refusal("No such quiz, or its course is hidden."),
                              409: refusal("The quiz is no longer part of its lesson (`not_active`).")})
    def get(self, request, pk):
        quiz, access = quiz_and_access(request, pk)
        block = services.live_block(quiz, "quiz")
        attempts = list(QuizAttempt.objects.filter(quiz=quiz, user=request.user)) if access.enrolment else []
        return Response(services.quiz_summary(request.user, quiz, block, attempts))


class QuizStartView(APIView):
    """Start an attempt (or get back the one in progress): its questions in its own order, without answers."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: STARTED, 201: STARTED, 403: NOT_TRACKED, 409: INACTIVE_OR_USED})
    def post(self, request, pk):
        quiz, access = quiz_and_access(request, pk, track=True)
        attempt, created = services.start_attempt(request.user, quiz, access=access)
        return Response(services.open_attempt_body(attempt), status=201 if created else 200)


class QuizSubmitView(APIView):
    """Hand in answers; graded on the server from the attempt's snapshot."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=SubmitQuizSerializer, responses={
        200: GRADED, 403: NOT_TRACKED, 404: refusal("No attempt of yours with that id at this quiz (`attempt_not_found`)."),
        409: INACTIVE_OR_USED,
    })
    def post(self, request, pk):
        quiz, access = quiz_and_access(request, pk, track=True)
        serializer = SubmitQuizSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        answers = [dict(a) for a in data["answers"]]
        return Response(services.submit_attempt(request.user, quiz, data.get("attempt_id"), answers, access=access))


ATTEMPT = inline_serializer("QuizAttemptSummary", {
    "attempt_id": serializers.IntegerField(), "number": serializers.IntegerField(),
    "student": inline_serializer("AttemptStudent", {"id": serializers.IntegerField(), "name": serializers.CharField()}),
    "state": serializers.ChoiceField(["in_progress", "submitted", "expired"]),
    "started_at": serializers.DateTimeField(), "submitted_at": serializers.DateTimeField(allow_null=True),
    "score": serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True),
    "max_score": serializers.DecimalField(max_digits=8, decimal_places=2),
    "percent": serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True),
    "passed": serializers.BooleanField(allow_null=True),
})


def student_of(user):
    return {"id": user.pk, "name": user.get_full_name() or user.email}


class QuizAttemptsView(APIView):
    """The attempts at a quiz: a student's own; the course's instructors see every student's."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ATTEMPT.__class__(many=True), 403: LOCKED, 404: refusal("No such quiz.")})
    def get(self, request, pk):
        quiz, access = quiz_and_access(request, pk)
        attempts = services.attempts_for(request.user, quiz, access)
        return Response([{
            "attempt_id": a.pk, "number": a.number, "student": student_of(a.user), "state": services.attempt_state(a),
            "started_at": a.started_at, "submitted_at": a.submitted_at,
            "score": str(a.score) if a.score is not None else None, "max_score": str(a.max_score),
            "percent": str(a.percent) if a.percent is not None else None, "passed": a.passed,
        } for a in attempts])


# --- Assignments ---------------------------------------------------------------------------------

FILE = inline_serializer("SubmissionFileLink", {
    "id": serializers.IntegerField(), "name": serializers.CharField(), "size": serializers.IntegerField(),
    "content_type": serializers.CharField(), "url": serializers.URLField(help_text="A signed link, valid a few minutes."),
})
SUBMISSION = inline_serializer("Submission", {
    "id": serializers.IntegerField(), "assignment_id": serializers.IntegerField(),
    "student": inline_serializer("SubmissionStudent", {"id": serializers.IntegerField(), "name": serializers.CharField()}),
    "version": serializers.IntegerField(), "text": serializers.CharField(), "submitted_at": serializers.DateTimeField(),
    "status": serializers.ChoiceField([s.value for s in Submission.Status]),
    "score": serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True),
    "rubric_levels": serializers.DictField(child=serializers.IntegerField()),
    "feedback": serializers.CharField(), "graded_at": serializers.DateTimeField(allow_null=True),
    "files": FILE.__class__(many=True),
})
ASSIGNMENT = inline_serializer("Assignment", {
    "id": serializers.IntegerField(), "lesson_id": serializers.IntegerField(), "block_id": serializers.CharField(),
    "title": serializers.CharField(), "instructions": serializers.CharField(help_text="HTML"),
    "max_score": serializers.IntegerField(),
    "rubric": serializers.ListField(child=serializers.DictField()),
    "allow_text": serializers.BooleanField(), "allowed_file_types": serializers.ListField(child=serializers.CharField()),
    "max_files": serializers.IntegerField(), "max_file_mb": serializers.IntegerField(),
    "allow_resubmission": serializers.BooleanField(), "completes_on": serializers.CharField(),
    "pass_score": serializers.IntegerField(allow_null=True), "may_submit": serializers.BooleanField(),
    "submissions": SUBMISSION.__class__(many=True, help_text="Your versions, newest first (empty for others)."),
})


def submission_body(user, submission):
    graded = submission.status in (Submission.Status.GRADED, Submission.Status.RETURNED)
    return {
        "id": submission.pk, "assignment_id": submission.assignment_id, "student": student_of(submission.user),
        "version": submission.version, "text": submission.text, "submitted_at": submission.submitted_at,
        "status": submission.status,
        "score": str(submission.score) if graded and submission.score is not None else None,
        "rubric_levels": submission.rubric_levels if graded else {},
        "feedback": submission.feedback if graded else "", "graded_at": submission.graded_at if graded else None,
        "files": [{"id": f.pk, "name": f.name, "size": f.size, "content_type": f.content_type,
                   "url": absolute_url(file_link(user, f))} for f in submission.files.all()],
    }


def rubric_of(value):
    return [{
        "name": c["name"], "description": c.get("description") or "",
        "levels": [{"label": lv["label"], "points": lv["points"], "description": lv.get("description") or ""}
                   for lv in c["levels"]],
    } for c in value.get("rubric") or []]


class AssignmentDetailView(APIView):
    """The assignment, its rubric and rules for files, and your own versions."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: ASSIGNMENT, 403: LOCKED, 404: refusal("No such assignment."),
                              409: refusal("The assignment is no longer part of its lesson (`not_active`).")})
    def get(self, request, pk):
        assignment = services.get_assignment(pk)
        access = lesson_gate(request.user, assignment.lesson).require_open()
        value = services.live_block(assignment, "assignment").value
        mine = []
        if request.user.is_authenticated:
            mine = list(Submission.objects.filter(assignment=assignment, user=request.user)
                        .select_related("user").prefetch_related("files").order_by("-version"))
        return Response({
            "id": assignment.pk, "lesson_id": assignment.lesson_id, "block_id": assignment.block_id,
            "title": value["title"], "instructions": value["instructions"].source, "max_score": value["max_score"],
            "rubric": rubric_of(value), "allow_text": bool(value["allow_text"]),
            "allowed_file_types": list(value["allowed_file_types"] or []), "max_files": value["max_files"],
            "max_file_mb": value["max_file_mb"], "allow_resubmission": bool(value["allow_resubmission"]),
            "completes_on": value["completes_on"], "pass_score": value.get("pass_score"),
            "may_submit": access.refusal(track=True) is None and services.may_resubmit(value, mine[0] if mine else None),
            "submissions": [submission_body(request.user, s) for s in mine],
        })


SUBMIT_ASSIGNMENT = inline_serializer("AssignmentSubmit", {
    "text": serializers.CharField(required=False, help_text="The typed answer, when the assignment takes one."),
    "files": serializers.ListField(child=serializers.FileField(), required=False, help_text="Repeat the field per file."),
})


class AssignmentSubmitView(APIView):
    """Hand in work (multipart/form-data: `text` and repeated `files`)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, BoundedJSONParser]
    max_body_bytes = 260 * 1024 * 1024  # ten files of 25 MB and the form around them; each file is checked too

    @extend_schema(request={"multipart/form-data": SUBMIT_ASSIGNMENT}, responses={
        201: SUBMISSION, 403: NOT_TRACKED,
        409: refusal("`already_submitted`: handed in (and no resubmission), or graded and not returned; `not_active`."),
        413: refusal("A file is larger than the assignment allows (`file_too_large`), or the body is too large."),
        415: refusal("A file type the assignment does not take, or content that does not match its extension."),
        422: refusal("ClamAV found malware in a file (`infected`); nothing was stored."),
        503: refusal("The virus scanner cannot be reached (`scanner_unavailable`); nothing was stored."),
    })
    def post(self, request, pk):
        assignment = services.get_assignment(pk)
        access = lesson_gate(request.user, assignment.lesson).require_tracking()
        text = request.data.get("text", "") if hasattr(request.data, "get") else ""
        files = request.FILES.getlist("files") if hasattr(request, "FILES") else []
        submission = services.submit_assignment(request.user, assignment, text if isinstance(text, str) else "",
                                                 files, access=access)
        return Response(submission_body(request.user, submission), status=201)


class AssignmentSubmissionsView(APIView):
    """Every version every student handed in (the course's instructors, moderators and admins)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: SUBMISSION.__class__(many=True), 403: refusal("Not this course's instructor."),
                              404: refusal("No such assignment.")})
    def get(self, request, pk):
        assignment = services.get_assignment(pk)
        access = lesson_gate(request.user, assignment.lesson)
        if not access.is_staff:
            access.require_open()
        return Response([submission_body(request.user, s) for s in services.submissions_for(request.user, assignment, access)])


class GradeSerializer(serializers.Serializer):
    score = serializers.DecimalField(max_digits=7, decimal_places=2, required=False, allow_null=True)
    rubric_levels = serializers.DictField(child=serializers.IntegerField(min_value=0), required=False,
                                          help_text="Criterion number (from 0) -> chosen level number (from 0).")
    feedback = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    return_for_resubmission = serializers.BooleanField(required=False, default=False)


class GradeSubmissionView(APIView):
    """Grade the latest version: a rubric level per criterion (summed) or a score, feedback, or return it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=GradeSerializer, responses={
        200: SUBMISSION, 403: refusal("Not this course's instructor (`not_course_staff`)."),
        404: refusal("No such submission that you may grade."),
        409: refusal("The student handed in a newer version (`superseded`)."),
    })
    def put(self, request, pk):
        submission = services.staff_submission(request.user, pk)
        serializer = GradeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        graded = services.grade_submission(
            request.user, submission, score=data.get("score"), rubric_levels=data.get("rubric_levels"),
            feedback=data.get("feedback", ""), return_for_resubmission=data.get("return_for_resubmission", False),
        )
        graded = Submission.objects.select_related("user").prefetch_related("files").get(pk=graded.pk)
        return Response(submission_body(request.user, graded))
