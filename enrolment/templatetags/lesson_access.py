"""The lesson gate's answer for block templates (not a tag library: a helper the libraries share)."""

from ..access import gate_for


def access_in(context, lesson):
    """The LessonAccess the lesson page put in the context, or the gate's answer for this visitor."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None:
        return None
    return gate_for(user, lesson, context.get("access"))
