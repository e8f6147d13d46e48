"""Real files from public test suites: each is imported or reported; Chinese ones are searchable."""

from __future__ import annotations

import csv
import random
import shutil

import pytest

from core.search.analysis import RE_HAN
from tests.conftest import corpus_path

pytestmark = pytest.mark.corpus
STATUSES = {"imported", "duplicate", "skipped", "failed"}


def manifest_rows():
    root = corpus_path("fixtures")
    with open(root / "MANIFEST.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return root, rows


def copy_rows(root, rows, dest):
    for r in rows:
        src = root / r["set"] / r["path"]
        target = dest / r["set"] / r["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
    return dest


def test_chinese_pdfs_and_office_files_are_searchable_by_their_phrases(archive, tmp_path):
    root, rows = manifest_rows()
    chinese = [r for r in rows if int(r["han_chars_extracted"] or 0) >= 30]
    assert len(chinese) >= 10
    report = archive.import_paths([copy_rows(root, chinese, tmp_path / "zh")])
    imported = [f for f in report.files if f.status == "imported"]
    assert len(imported) >= len(chinese) - 2, [(f.path, f.error) for f in report.files]
    rng = random.Random(5)
    for f in imported:
        text = archive.document(f.id)["content"]
        runs = [r for r in RE_HAN.findall(text) if len(r) >= 4]
        if not runs:
            continue
        run = rng.choice(runs)
        phrase = run[:6]
        hits = {h.id for h in archive.search(phrase, limit=500, snippets=False).hits}
        assert f.id in hits, (f.path, phrase)


def test_a_sample_of_broken_and_odd_files_is_fully_accounted_for(archive, tmp_path):
    root, rows = manifest_rows()
    rng = random.Random(11)
    odd = [r for r in rows if r["notes"] or r["extract_status"]]
    sample = rng.sample(odd, min(60, len(odd))) + rng.sample(rows, 40)
    sample = list({r["path"]: r for r in sample}.values())
    before = archive.import_paths([copy_rows(root, sample[:10], tmp_path / "first")])
    kept = {f.id for f in before.files if f.status == "imported"}
    report = archive.import_paths([copy_rows(root, sample, tmp_path / "all")])
    assert len(report.files) == len(sample)
    for f in report.files:
        assert f.status in STATUSES
        if f.status in ("failed", "skipped"):
            assert f.error and all(ord(c) > 127 for c in f.error[:2]), (f.path, f.error)
    for doc_id in kept:  # what was imported before is untouched
        assert archive.document(doc_id)["deleted_at"] is None
    assert archive.check()["ok"]
