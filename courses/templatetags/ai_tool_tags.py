"""Template tags for the AI tool block: a fresh launch URL, and the student's standing on the block."""

from django import template

from courses.ai_tools import issue_launch_token, launch_url_for

register = template.Library()


def _may_launch(context, user, lesson):
    """Enrolled students, and course staff previewing (their completions are refused: no enrolment)."""
    if context.get("tracking") is not None:
        return True
    outline = context.get("outline")
    if outline is not None:
        return bool(getattr(outline, "is_staff", False))
    from enrolment.access import is_course_staff

    course = getattr(lesson, "course", None)
    return course is not None and is_course_staff(user, course)


@register.simple_tag(takes_context=True)
def ai_tool_launch_url(context, tool, lesson, block_id, params=None):
    """`{% ai_tool_launch_url value.tool lesson block_id value.params as url %}`: "" when not allowed.

    The lesson page only renders for users who may open the lesson; this adds "and may use it":
    an enrolled student or the course's staff, with an enabled tool.
    """
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if tool is None or lesson is None or not tool.is_enabled or not getattr(user, "is_authenticated", False):
        return ""
    if not _may_launch(context, user, lesson):
        return ""
    return launch_url_for(tool, issue_launch_token(user, lesson, block_id, tool, params))


@register.simple_tag(takes_context=True)
def ai_tool_requirement(context, block_id):
    """The lesson page's Requirement for this block (None when not required or not enrolled)."""
    for requirement in context.get("requirements") or []:
        if requirement.block_id == block_id:
            return requirement
    return None
