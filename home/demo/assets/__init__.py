"""Files the demo course uses, made by this project (see README.md here), loaded idempotently."""

from pathlib import Path

from django.core.files import File

HERE = Path(__file__).resolve().parent


def load(name, owner=None):
    """Primary key of the named asset, creating it the first time."""
    if name == "video":
        from wagtailmedia.models import Media

        media = Media.objects.filter(title="Eight seconds on budgets (demo clip)").first()
        if media is None:
            media = Media(title="Eight seconds on budgets (demo clip)", type="video", duration=8, uploaded_by_user=owner)
            with (HERE / "sample-video.webm").open("rb") as handle:
                media.file.save("sample-video.webm", File(handle), save=True)
        return media.pk
    if name == "worksheet":
        from wagtail.documents import get_document_model

        Document = get_document_model()
        document = Document.objects.filter(title="Monthly budget worksheet").first()
        if document is None:
            document = Document(title="Monthly budget worksheet", uploaded_by_user=owner)
            with (HERE / "budget-worksheet.pdf").open("rb") as handle:
                document.file.save("budget-worksheet.pdf", File(handle), save=True)
        return document.pk
    if name == "h5p":
        from courses.h5p import create_package_from_path

        return create_package_from_path(HERE / "multichoice.h5p", "Root of an .h5p package", user=owner).pk
    if name == "coach":
        from django.core.exceptions import ImproperlyConfigured
        from django.core.management.base import CommandError

        from example_ai_tool.setup import ensure_example_tool

        try:
            return ensure_example_tool().pk
        except ImproperlyConfigured as error:
            raise CommandError(f"{error} The demo's AI tool lesson needs it.") from error
    raise KeyError(name)
