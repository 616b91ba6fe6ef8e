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


def _poppler(tool: str, pdf: bytes, tmp_path, *args) -> str:
    import shutil
    import subprocess

    if shutil.which(tool) is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    f = tmp_path / "r.pdf"
    f.write_bytes(pdf)
    return subprocess.run([tool, *args, str(f), "-"] if tool == "pdftotext" else [tool, str(f)],
                          capture_output=True, text=True, check=True).stdout


def test_korean_japanese_chinese_print_and_long_words_wrap(scenario, tmp_path):
    """A participant's note in three scripts and a 300-character word, in a game not yet
    played (a short PDF): the CJK text is set in a CJK font, not boxes, and the word wraps."""
    from game.session import Session

    s = Session(scenario, 3)
    s.note("한국 日本 中国 " + "x" * 300)
    pdf = render_report(s, "pdf", replays=0)
    fonts = _poppler("pdffonts", pdf, tmp_path)
    if "CJK" not in fonts:
        pytest.skip("no CJK font installed (Debian: apt-get install fonts-noto-cjk)")
    text = _poppler("pdftotext", pdf, tmp_path, "-layout")
    assert "한국" in text and "日本" in text and "中国" in text
    runs = [len(m) for m in __import__("re").findall(r"x{20,}", text)]
    assert sum(runs) == 300 and max(runs) < 150  # split over lines, nothing lost
