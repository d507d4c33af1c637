"""The quiz and assignment trackers, registered into enrolment's registry (enrolment needs no edit).

They say what a gating quiz or assignment still needs, in words, and add the row's id (`quiz_id`,
`assignment_id`) and the student's standing to the block's value in the lesson API.
"""

from enrolment.trackers import BlockTracker, register

from .models import Assignment, Quiz, Submission


def whole(value):
    return int(round(float(value)))


class QuizTracker(BlockTracker):
    block_type = "quiz"

    def needs(self, block, progress):
        best = progress.score if progress and progress.score is not None else None
        so_far = f" (best so far {whole(best)}%)" if best is not None else ""
        return f"Pass the quiz “{self.title(block)}” with {block.value['pass_percent']}% or more{so_far}"

    def student_state(self, block, progress):
        return {"best_score": float(progress.score) if progress and progress.score is not None else None}

    def lesson_state(self, lesson, block, progress):
        quiz_id = Quiz.objects.filter(lesson=lesson, block_id=block.id).values_list("pk", flat=True).first()
        return {"quiz_id": quiz_id, **self.student_state(block, progress)}


class AssignmentTracker(BlockTracker):
    block_type = "assignment"

    def needs(self, block, progress):
        if block.value.get("completes_on") == "pass":
            return f"Reach {block.value['pass_score']} of {block.value['max_score']} in the assignment “{self.title(block)}”"
        return f"Hand in the assignment “{self.title(block)}”"

    def lesson_state(self, lesson, block, progress):
        assignment_id = Assignment.objects.filter(lesson=lesson, block_id=block.id).values_list("pk", flat=True).first()
        latest = None
        if progress is not None and assignment_id is not None:
            latest = Submission.objects.filter(assignment_id=assignment_id, user_id=progress.user_id) \
                .order_by("-version").first()
        graded = latest is not None and latest.status == Submission.Status.GRADED
        return {
            "assignment_id": assignment_id,
            "submission_status": latest.status if latest else None,
            "score": str(latest.score) if graded else None,
        }


register(QuizTracker())
register(AssignmentTracker())
