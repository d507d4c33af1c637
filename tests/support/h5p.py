"""The H5P test data (tests/data/h5p, licences in its README) and blocks that play it."""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "h5p"
MULTICHOICE = DATA / "multichoice.h5p"
TRUEFALSE = DATA / "truefalse.h5p"


def multichoice_statements():
    """The five xAPI statements multichoice.h5p really sends (wrong answer, retry, right answer)."""
    return json.loads((DATA / "xapi-statements-multichoice.json").read_text())


def package_from_data(title="Root of an .h5p", user=None, path=MULTICHOICE):
    from courses.h5p import create_package_from_path

    return create_package_from_path(path, title, user=user)


def h5p_block(package, block_id="h5p-block-1", pass_percent=70, required=True, mode="package",
              title="Which file sits at the root?"):
    return {
        "type": "h5p", "id": block_id,
        "value": {
            "mode": mode, "package": package.pk if mode == "package" else None,
            "embed_url": "https://example.h5p.com/content/1/embed" if mode == "hosted" else "",
            "title": title, "pass_percent": pass_percent, "required": required,
        },
    }


def h5p_preview_course(owner, **fields):
    """(course, package): a one-lesson course whose free-preview lesson plays the package `owner` uploaded."""
    from courses.tests.factories import lessons_of, make_course

    package = package_from_data("Quiz package", user=owner)
    course = make_course(owner, title="H5P course", sections=1, lessons_per_section=1, **fields)
    lesson = lessons_of(course)[0]
    lesson.is_preview = True
    lesson.body = [h5p_block(package, block_id="h", title="Quiz")]
    lesson.save()
    return course, package
