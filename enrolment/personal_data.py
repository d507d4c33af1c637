"""What the learning room keeps about a person, for accounts.personal_data."""

from .models import AIToolSession, BlockProgress, Certificate, Enrolment, LessonProgress, XAPIStatement


def export_learning(user):
    return {
        "enrolments": [
            {"course_id": e.course_id, "status": e.status, "source": e.source, "enrolled_at": e.enrolled_at.isoformat(),
             "progress": str(e.progress), "completed_at": e.completed_at.isoformat() if e.completed_at else None}
            for e in Enrolment.objects.filter(user=user).order_by("enrolled_at")
        ],
        "lessons": list(LessonProgress.objects.filter(user=user).values(
            "lesson_id", "status", "time_spent_seconds", "completed_at")),
        "blocks": list(BlockProgress.objects.filter(user=user).values(
            "lesson_id", "block_id", "block_type", "is_satisfied", "score", "watched_seconds", "open_count",
            "download_count")),
        "xapi_statements": list(XAPIStatement.objects.filter(user=user).values_list("statement", flat=True)),
        "ai_tool_sessions": list(AIToolSession.objects.filter(user=user).values(
            "lesson_id", "block_id", "tool_id", "score", "time_spent_seconds", "data")),
        "certificates": [
            {"code": c.code, "course_title": c.course_title, "student_name": c.student_name,
             "completed_at": c.completed_at.isoformat(), "issued_at": c.issued_at.isoformat(), "status": c.status}
            for c in Certificate.objects.filter(enrolment__user=user).order_by("issued_at")
        ],
    }


def erase_learning(user):
    """Activity traces go; enrolments and progress are the person's record and leave with the account."""
    XAPIStatement.objects.filter(user=user).delete()
    AIToolSession.objects.filter(user=user).update(data={})
    BlockProgress.objects.filter(user=user).update(intervals=[])
