"""Admin rules Wagtail's own permissions do not express, and the snippets' admin screens."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permission_policies import OwnershipPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_menus
from .ai_tools.admin import AIToolViewSet
from .curriculum_views import CourseReviewView, CurriculumView
from .h5p.forms import H5PPackageForm
from .models import CoursePage, H5PPackage
from .roles import is_course_staff


def _course_of(page):
    if page is None:
        return None
    return CoursePage.objects.ancestor_of(page, inclusive=True).first()


def may_author_in(user, page):
    """Instructors add sections and lessons only inside their own courses; moderators anywhere.

    Above the course level (the catalogue, the home page) Wagtail's own permissions decide.
    """
    course = _course_of(page)
    return course is None or is_course_staff(user, course)


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


@hooks.register("before_move_page")
def refuse_moving_into_others_course(request, page, destination):
    if not may_author_in(request.user, page) or not may_author_in(request.user, destination):
        raise PermissionDenied("You can only move pages within your own courses.")


@hooks.register("after_copy_page")
def keep_prerequisites_inside_the_copy(request, page, new_page):
    # The copy form picks its destination after `before_copy_page`, so check where it landed.
    if not may_author_in(request.user, new_page.get_parent()):
        new_page.delete()
        raise PermissionDenied("You can only copy into your own courses.")
    if isinstance(page.specific, CoursePage):
        from .services import remap_copied_prerequisites

        remap_copied_prerequisites(page, new_page, user=request.user)


# --- H5P packages (courses/h5p.py): a snippet whose form validates and unpacks the upload ---


class OwnInstanceMixin:
    """Wagtail's generic edit/delete views check the model permission only; ask about this package."""

    instance_action = "change"

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, self.instance_action, instance):
            raise PermissionDenied("You can only change the H5P packages you uploaded.")
        return instance


class H5PPackageEditView(OwnInstanceMixin, SnippetViewSet.edit_view_class):
    instance_action = "change"


class H5PPackageDeleteView(OwnInstanceMixin, SnippetViewSet.delete_view_class):
    instance_action = "delete"


class H5PPackageViewSet(SnippetViewSet):
    model = H5PPackage
    edit_view_class = H5PPackageEditView
    delete_view_class = H5PPackageDeleteView
    icon = "form"
    menu_label = "H5P packages"
    list_display = ["title", "main_library", "file_count", "created_at"]
    edit_handler = ObjectList([FieldPanel("title"), FieldPanel("file")], base_form_class=H5PPackageForm)


# "change" edits every package (moderators); "add" edits only one's own uploads (instructors), since
# a package can sit in several lessons and replacing someone else's would change their course.
register_permission_policy(H5PPackage, OwnershipPermissionPolicy(H5PPackage, owner_field_name="uploaded_by"))
register_snippet(H5PPackageViewSet)


@hooks.register("after_delete_snippet")
def remove_deleted_h5p_files(request, instances):
    from .h5p import remove_unpacked

    for instance in instances:
        if isinstance(instance, H5PPackage):
            remove_unpacked(instance)
            if instance.file:
                instance.file.delete(save=False)


# AI tools: registry for superusers and Moderators; the secret is shown once (courses/ai_tools/admin.py).
register_snippet(AIToolViewSet)


# --- Courses as a whole: curriculum, one review per course (courses/admin_menus.py) ---


@hooks.register("register_admin_urls")
def course_admin_urls():
    return [
        path("courses/<int:course_id>/curriculum/", CurriculumView.as_view(), name="course_curriculum"),
        path("courses/<int:course_id>/review/", CourseReviewView.as_view(), name="course_review"),
    ]


@hooks.register("register_page_header_buttons")
def curriculum_header_button(page, user, view_name, next_url=None):
    yield admin_menus.CurriculumButton(page=page, priority=5)


@hooks.register("register_page_listing_more_buttons")
def curriculum_listing_button(page, user, next_url=None):
    yield admin_menus.CurriculumButton(page=page, priority=1)


@hooks.register("register_page_action_menu_item")
def submit_course_menu_item():
    return admin_menus.SubmitCourseMenuItem(order=15)


hooks.register("after_edit_page", admin_menus.submit_after_save)
hooks.register("after_create_page", admin_menus.submit_after_save)
hooks.register("after_create_page", admin_menus.land_on_curriculum)
hooks.register("after_edit_page", admin_menus.land_on_curriculum)
hooks.register("before_publish_page", admin_menus.refuse_empty_course)


@hooks.register("insert_editor_js")
def block_fields_follow_their_kind():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<script src="{}" defer></script>', static("js/admin/block-fields.js"))
