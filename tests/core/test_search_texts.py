"""The search-text file: search forms out of SQLite, kept in step with it through kills,
rollbacks, restores and rewrites (core/store/texts.py)."""

from __future__ import annotations

import sqlite3

import pytest

from core.archive import Archive
from core.errors import ArchiveError
from core.search.analysis import normalize

DOCS = {
    "a.txt": "关于开展三会一课专项检查的通知\n各支部要认真落实三会一课制度。",
    "b.txt": "行政处罚决定书\n依法作出行政处罚决定，当事人应当履行。",
    "c.txt": "學院發展規劃（繁體）\n推進學院高質量發展。",
}


@pytest.fixture
def made(tmp_path, write):
    """An archive folder with the three documents, closed."""
    folder = tmp_path / "arch"
    with Archive.open(folder) as archive:
        report = archive.import_paths([write(name, text) for name, text in DOCS.items()])
        assert report.imported == len(DOCS)
    return folder


def text_files(folder):
    return sorted(p.name for p in folder.glob("search-text-*.bin"))


def phrase_hits(archive) -> dict[str, int]:
    return {q: archive.search(f'"{q}"').total for q in ("三会一课", "行政处罚决定", "学院发展")}


EXPECTED = {"三会一课": 1, "行政处罚决定": 1, "学院发展": 1}


def as_schema_5(folder) -> dict[int, str]:
    """Turn the archive back into what schema 5 kept: search forms in document_text.ncontent,
    no spans, no search-text file. The forms it had, by id."""
    with Archive.open(folder) as archive:
        forms = {i: text for i, _, text in archive.store.index_rows()}
    db = sqlite3.connect(folder / "archive.db")
    db.execute("ALTER TABLE document_text ADD COLUMN ncontent TEXT NOT NULL DEFAULT ''")
    db.executemany(
        "UPDATE document_text SET ncontent = ? WHERE doc_id = ?", [(t, i) for i, t in forms.items()]
    )
    db.execute("ALTER TABLE documents DROP COLUMN text_at")
    db.execute("ALTER TABLE documents DROP COLUMN text_len")
    db.execute("DELETE FROM meta WHERE key LIKE 'search_text_%'")
    db.execute("PRAGMA user_version = 5")
    db.commit()
    db.close()
    for name in text_files(folder):
        (folder / name).unlink()
    return forms


def test_an_older_archive_moves_its_search_forms_out_of_sqlite_unchanged(made):
    from core.archive import UPGRADING

    forms = as_schema_5(made)
    seen = []
    with Archive.open(made, on_progress=seen.append) as archive:
        assert {i: archive.store.search_text(i) for i in forms} == forms
        assert phrase_hits(archive) == EXPECTED
    db = sqlite3.connect(made / "archive.db")
    columns = [r[1] for r in db.execute("PRAGMA table_info(document_text)")]
    db.close()
    assert columns == ["doc_id", "content"]  # the forms are not kept twice
    assert len(text_files(made)) == 1
    upgrade = [(p.done, p.total) for p in seen if p.message == UPGRADING]
    assert (len(forms), len(forms)) in upgrade  # the window shows how far the move got


def test_a_missing_search_text_file_is_written_again_from_the_originals(made):
    for name in text_files(made):
        (made / name).unlink()  # as after copying archive.db on its own
    with pytest.raises(ArchiveError, match="可写方式"):
        Archive.open(made, read_only=True)
    with Archive.open(made) as archive:
        assert phrase_hits(archive) == EXPECTED
        doc = archive.search('"行政处罚决定"').hits[0]
        assert archive.store.search_text(doc.id) == normalize(DOCS["b.txt"])


def test_a_short_search_text_file_is_written_again(made):
    (path,) = [made / n for n in text_files(made)]
    path.write_bytes(path.read_bytes()[:10])  # torn: the later forms are gone
    with Archive.open(made) as archive:
        assert phrase_hits(archive) == EXPECTED


