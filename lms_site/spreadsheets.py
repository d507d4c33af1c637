"""Spreadsheet exports (CSV) whose cells a spreadsheet program reads as text, never as formulas.

Names, titles and emails in an export are typed by students and instructors. Excel, LibreOffice
and Google Sheets run a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return
before one) as a formula, so a learner named `=HYPERLINK(...)` could send an instructor's data
elsewhere when the export is opened. OWASP's advice: start such a cell with a single quote, which
the spreadsheet shows as plain text. Numbers, dates and booleans are left alone.

Every CSV export of ours goes through `neutralise_formula`; admin views get it by mixing in
`SafeSpreadsheetExportMixin` before Wagtail's view (lms_site/tests/test_spreadsheets.py checks
every export view of ours does).
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """The value, with a leading `'` if it is text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin:
    """Put before a Wagtail view with `list_export`: its CSV cells pass through `neutralise_formula`.

    (Wagtail's XLSX export already stores such cells as text, so only CSV needs this.)
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == SpreadsheetExportMixin.FORMAT_CSV:
            return neutralise_formula(value)
        return value
