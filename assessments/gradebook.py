"""The instructor's views of a course's assessments: the "To grade" queue and the gradebook.

Both load in a fixed number of queries whatever the number of students, submissions or
questions (tests/test_query_counts.py of this app). Who may see a course's grades is
`courses.roles` (the course's staff); the queue lists only courses the user is staff of.
"""

import csv
import io
from functools import reduce
from operator import or_

from django.db.models import Max, Q
from openpyxl import Workbook

from courses.roles import staff_courses
from courses.structure import keep_link, link_of
from enrolment.models import Enrolment
from lms_site import cache_versions
from lms_site.spreadsheets import neutralise_formula

from .models import Assignment, Quiz, QuizAttempt, Submission


def in_courses_q(courses, prefix="assignment__lesson__path"):
    """Rows whose lesson lies in one of these courses (by tree path)."""
    paths = [c.path for c in courses]
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{prefix}__startswith": p}) for p in paths))


def course_by_lesson_path(courses, lesson_path):
    for course in courses:
        if lesson_path.startswith(course.path):
            return course
    return None


def to_grade(user, course=None):
    """(submissions waiting for a grade, oldest first, each with `.course`; the user's courses). Two queries."""
    courses = list(staff_courses(user).order_by("title"))
    chosen = [c for c in courses if course is None or c.pk == course.pk]
    submissions = list(
        Submission.objects.filter(in_courses_q(chosen), status=Submission.Status.SUBMITTED)
        .select_related("user", "assignment__lesson").order_by("submitted_at", "pk")
    )
    for submission in submissions:
        submission.course = course_by_lesson_path(chosen, submission.assignment.lesson.path)
    return submissions, courses


ASSESSMENTS_SECONDS = 3600


def cached_course_assessments(course):
    """`course_assessments`, kept under the "pages" version (publishing, which syncs the rows, bumps
    it; so does any save of a Quiz or Assignment row: `signals`), with each lesson's URL worked out
    once. Read-only: a student's course page lists them on every visit."""

    def build():
        quizzes, assignments = course_assessments(course)
        for row in (*quizzes, *assignments):
            keep_link(row.lesson)
        return quizzes, assignments

    return cache_versions.cached(cache_versions.PAGES, f"course-assessments:{course.pk}", build, ASSESSMENTS_SECONDS)


def course_assessments(course):
    """(quizzes, assignments) of the course's live lessons, in course order (two queries)."""
    quizzes = list(Quiz.objects.filter(in_courses_q([course], "lesson__path"), is_active=True, lesson__live=True)
                   .select_related("lesson").defer("lesson__body").order_by("lesson__path", "pk"))
    assignments = list(Assignment.objects.filter(in_courses_q([course], "lesson__path"), is_active=True, lesson__live=True)
                       .select_related("lesson").defer("lesson__body").order_by("lesson__path", "pk"))
    return quizzes, assignments


class Cell:
    """One student's standing on one assessment, for the table and the export."""

    def __init__(self, kind, value=None, status="", max_score=None):
        self.kind, self.value, self.status, self.max_score = kind, value, status, max_score

    def text(self):
        if self.kind == "quiz":
            return f"{int(round(self.value))}%" if self.value is not None else "—"
        if self.status == Submission.Status.GRADED:
            return f"{self.value.normalize():f} / {self.max_score}"
        return {Submission.Status.SUBMITTED: "To grade", Submission.Status.RETURNED: "Returned"}.get(self.status, "—")

    def export_value(self):
        if self.kind == "quiz":
            return float(self.value) if self.value is not None else ""
        if self.status == Submission.Status.GRADED:
            return float(self.value)
        return {Submission.Status.SUBMITTED: "to grade", Submission.Status.RETURNED: "returned"}.get(self.status, "")


