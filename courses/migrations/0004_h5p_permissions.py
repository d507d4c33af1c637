"""Instructors and moderators may upload H5P packages and choose them in lessons.

Add, change and view on `courses.H5PPackage` (deleting stays with admins: a package may be in
use by lessons of other courses). Same pattern as 0002: permissions are created first, since
they normally appear only after all migrations (post_migrate).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_h5ppackage", "change_h5ppackage", "view_h5ppackage"]
GROUPS = ["Instructors", "Moderators"]


def ensure_permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None


def forwards(apps, schema_editor):
    ensure_permissions(apps)
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    permissions = list(Permission.objects.filter(content_type__app_label="courses", codename__in=CODENAMES))
    assert len(permissions) == len(CODENAMES), "H5P package permissions are missing"
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    permissions = Permission.objects.filter(content_type__app_label="courses", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0003_rich_content"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
