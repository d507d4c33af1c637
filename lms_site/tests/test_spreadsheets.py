"""CSV exports cannot smuggle formulas into the spreadsheet an instructor opens them in."""

import pytest
from django.urls import get_resolver
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from lms_site.spreadsheets import SafeSpreadsheetExportMixin, neutralise_formula

OUR_APPS = ("accounts.", "courses.", "enrolment.", "assessments.", "home.", "lms_site.", "example_ai_tool.")


@pytest.mark.parametrize("cell, exported", [
    ("=1+1", "'=1+1"),
    ('=HYPERLINK("https://evil.example","Open")', '\'=HYPERLINK("https://evil.example","Open")'),
    ("+27 82 555 0100", "'+27 82 555 0100"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("Thandi Nkosi", "Thandi Nkosi"),
    ("1-2 March", "1-2 March"),
    ("a=b", "a=b"),
    ("", ""),
    (7, 7),
    (-3, -3),
    (None, None),
    (True, True),
])
def test_a_text_cell_that_a_spreadsheet_would_run_starts_with_a_quote(cell, exported):
    assert neutralise_formula(cell) == exported


def every_view_class(resolver=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if hasattr(pattern, "url_patterns"):
            yield from every_view_class(pattern)
        else:
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is not None:
                yield view_class


def test_every_spreadsheet_export_of_ours_neutralises_formulas(db):
    exporters = {
        view for view in every_view_class()
        if issubclass(view, SpreadsheetExportMixin) and view.__module__.startswith(OUR_APPS)
    }
    assert exporters, "the lesson documents report exports CSV"
    assert {view for view in exporters if not issubclass(view, SafeSpreadsheetExportMixin)} == set()
