"""公文 and meeting records laid out as other offices write them: every field read, none invented."""

from __future__ import annotations

import datetime as dt

import pytest

from core.ingest.describe import guess_metadata
from core.ingest.extract import extract_file
from tests.core import office_docs

DOCS = office_docs.official() + office_docs.meetings()


def _guess(doc, folder) -> dict:
    path = office_docs.write(doc, folder)
    extracted = extract_file(path)
    got = guess_metadata(extracted, filename=path.name, folders=[], file_mtime="2026-12-06")
    return {k: v.value for k, v in got.items()}


@pytest.fixture
def pdf_ready(request):
    """PDFs are painted with Qt and need a font with Chinese glyphs."""
    request.getfixturevalue("qapp")
    from ui.pdf_render import cjk_family

    if cjk_family() is None:
        pytest.skip("no font with Chinese glyphs installed")


def test_the_generated_set_is_large_enough():
    assert len(DOCS) >= 30
    assert {d.name.rsplit(".", 1)[1] for d in DOCS} >= {"docx", "txt", "pdf", "ofd"}


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_every_field_is_read(doc, tmp_path, request):
    if doc.name.endswith(".pdf"):
        request.getfixturevalue("pdf_ready")
    got = _guess(doc, tmp_path)
    wrong = {
        field: (got.get(field), want)
        for field, want in doc.expect.items()
        if got.get(field) != want
    }
    assert not wrong, f"{doc.name}: (got, want) {wrong}"


def test_no_stated_date_means_no_date_and_no_file_year(tmp_path):
    undated = [d for d in DOCS if "date" in d.expect and d.expect["date"] is None]
    assert len(undated) >= 8
    for doc in undated:
        got = _guess(doc, tmp_path)
        assert "date" not in got, doc.name
        assert got.get("year") != 2026, doc.name


def test_issuer_never_comes_from_the_printing_office_or_a_template(tmp_path):
    for doc in DOCS:
        if doc.name.endswith(".pdf"):
            continue
        issuer = _guess(doc, tmp_path).get("issuer") or ""
        assert "印发" not in issuer and "盖章" not in issuer, doc.name
        if any("印发" in line for line in doc.lines) and "issuer" in doc.expect:
            assert issuer == doc.expect["issuer"], doc.name


def test_an_undated_import_stores_no_date_only_a_hint(archive, tmp_path):
    folder = tmp_path / "党办" / "2019年度"
    folder.mkdir(parents=True)
    path = folder / "工作总结.txt"
    path.write_text("学生会工作总结\n" + office_docs.BODY_DATES + office_docs.BODY * 3, "utf-8")
    doc = archive.document(archive.import_paths([tmp_path / "党办"]).files[0].id)
    assert doc["date"] is None
    assert doc["year"] == 2019  # the folder names the year; the copy's file time does not
    made = dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
    assert doc["extra"]["date_suggestion"] == {"date": made, "source": "file_mtime"}
