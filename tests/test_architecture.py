"""The layout holds: imports run one way between the rooms, and nothing private crosses modules.

Rooms from the bottom up (docs/architecture.md): `lms_site` plumbing (errors, outbound HTTP,
middleware), `accounts`, `courses` (content), `enrolment` (learning), then the apps that use
them all: `notifications` (which turns the lower rooms' events into emails and notices),
`example_ai_tool` and `home` (whose demo seeds every room). A room may import its own
modules and the rooms below it, never one above; a lower room offers a hook, registry or signal
instead (`courses.extensions`, `enrolment.trackers`). The URL configuration and settings are
the composition root and may name every room.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROOMS = ["lms_site", "accounts", "courses", "enrolment", "assessments", "payments", "notifications", "example_ai_tool",
         "home"]
COMPOSITION_ROOT = {"lms_site/urls.py", "lms_site/settings", "lms_site/celery.py"}


def source_files(room, with_tests=False):
    for path in sorted((ROOT / room).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/migrations/" in relative or any(relative.startswith(p) for p in COMPOSITION_ROOT):
            continue
        if not with_tests and "/tests/" in relative:
            continue
        yield path, relative


def module_name(relative):
    name = relative.removesuffix(".py").replace("/", ".")
    return name.removesuffix(".__init__")


def imports(path, relative):
    """(module imported, names taken from it, line) for every import, nested ones included."""
    tree = ast.parse(path.read_text(), filename=relative)
    package = module_name(relative).rsplit(".", 0 if relative.endswith("__init__.py") else 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield target, [alias.name for alias in node.names], node.lineno


@pytest.mark.parametrize("room", ROOMS)
def test_a_room_imports_only_itself_and_the_rooms_below(room):
    above = set(ROOMS[ROOMS.index(room) + 1:])
    wrong = [
        f"{relative}:{line} imports {target}"
        for path, relative in source_files(room)
        for target, _, line in imports(path, relative)
        if target.split(".")[0] in above
    ]
    assert wrong == []


def test_courses_imports_nothing_from_enrolment_even_in_its_tests():
    wrong = [
        f"{relative}:{line} imports {target}"
        for path, relative in source_files("courses", with_tests=True)
        for target, _, line in imports(path, relative)
        if target.split(".")[0] == "enrolment"
    ]
    assert wrong == []


def test_no_module_imports_another_modules_private_names():
    wrong = []
    for room in ROOMS + ["tests", "benchmarks"]:
        for path, relative in source_files(room, with_tests=True):
            for target, names, line in imports(path, relative):
                private = [n for n in names if n.startswith("_") and not n.startswith("__")]
                if private or any(part.startswith("_") and part != "__init__" for part in target.split(".")):
                    wrong.append(f"{relative}:{line} from {target} import {', '.join(private)}")
    assert wrong == []


def test_no_module_reaches_into_an_imported_modules_private_names():
    wrong = []
    for room in ROOMS + ["tests", "benchmarks"]:
        for path, relative in source_files(room, with_tests=True):
            tree = ast.parse(path.read_text(), filename=relative)
            modules = {
                (alias.asname or alias.name).split(".")[0]
                for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in node.names
            }
            wrong += [
                f"{relative}:{node.lineno} {node.value.id}.{node.attr}"
                for node in ast.walk(tree)
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in modules and node.attr.startswith("_") and not node.attr.startswith("__")
                and node.attr != "_meta"  # Django's documented model API
            ]
    assert wrong == []


def test_the_walker_sees_nested_and_relative_imports(tmp_path):
    # The checks above are only as good as this reading of a module's imports.
    module = tmp_path / "courses" / "sample.py"
    module.parent.mkdir()
    module.write_text("def f():\n    from ..enrolment.access import _secret\n\nfrom .models import X\n")
    found = {(target, tuple(names)) for target, names, _ in imports(module, "courses/sample.py")}
    assert ("enrolment.access", ("_secret",)) in found and ("courses.models", ("X",)) in found


def test_templates_carry_no_inline_styles():
    # One design system: looks come from static/css/site.css classes, never a style="" attribute.
    templates = [p for p in ROOT.rglob("*.html") if ".venv" not in p.parts and "node_modules" not in p.parts
                 and "staticfiles" not in p.parts and "screenshots" not in p.parts]
    assert templates
    wrong = [p.relative_to(ROOT).as_posix() for p in templates if 'style="' in p.read_text()]
    assert wrong == []
