"""PDF through WeasyPrint (the optional `pdf` extra): skipped when it is not installed."""

from __future__ import annotations

import pytest

from game.report import html_to_pdf, render_report

weasyprint = pytest.importorskip("weasyprint")


def test_small_html_to_pdf():
    assert html_to_pdf("<p>hello</p>").startswith(b"%PDF-")


@pytest.mark.slow
def test_full_report_pdf(game):
    pdf = render_report(game, "pdf", paper="letter")
    assert pdf.startswith(b"%PDF-") and len(pdf) > 50_000
