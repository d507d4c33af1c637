"""Template tags for the AI tool block: a fresh launch URL, and the student's standing on the block."""

from django import template

from courses.ai_tools import launch_url

from .lesson_access import access_in

register = template.Library()


@register.simple_tag(takes_context=True)
def ai_tool_launch_url(context, tool, lesson, block_id, params=None):
    """`{% ai_tool_launch_url value.tool lesson block_id value.params as url %}`: "" when not allowed.

    The lesson gate decides (`LessonAccess.may_launch`: an enrolled student, or the course's
    staff trying it out); the tool must be enabled.
    """
    if tool is None or lesson is None:
        return ""
    access = access_in(context, lesson)
    if access is None or not access.may_launch:
        return ""
    return launch_url(access.user, lesson, block_id, {"tool": tool, "params": params})


@register.simple_tag(takes_context=True)
def ai_tool_requirement(context, block_id):
    """The lesson page's Requirement for this block (None when not required or not enrolled)."""
    for requirement in context.get("requirements") or []:
        if requirement.block_id == block_id:
            return requirement
    return None
