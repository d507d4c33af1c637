"""Files the demo courses use, made by this project (see README.md and build.py here), loaded idempotently.

Lesson bodies in `home.demo.content` name them as "asset:<name>": `video:<file stem>` (a lesson
video with its poster), `worksheet` (a PDF), `h5p` (an H5P package) or `coach` (the example AI tool).
"""

from pathlib import Path

from django.core.files import File

HERE = Path(__file__).resolve().parent

# file stem: title in the media library
VIDEOS = {
    "where-r12000-goes": "Where does R12 000 go?",
    "stokvel-or-tfsa": "Stokvel or tax-free savings account?",
    "whatsapp-business-habits": "WhatsApp Business: five habits",
    "product-photos-that-sell": "Product photos that sell",
    "provisional-tax-in-brief": "Provisional tax in brief",
}
WORKSHEET_TITLE = "Monthly budget worksheet"
H5P_TITLE = "Check yourself: the 50/30/20 rule"


def load(name, owner=None):
    """Primary key of the named asset, creating it the first time."""
    kind, _, stem = name.partition(":")
    if kind == "video":
        return load_video(stem, owner)
    if name == "worksheet":
        from wagtail.documents import get_document_model

        Document = get_document_model()
        document = Document.objects.filter(title=WORKSHEET_TITLE).first()
        if document is None:
            document = Document(title=WORKSHEET_TITLE, uploaded_by_user=owner)
            with (HERE / "budget-worksheet.pdf").open("rb") as handle:
                document.file.save("budget-worksheet.pdf", File(handle), save=True)
        return document.pk
    if name == "h5p":
        from courses.h5p import create_package_from_path

        return create_package_from_path(HERE / "budget-question.h5p", H5P_TITLE, user=owner).pk
    if name == "coach":
        return register_coach().pk
    raise KeyError(name)


def load_video(stem, owner):
    from wagtailmedia.models import get_media_model

    Media = get_media_model()
    title = VIDEOS[stem]
    media = Media.objects.filter(title=title).first()
    if media is None:
        # No duration given: it is read from the file's header on save (courses.signals).
        media = Media(title=title, type="video", uploaded_by_user=owner, width=960, height=540)
        with (HERE / f"{stem}.jpg").open("rb") as poster:
            media.thumbnail.save(f"{stem}.jpg", File(poster), save=False)
        with (HERE / f"{stem}.webm").open("rb") as handle:
            media.file.save(f"{stem}.webm", File(handle), save=True)
    return media.pk


def register_coach():
    """The example AI tool, (re)registered at the current SITE_URL: `make run` on any port works."""
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management.base import CommandError

    from example_ai_tool.setup import ensure_example_tool

    try:
        return ensure_example_tool()
    except ImproperlyConfigured as error:
        raise CommandError(f"{error} The demo's AI tool lesson needs it.") from error
