"""Admin rules Wagtail's own permissions do not express."""

from django.core.exceptions import PermissionDenied
from wagtail import hooks

from .models import CoursePage


def _course_of(page):
    if page is None:
        return None
    return CoursePage.objects.ancestor_of(page, inclusive=True).first()


def may_author_in(user, page):
    """Instructors add sections and lessons only inside their own courses; moderators anywhere."""
    course = _course_of(page)
    if course is None or user.is_superuser or getattr(user, "is_moderator", False):
        return True
    return course.owner_id == user.pk or course.instructor_id == user.pk


@hooks.register("before_create_page")
def refuse_adding_to_others_course(request, parent_page, page_class):
    if not may_author_in(request.user, parent_page):
        raise PermissionDenied("You can only add to your own courses.")


@hooks.register("before_edit_page")
def refuse_editing_others_course(request, page):
    if not may_author_in(request.user, page):
        raise PermissionDenied("You can only edit your own courses.")


@hooks.register("before_copy_page")
def copy_as_draft_owned_by_copier(request, page):
    # Duplicating is Wagtail's copy with subpages; the form's "publish copies" is for moderators.
    if not may_author_in(request.user, page):
        raise PermissionDenied("You can only duplicate your own courses.")


@hooks.register("after_copy_page")
def keep_prerequisites_inside_the_copy(request, page, new_page):
    if isinstance(page.specific, CoursePage):
        from .services import remap_copied_prerequisites

        remap_copied_prerequisites(page, new_page, user=request.user)


# --- H5P packages (courses/h5p.py): a snippet whose form validates and unpacks the upload ---

from wagtail.admin.panels import FieldPanel as _FieldPanel  # noqa: E402
from wagtail.admin.panels import ObjectList as _ObjectList  # noqa: E402
from wagtail.snippets.models import register_snippet as _register_snippet  # noqa: E402
from wagtail.snippets.views.snippets import SnippetViewSet as _SnippetViewSet  # noqa: E402

from .h5p_forms import H5PPackageForm  # noqa: E402
from .models import H5PPackage  # noqa: E402


class H5PPackageViewSet(_SnippetViewSet):
    model = H5PPackage
    icon = "form"
    menu_label = "H5P packages"
    list_display = ["title", "main_library", "file_count", "created_at"]
    edit_handler = _ObjectList([_FieldPanel("title"), _FieldPanel("file")], base_form_class=H5PPackageForm)


_register_snippet(H5PPackageViewSet)


@hooks.register("after_delete_snippet")
def remove_deleted_h5p_files(request, instances):
    from .h5p import remove_unpacked

    for instance in instances:
        if isinstance(instance, H5PPackage):
            remove_unpacked(instance)
            if instance.file:
                instance.file.delete(save=False)


# AI tools: registry for superusers and Moderators; the secret is shown once (courses/ai_tool_admin.py).
from .ai_tool_admin import AIToolViewSet  # noqa: E402

_register_snippet(AIToolViewSet)
