"""A fresh database is ready to use: home page, course catalogue, roles and the review workflow.

Groups, their Wagtail permissions and the "Course review" workflow are data, created here so no
one has to click them together after deploying.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

INSTRUCTOR_PAGE_PERMS = ["add_page"]
MODERATOR_PAGE_PERMS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"]


def ensure_permissions(apps):
    # Permissions normally appear after all migrations (post_migrate); we need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None


def perm(Permission, app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def forwards(apps, schema_editor):
    ensure_permissions(apps)
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    HomePage = apps.get_model("home.HomePage")
    CourseIndexPage = apps.get_model("courses.CourseIndexPage")

    locale = Locale.objects.order_by("pk").first()
    page_ct = ContentType.objects.get(app_label="wagtailcore", model="page")
    Page.objects.filter(content_type=page_ct, depth=2, slug="home").delete()
    home_ct, _ = ContentType.objects.get_or_create(app_label="home", model="homepage")
    home = HomePage.objects.create(
        title="Home", draft_title="Home", slug="home", content_type=home_ct, path="00010001", depth=2,
        numchild=1, url_path="/home/", locale=locale, live=True,
        intro="<p>Short, practical courses by South African instructors. Learn on your phone, at your pace.</p>",
    )
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True, site_name="Leerhuis")
    index_ct, _ = ContentType.objects.get_or_create(app_label="courses", model="courseindexpage")
    index = CourseIndexPage.objects.create(
        title="Courses", draft_title="Courses", slug="courses", content_type=index_ct, path="000100010001",
        depth=3, numchild=0, url_path="/home/courses/", locale=locale, live=True,
        intro="<p>Find a course, enrol, and pick up where you left off on any device.</p>",
    )
    root = Page.objects.get(depth=1)
    root.numchild = 1
    root.save(update_fields=["numchild"])

    students, _ = Group.objects.get_or_create(name="Students")
    instructors, _ = Group.objects.get_or_create(name="Instructors")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    # Wagtail's starter "Editors" group is not one of our roles.
    Group.objects.filter(name="Editors").delete()

    access_admin = perm(Permission, "wagtailadmin", "access_admin")
    instructors.permissions.add(access_admin, perm(Permission, "courses", "view_category"))
    moderators.permissions.add(
        access_admin,
        *[perm(Permission, "courses", f"{verb}_category") for verb in ("add", "change", "delete", "view")],
    )
    for codename in INSTRUCTOR_PAGE_PERMS:
        GroupPagePermission.objects.get_or_create(group=instructors, page_id=index.pk, permission=perm(Permission, "wagtailcore", codename))
    for codename in MODERATOR_PAGE_PERMS:
        GroupPagePermission.objects.get_or_create(group=moderators, page_id=home.pk, permission=perm(Permission, "wagtailcore", codename))

    collection = Collection.objects.get(depth=1)
    for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
        for codename in (f"add_{model}", f"choose_{model}"):
            for group in (instructors, moderators):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=perm(Permission, app_label, codename)
                )
        GroupCollectionPermission.objects.get_or_create(
            group=moderators, collection=collection, permission=perm(Permission, app_label, f"change_{model}")
        )

    task_ct, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.create(name="Moderator approval", content_type=task_ct, active=True)
    task.groups.add(moderators)
    workflow = Workflow.objects.create(name="Course review", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page_id=index.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("home", "0001_initial"),
        ("accounts", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
