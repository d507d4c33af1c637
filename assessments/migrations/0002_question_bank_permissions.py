"""Instructors may add question banks (and, by the ownership policy, edit their own and their
co-instructors'); Moderators add, change and delete every bank. Permissions are created first,
since they normally appear only after all migrations (post_migrate).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Instructors": ["add_questionbank", "view_questionbank"],
    "Moderators": ["add_questionbank", "change_questionbank", "delete_questionbank", "view_questionbank"],
}


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    for name, codenames in GRANTS.items():
        permissions = list(Permission.objects.filter(content_type__app_label="assessments", codename__in=codenames))
        assert len(permissions) == len(codenames), "question bank permissions are missing"
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    for name, codenames in GRANTS.items():
        permissions = Permission.objects.filter(content_type__app_label="assessments", codename__in=codenames)
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0001_initial"),
        ("courses", "0012_lesson_quiz_and_assignment_blocks"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
