"""Title and year accuracy on a fixed sample of the laws corpus, against its MANIFEST.tsv."""

import csv
from pathlib import Path

import pytest

from core.ingest.describe import guess_metadata
from core.ingest.extract.base import Extracted

LAWS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "laws"
STEP = 8  # every 8th manifest row: ~200 documents from every folder

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (LAWS / "MANIFEST.tsv").exists(), reason="../shared/corpus is absent"),
]


def sample_rows() -> list[dict]:
    with open(LAWS / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        rows = sorted(csv.DictReader(fh, delimiter="\t"), key=lambda r: r["path"])
    return rows[::STEP]


def test_titles_and_years_match_the_manifest():
    rows = sample_rows()
    title_misses, year_misses, with_year = [], [], 0
    for row in rows:
        path = LAWS / row["path"]
        found = guess_metadata(
            Extracted(text=path.read_text(encoding="utf-8"), format="txt", extractor="text"),
            filename=path.name,
            folders=[row["path"].split("/")[0]],
        )
        if found.get("title") is None or found["title"].value != row["title"]:
            title_misses.append(row["path"])
        if row["year"]:
            with_year += 1
            if found.get("year") is None or found["year"].value != int(row["year"]):
                year_misses.append(row["path"])
        assert found["category"].value == [row["category"]]
    assert len(rows) >= 190
    assert 1 - len(title_misses) / len(rows) >= 0.98, title_misses
    assert 1 - len(year_misses) / with_year >= 0.97, year_misses
