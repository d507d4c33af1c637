"""Who may fetch the unpacked files of an H5P package.

A package's files are served to people who may open at least one live lesson that uses it,
by the lesson gate (`enrolment.access.lesson_gate`): enrolled students whose
prerequisites are done, course staff (owner, instructor, moderators, admins), and anyone for a
free-preview lesson. The person who uploaded the package, moderators and admins may also fetch
it, so the editor's preview shows the player before the lesson using it is published.

Lessons are found through Wagtail's reference index (`ReferenceIndex.get_references_to`), which
records the H5P block's snippet chooser inside each lesson's StreamField when the page is
saved; each candidate's live body is then checked, so a stale index entry never grants access.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.urls import reverse

from courses.models import LessonPage
from courses.references import lessons_referencing
from courses.roles import is_moderator

from .access import NOT_AVAILABLE, lesson_gate
from .documents import lesson_files_refusal
from .errors import EnrolmentError


def package_block_ids(lesson, package):
    """Ids of the lesson's H5P blocks that play this package (from the stored body, no queries)."""
    ids = []
    for block in lesson.body.raw_data:
        value = block.get("value") or {}
        if block.get("type") == "h5p" and value.get("mode", "package") == "package":
            if str(value.get("package")) == str(package.pk):
                ids.append(block.get("id"))
    return ids


def lessons_using_package(package):
    """Live lessons whose body has an H5P block playing this package, in tree order."""
    return [lesson for lesson in lessons_referencing(package).live() if package_block_ids(lesson, package)]


def package_files_refusal(user, package):
    """None if this user may load the package's files (see the module docstring), else why not."""
    if is_moderator(user) or (getattr(user, "is_authenticated", False) and package.uploaded_by_id == user.pk):
        return None
    # The same rule as lesson documents: an open lesson in a course this user may see.
    return lesson_files_refusal(user, lessons_using_package(package))



# --- the sandboxed player --------------------------------------------------------------------
#
# The player runs in an iframe whose page is sandboxed (an opaque origin): the JavaScript that
# came inside the package cannot read the student's cookies or act as them on this site. Such a
# page sends no session cookie, so it reaches the package's files with a short-lived signed token
# minted when a lesson page (or the API) shows the block to someone who may open the lesson.
# The token names that person: the player page asks the lesson gate again for them when it
# loads (an unenrolled or deactivated student's old link stops working); the files it then
# fetches are served on the token alone, which expires after H5P_PLAYER_TOKEN_MAX_AGE.

TOKEN_SALT = "enrolment.h5p.player"


def token_max_age():
    return int(getattr(settings, "H5P_PLAYER_TOKEN_MAX_AGE", 3 * 60 * 60))


def player_token(user, lesson, block_id, package):
    user_id = user.pk if getattr(user, "is_authenticated", False) else 0
    return signing.dumps({"p": package.pk, "l": lesson.pk, "b": block_id, "u": user_id}, salt=TOKEN_SALT, compress=True)


def read_player_token(token, package_id=None):
    """The token's {"p", "l", "b", "u"} if it is genuine, fresh and (if given) for this package; else None."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=token_max_age())
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not {"p", "l", "b", "u"} <= set(data):
        return None
    if package_id is not None and data["p"] != package_id:
        return None
    return data


def player_url(user, lesson, block_id, package):
    """The sandboxed player page for one H5P block, for this user (lesson pages and API clients)."""
    return reverse("h5p-player", args=[player_token(user, lesson, block_id, package)])


def player_refusal(data, package):
    """None if the token's user may still open its lesson and the lesson still plays the package."""
    user = AnonymousUser()
    if data["u"]:
        user = get_user_model().objects.filter(pk=data["u"], is_active=True).first()
        if user is None:
            return EnrolmentError("This activity link is no longer valid.", "link_expired", status=403)
    lesson = LessonPage.objects.live().filter(pk=data["l"]).first()
    if lesson is None or data["b"] not in package_block_ids(lesson, package):
        return EnrolmentError(NOT_AVAILABLE, "not_found", status=404)
    return lesson_gate(user, lesson).refusal()
