"""A real (tiny) PDF written by hand, and Wagtail documents and PDF blocks for tests."""

from django.core.files.base import ContentFile


def _escape(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def minimal_pdf(text="Budget worksheet"):
    """A valid one-page A4 PDF with `text` as its heading and a few worksheet lines
    (PDF 1.4, Helvetica, correct xref offsets): a real file for browsers' viewers, ~1 KB."""
    lines = [f"BT /F1 28 Tf 56 760 Td ({_escape(text)}) Tj ET"]
    for n, label in enumerate(["Income", "Rent", "Food", "Transport", "Savings"]):
        y = 690 - n * 48
        lines.append(f"BT /F1 14 Tf 56 {y} Td ({label}) Tj ET")
        lines.append(f"56 {y - 10} m 539 {y - 10} l S")
    stream = "\n".join(lines).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_document(title="Budget worksheet", filename="budget-worksheet.pdf", content=None, uploaded_by=None):
    from wagtail.documents import get_document_model

    Document = get_document_model()
    content = minimal_pdf(title) if content is None else content
    return Document.objects.create(title=title, file=ContentFile(content, name=filename), uploaded_by_user=uploaded_by)


def pdf_block(document, block_id="pdf1", title="Budget worksheet", allow_download=True, counts_when_opened=True):
    return {
        "type": "pdf",
        "id": block_id,
        "value": {
            "document": document.pk, "title": title,
            "allow_download": allow_download, "counts_when_opened": counts_when_opened,
        },
    }


def fetch_url(document, lesson=None, block_id=None, download=False):
    url = document.url
    params = []
    if lesson is not None:
        params.append(f"lesson={lesson.pk}")
    if block_id:
        params.append(f"block={block_id}")
    if download:
        params.append("download=1")
    return url + ("?" + "&".join(params) if params else "")