def test_a_failed_import_transaction_leaves_unused_bytes_and_loses_nothing(made, write):
    with Archive.open(made) as archive:
        before = (made / archive.store.texts.name).stat().st_size
        with pytest.raises(RuntimeError), archive.store.transaction():
            record = {"title": "作废", "sha256": "0" * 64, "imported_at": "2026-12-06"}
            archive.store.insert_document(record, "从未提交的正文", "从未提交的正文")
            raise RuntimeError("the disk failed before the commit")
        archive.import_paths([write("d.txt", "关于三会一课的补充通知")])
        assert archive.search("从未提交").total == 0
        assert archive.search('"三会一课"').total == 2
    assert (made / text_files(made)[0]).stat().st_size > before
    with Archive.open(made, read_only=True) as archive:  # the spans on disk agree
        assert archive.search('"三会一课"').total == 2
        assert archive.search("从未提交").total == 0


def test_turning_folding_off_writes_a_new_file_and_removes_the_old(made):
    with Archive.open(made) as archive:
        old = archive.store.texts.name
        assert archive.search("学院发展").total == 1
        archive.set_folding(False)
        assert archive.store.texts.name != old
        assert text_files(made) == [archive.store.texts.name]
        assert archive.search("学院发展").total == 0  # 學院發展 is written apart now
        assert archive.search("學院發展").total == 1
        archive.set_folding(True)
        assert phrase_hits(archive) == EXPECTED


def test_a_search_begun_before_a_rewrite_reads_the_forms_it_began_with(made):
    with Archive.open(made) as archive:
        attrs = archive.engine.attrs()  # what a search in another thread holds
        before = {d: attrs.text(d) for d in range(len(attrs.id_of))}
        archive.set_folding(False)
        assert {d: attrs.text(d) for d in range(len(attrs.id_of))} == before
        assert archive.engine.attrs() is not attrs  # the next search reads the new file


def test_a_cancelled_rewrite_keeps_the_old_file(made):
    from core.errors import Cancelled
    from core.models import CancelToken

    with Archive.open(made) as archive:
        old = archive.store.texts.name
        token = CancelToken()
        token.cancel()
        with pytest.raises(Cancelled):
            archive.set_folding(False, cancel=token)
        assert archive.store.texts.name == old
        assert text_files(made) == [old]
        assert phrase_hits(archive) == EXPECTED


def test_occurrences_counted_in_the_map_equal_str_count_up_to_the_cap(tmp_path, write):
    import random

    rng = random.Random(7)
    # 黨 folds to 党. In UTF-16-LE "a乎" is 61 00 4E 4E: the bytes of 一 (00 4E) straddle the
    # two characters at an odd offset, which must not count as 一.
    alphabet = ["a", "b", "党", "黨", "建", "乎", "一", "\U00020000"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(30)]
    with Archive.open(tmp_path / "arch") as archive:
        archive.import_paths([write(f"{i}.txt", t) for i, t in enumerate(texts)])
        attrs = archive.engine.attrs()
        forms = [attrs.text(d) for d in range(len(attrs.id_of))]
        assert sorted(forms) == sorted(normalize(t) for t in texts)
        for _ in range(3000):
            d = rng.randrange(len(forms))
            term = normalize("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3))))
            needle = attrs.needle(term)
            for cap in (1, 3, 50):
                assert attrs.occurrences(d, needle, cap) == min(cap, forms[d].count(term))
            assert bool(attrs.containing([d], needle)) == (term in forms[d])
        # "aa" in "aaaaa": two non-overlapping occurrences, as str.count counts them
        archive.import_paths([write("x.txt", "aaaaa 三会一课三会一课三会一课三会一课")])
        attrs = archive.engine.attrs()
        (d,) = [d for d in range(len(attrs.id_of)) if attrs.text(d).startswith("aaaaa")]
        assert attrs.occurrences(d, attrs.needle("aa"), 50) == 2
        assert attrs.occurrences(d, attrs.needle("三会一课"), 3) == 3


def test_bytes_left_by_a_write_that_failed_half_way_are_skipped(tmp_path):
    from core.store.texts import SearchTexts

    texts = SearchTexts(tmp_path, None).fresh()
    first = texts.append("三会一课")
    with open(texts.path, "ab") as f:  # what a write cut off by a full disk leaves behind
        f.write("行政处".encode("utf-16-le")[:5])  # an odd number of bytes
    second = texts.append("行政处罚决定")
    texts.sync()
    assert second[0] % 2 == 0  # texts stay aligned to whole characters
    assert texts.read(*first) == "三会一课"
    assert texts.read(*second) == "行政处罚决定"
    texts.close()