def gradebook(course):
    """{columns, rows}: students x assessments with best quiz scores, grades, completion and last activity.

    Six queries whatever the size of the course: enrolments with their students, quizzes,
    assignments, best attempts, latest submissions (and the course given).
    """
    enrolments = list(
        Enrolment.objects.filter(course=course, status=Enrolment.Status.ACTIVE).select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )
    quizzes, assignments = course_assessments(course)
    best = {
        (row["quiz_id"], row["user_id"]): row["best"]
        for row in QuizAttempt.objects.filter(quiz__in=[q.pk for q in quizzes], submitted_at__isnull=False)
        .values("quiz_id", "user_id").annotate(best=Max("percent"))
    }
    latest = {}
    for sub in (Submission.objects.filter(assignment__in=[a.pk for a in assignments])
                .exclude(status=Submission.Status.SUPERSEDED).order_by("version")
                .values("assignment_id", "user_id", "status", "score")):
        latest[(sub["assignment_id"], sub["user_id"])] = sub  # the newest version wins
    columns = [("quiz", q) for q in quizzes] + [("assignment", a) for a in assignments]
    rows = []
    for enrolment in enrolments:
        cells = []
        for kind, item in columns:
            if kind == "quiz":
                cells.append(Cell("quiz", best.get((item.pk, enrolment.user_id))))
            else:
                sub = latest.get((item.pk, enrolment.user_id)) or {}
                cells.append(Cell("assignment", sub.get("score"), sub.get("status", ""), item.max_score))
        rows.append({"user": enrolment.user, "cells": cells, "progress": enrolment.progress_percent,
                     "last_activity": enrolment.last_accessed_at})
    return {"columns": columns, "rows": rows}


def export_table(book):
    """Headings and rows of plain values for a spreadsheet; every text cell passes neutralise_formula."""
    headings = ["Student", "Email"] + [
        f"{'Quiz' if kind == 'quiz' else 'Assignment'}: {item.title}" + (" (%)" if kind == "quiz" else f" (of {item.max_score})")
        for kind, item in book["columns"]
    ] + ["Completion (%)", "Last activity"]
    rows = []
    for row in book["rows"]:
        user = row["user"]
        values = [user.get_full_name() or user.email, user.email] + [c.export_value() for c in row["cells"]] + [
            row["progress"], row["last_activity"].strftime("%Y-%m-%d %H:%M") if row["last_activity"] else "",
        ]
        rows.append(values)
    clean = lambda values: [neutralise_formula(v) for v in values]  # noqa: E731
    return clean(headings), [clean(r) for r in rows]


def as_csv(book):
    headings, rows = export_table(book)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    writer.writerows(rows)
    return out.getvalue()


def as_xlsx(book):
    headings, rows = export_table(book)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Gradebook")
    sheet.append(headings)
    for row in rows:
        # openpyxl would store a text starting with "=" as a formula; neutralised cells start with "'".
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def my_scores(user, course):
    """[{kind, title, lesson, text}] of one student's standing on each of the course's assessments.

    Two queries (their attempts and submissions); the course's assessments come from the cache.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    quizzes, assignments = cached_course_assessments(course)
    if not quizzes and not assignments:
        return []
    # Plain rows, the best and the latest picked here: a student has a handful per assessment.
    best = {}
    for quiz_id, percent in QuizAttempt.objects.filter(
        quiz_id__in=[q.pk for q in quizzes], user_id=user.pk, submitted_at__isnull=False
    ).values_list("quiz_id", "percent"):
        if percent is not None and (quiz_id not in best or percent > best[quiz_id]):
            best[quiz_id] = percent
    latest = {}
    if assignments:
        for sub in Submission.objects.filter(
            assignment_id__in=[a.pk for a in assignments], user_id=user.pk
        ).only("assignment_id", "status", "score", "version").order_by("version"):
            latest[sub.assignment_id] = sub  # the newest version wins
    rows = [{"kind": "Quiz", "title": q.title, "lesson": q.lesson, "link": link_of(q.lesson),
             "text": f"best {int(round(best[q.pk]))}%" if q.pk in best else "not taken yet"} for q in quizzes]
    for a in assignments:
        sub = latest.get(a.pk)
        if sub is None:
            text = "not handed in yet"
        elif sub.status == Submission.Status.GRADED:
            text = f"{sub.score.normalize():f} of {a.max_score}"
        elif sub.status == Submission.Status.RETURNED:
            text = "returned to you: hand in again"
        else:
            text = "handed in, waiting to be graded"
        rows.append({"kind": "Assignment", "title": a.title, "lesson": a.lesson, "link": link_of(a.lesson), "text": text})
    return rows
