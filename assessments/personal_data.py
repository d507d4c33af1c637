"""What the assessments room keeps about a person, for accounts.personal_data."""

from .models import QuizAttempt, Submission, SubmissionFile


def export_assessments(user):
    return {
        "quiz_attempts": [
            {"quiz_id": a.quiz_id, "number": a.number, "started_at": a.started_at.isoformat(),
             "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None, "answers": a.answers,
             "score": str(a.score) if a.score is not None else None, "percent": str(a.percent) if a.percent is not None else None,
             "passed": a.passed}
            for a in QuizAttempt.objects.filter(user=user).order_by("started_at")
        ],
        "submissions": [
            {"assignment_id": s.assignment_id, "version": s.version, "text": s.text, "submitted_at": s.submitted_at.isoformat(),
             "status": s.status, "score": str(s.score) if s.score is not None else None, "feedback": s.feedback,
             "files": [f.name for f in s.files.all()]}
            for s in Submission.objects.filter(user=user).prefetch_related("files").order_by("submitted_at")
        ],
    }


def erase_assessments(user):
    """Submitted work (texts and files) goes; scores stay on the record until the account itself leaves."""
    for stored in SubmissionFile.objects.filter(submission__user=user):
        stored.file.delete(save=False)
    SubmissionFile.objects.filter(submission__user=user).delete()
    Submission.objects.filter(user=user).update(text="")
    QuizAttempt.objects.filter(user=user).update(answers=None)
