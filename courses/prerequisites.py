"""Prerequisite graph checks, shared by the editor form and the API."""

from collections import defaultdict


def find_cycle(lesson, chosen):
    """Return the titles along a loop if `lesson` required `chosen`, else an empty list.

    Reads the prerequisite edges of the whole course in one query and walks them.
    """
    from .models import CoursePage, LessonPage

    course = CoursePage.objects.ancestor_of(lesson).first()
    through = LessonPage.prerequisites.through
    edges = defaultdict(set)
    titles = {lesson.pk: lesson.title}
    if course is not None:
        lesson_ids = LessonPage.objects.descendant_of(course).values_list("pk", flat=True)
        for row in through.objects.filter(from_lessonpage_id__in=lesson_ids).values_list(
            "from_lessonpage_id", "to_lessonpage_id", "to_lessonpage__title"
        ):
            edges[row[0]].add(row[1])
            titles[row[1]] = row[2]
    edges[lesson.pk] = {c.pk for c in chosen}
    for c in chosen:
        titles[c.pk] = c.title

    # Depth-first search from the lesson; reaching it again means a loop.
    path = []

    def visit(node, seen):
        for nxt in edges.get(node, ()):
            if nxt == lesson.pk:
                return True
            if nxt in seen:
                continue
            seen.add(nxt)
            path.append(nxt)
            if visit(nxt, seen):
                return True
            path.pop()
        return False

    if visit(lesson.pk, set()):
        return [titles[lesson.pk]] + [titles.get(n, str(n)) for n in path] + [titles[lesson.pk]]
    return []
