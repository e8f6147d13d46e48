"""On real documents from the shared corpus: codes, files export and a backup round trip."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile

import pytest

from core.archive import Archive
from core.archive import restore_backup as restore
from tests.conftest import corpus_path

pytestmark = pytest.mark.corpus

BINARIES = [
    ("fixtures", "poi", "test-data", "integration", "stress009.docx"),
    ("fixtures", "poi", "test-data", "integration", "stress019.docx"),
    ("fixtures", "poi", "test-data", "hpsf", "TestChineseProperties.doc"),
    ("fixtures", "poi", "test-data", "spreadsheet", "51519.xlsx"),
    ("fixtures", "pdfjs", "test", "pdfs", "issue16538.pdf"),
]


def test_real_documents_survive_export_and_backup(tmp_path):
    laws = sorted(corpus_path("laws", "行政法规").rglob("*.md"))[:25]
    binaries = [p for p in (corpus_path().joinpath(*parts) for parts in BINARIES) if p.exists()]
    folder = tmp_path / "archive"
    with Archive.open(folder) as a:
        a.settings["fonds_code"] = "Z109"
        report = a.import_paths([*laws, *binaries], defaults={"retention": "30年", "org": "BGS"})
        assert report.imported >= 25
        plan = a.assign_codes()
        numbered = [c for c in plan.changes]
        assert numbered and all(
            c.new_code.startswith(f"Z109-WS·{c.year}-D30-BGS-") for c in numbered
        )
        codes = [r["archive_code"] for r in a.store.query("SELECT archive_code FROM documents")]
        coded = [c for c in codes if c]
        assert len(coded) == len(set(coded)) == len(numbered)
        docs = a.export_selection()
        export = a.export_files(tmp_path / "原件.zip", docs)
        assert export["files"] == len(docs) and not export["missing"] and not export["damaged"]
        with zipfile.ZipFile(tmp_path / "原件.zip") as z:
            for entry in json.loads(z.read("manifest.json"))["files"]:
                assert hashlib.sha256(z.read(entry["file"])).hexdigest() == entry["sha256"]
        word = a.document(docs[0]["id"])["content"].strip()[:6]
        hits_before = a.search(word).total
        expected = {d["id"]: (d["archive_code"], d["sha256"], d["category"]) for d in docs}
        a.backup(tmp_path / "备份.zip")
    shutil.rmtree(folder)
    restored = restore(tmp_path / "备份.zip", folder)
    assert restored["documents"] == len(docs) and restored["files_missing"] == []
    with Archive.open(folder) as a:
        back = {
            d["id"]: (d["archive_code"], d["sha256"], d["category"]) for d in a.export_selection()
        }
        assert back == expected
        for doc_id in back:
            data = a.original_path(doc_id).read_bytes()
            assert hashlib.sha256(data).hexdigest() == expected[doc_id][1]
        assert a.search(word).total == hits_before
