"""Moderators manage the AI tool registry (add, change, view, delete `courses.AITool`).

Superusers have every permission anyway; Instructors get none here: they pick registered tools
in the lesson editor's chooser, which needs no model permission, and never see the registry.
Same pattern as 0002: permissions are created first, since they normally appear only after all
migrations (post_migrate).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_aitool", "change_aitool", "view_aitool", "delete_aitool"]
GROUP = "Moderators"


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
    assert len(permissions) == len(CODENAMES), "AI tool permissions are missing"
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*permissions)


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    permissions = Permission.objects.filter(content_type__app_label="courses", codename__in=CODENAMES)
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_h5p_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
