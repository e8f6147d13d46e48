"""繁简 folding, 文号 in any bracket and 档号 in any separator: found by any form, exactly."""

from __future__ import annotations

import random

import pytest

from core.search.analysis import RE_HAN, normalize
from tests.conftest import corpus_path

DOCS = {
    "a.txt": "關於學院發展規劃的通知\n各單位：為推動檔案法實施，現將發展規劃印發。",
    "b.txt": "理发室管理办法\n头发护理，干部带头。",
    "c.txt": "幹部理髮須知\n乾燥天氣注意頭髮護理。",
    "d.txt": "学院发展规划（简体）\n档案法实施细则。",
}


@pytest.fixture
def folded(archive, write):
    for name, text in DOCS.items():
        write(name, text)
    report = archive.import_paths([write("a.txt", DOCS["a.txt"]).parent])
    assert report.imported == 4
    return archive


def titles(result):
    return sorted(h.title for h in result.hits)


def test_simplified_query_finds_traditional_text_and_back(folded):
    assert titles(folded.search("档案法")) == ["学院发展规划（简体）", "關於學院發展規劃的通知"]
    assert folded.search("档案法").total == 2
    assert folded.search("檔案法").total == 2
    assert folded.search("發展規劃").total == 2
    assert folded.search("发展规划").total == 2


def test_one_to_many_characters_fold_to_one_form(folded):
    # 发 / 發 / 髮 are one character to search, and so are 干 / 乾 / 幹
    assert folded.search("发").total == 4
    assert folded.search("髮").total == 4
    assert folded.search("头发").total == 2  # b: 头发, c: 頭髮
    assert folded.search("干部").total == 2  # b: 干部, c: 幹部
    assert folded.search("乾").total == 2  # b: 干, c: 幹/乾
    assert folded.search("理發").total == 2  # b: 理发室, c: 理髮


def test_the_stored_text_and_title_stay_as_written(folded):
    hit = folded.search("理髮須知").hits[0]
    assert hit.title == "幹部理髮須知"
    assert "頭髮護理" in folded.document(hit.id)["content"]


def test_highlights_and_snippets_land_on_the_original_characters(folded):
    result = folded.search("发展规划")
    by_title = {h.title: h for h in result.hits}
    assert "【發展規劃】" in by_title["關於學院發展規劃的通知"].snippet
    text = DOCS["a.txt"]
    spans = folded.hit_spans(text, result.terms)
    assert [text[a:b] for a, b in spans] == ["發展規劃", "發展規劃"]
    text = DOCS["c.txt"]
    assert [text[a:b] for a, b in folded.hit_spans(text, [normalize("头发")])] == ["頭髮"]


def test_normalize_is_idempotent_and_keeps_length_for_folding():
    for text in ("發展乾燥幹部頭髮僞造偽造戶口臺灣", "学院 发展\n规划", "ABC，湘工发"):
        once = normalize(text)
        assert normalize(once) == once
    assert len(normalize("發展乾燥幹部頭髮僞造臺灣")) == len("發展乾燥幹部頭髮僞造臺灣")


DOCNO_FORMS = [
    "湘工发〔2015〕4号",
    "湘工发[2015]4号",
    "湘工发（2015）4号",
    "湘工发［2015］第4号",
    "湘工发2015年4号",
]


@pytest.fixture
def docnos(archive, write):
    folder = None
    for i, form in enumerate(DOCNO_FORMS):
        folder = write(f"n{i}.txt", f"通知{i}\n根据{form}文件精神，做好工作。").parent
    write("other.txt", "通知九\n根据湘工发〔2015〕14号和湘工发〔2016〕4号文件。")
    write("date.txt", "通知十\n2015年4月召开会议。")
    assert archive.import_paths([folder]).imported == 7
    for i, form in enumerate(DOCNO_FORMS):
        (doc_id,) = [h.id for h in archive.search(f"通知{i}").hits]  # title: the file name
        archive.update(doc_id, doc_number=form, archive_code=f"WS·2015-D10-000{i}")
    return archive


@pytest.mark.parametrize("query", DOCNO_FORMS)
def test_every_docno_form_finds_the_others(docnos, query):
    assert titles(docnos.search(query)) == [f"n{i}" for i in range(5)]
    assert titles(docnos.search(f"文号:{query}")) == [f"n{i}" for i in range(5)]


def test_docno_highlight_and_stored_form_as_written(docnos):
    result = docnos.search("湘工发(2015)4号")
    for hit in result.hits:
        i = int(hit.title[-1])
        assert f"【{DOCNO_FORMS[i]}】" in hit.snippet
        assert docnos.document(hit.id)["doc_number"] == DOCNO_FORMS[i]


def test_archive_code_separators_are_one(docnos):
    for code in ("WS·2015-D10-0003", "WS-2015-D10-0003", "ws.2015.d10.0003"):
        assert titles(docnos.search(f"档号:{code}")) == ["n3"]


def test_an_archive_written_before_folding_is_updated_at_open(tmp_path, write):
    from core.archive import Archive

    folder = tmp_path / "old"
    with Archive.open(folder) as archive:
        archive.import_paths([write("a.txt", DOCS["a.txt"])])
        # what search form 1 stored: no folding, and a version mark of 1
        old = [
            (i, t, c.replace("发", "發"))
            for page in archive.store.original_texts()
            for i, t, c in page
        ]
        with archive.store.search_form_rewrite("1") as write:
            write(old)
    with Archive.open(folder) as archive:
        assert archive.search("发展").total == 1
        assert archive.store.search_text(archive.search("发展").hits[0].id) == normalize(
            DOCS["a.txt"]
        )


@pytest.mark.corpus
def test_folded_hit_sets_equal_brute_force_on_a_traditional_corpus(archive, tmp_path):
    """Part of the laws corpus converted to traditional with OpenCC; 300 random substrings of
    the traditional text (and their simplified spelling) find exactly the documents whose
    folded text contains them."""
    opencc = pytest.importorskip("opencc")
    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    files = sorted(corpus_path("laws").rglob("*.md"))[:40]
    src = tmp_path / "trad"
    src.mkdir()
    originals = {}
    for n, path in enumerate(files):
        text = s2t.convert(path.read_text("utf-8")[:20000])
        (src / f"{n:03d}.txt").write_text(text, encoding="utf-8")
        originals[n] = text
    assert archive.import_paths([src]).imported == len(files)
    rows = archive.store.query(
        "SELECT d.id, d.ntitle, t.content FROM documents d JOIN document_text t ON t.doc_id = d.id"
    )
    folded = {r["id"]: (r["ntitle"], normalize(r["content"])) for r in rows}
    rng = random.Random(16)
    texts = list(originals.values())
    queries = []
    while len(queries) < 300:
        text = rng.choice(texts)
        i = rng.randrange(len(text) - 12)
        term = text[i : i + rng.randint(1, 8)]
        if RE_HAN.fullmatch(term):
            queries.append(term if len(queries) % 2 else t2s.convert(term))
    for q in queries:
        nq = normalize(q)
        truth = {d for d, (t, c) in folded.items() if nq in c or nq in t}
        assert {h.id for h in archive.search(f'"{q}"', limit=1000).hits} == truth, q


def test_a_read_only_open_of_an_old_search_form_asks_for_a_writable_open(tmp_path, write):
    from core.archive import Archive
    from core.errors import ArchiveError

    folder = tmp_path / "old"
    with Archive.open(folder) as archive:
        archive.import_paths([write("a.txt", DOCS["a.txt"])])
        archive.store.set_meta("search_form", "1")
    with pytest.raises(ArchiveError, match="可写方式"):
        Archive.open(folder, read_only=True)
    with Archive.open(folder) as archive:  # the writable open updates it
        assert archive.search("发展规划").total == 1


def test_folding_can_be_turned_off_and_on_again(folded):
    folded.set_folding(False)
    assert titles(folded.search("档案法")) == ["学院发展规划（简体）"]
    assert titles(folded.search("檔案法")) == ["關於學院發展規劃的通知"]
    assert folded.search("发").total == 2  # b: 理发室, d: 发展 — not 發 or 髮
    hit = folded.search("發展").hits[0]
    assert "【發展】" in hit.snippet and hit.title == "關於學院發展規劃的通知"
    text = "头发与頭髮"
    assert [text[a:b] for a, b in folded.hit_spans(text, ["头发"], folding=False)] == ["头发"]
    src = folded.folder.parent / "new"
    src.mkdir()
    (src / "e.txt").write_text("發文登記簿\n收發文件。", encoding="utf-8")
    assert folded.import_paths([src]).imported == 1  # imported while off: its form unfolded
    assert folded.search("发").total == 2 and folded.search("收發").total == 1
    folder = folded.folder
    folded.close()
    from core.archive import Archive

    with Archive.open(folder) as archive:  # the setting and the unfolded forms persist
        assert archive.search("檔案法").total == 1
        archive.set_folding(True)
        assert archive.search("檔案法").total == 2
        assert archive.search("发").total == 5


def test_stopping_the_folding_change_leaves_everything_as_it_was(folded, monkeypatch):
    import core.store.saved
    from core.errors import Cancelled
    from core.models import CancelToken

    monkeypatch.setattr(core.store.saved, "SEARCH_FORM_PAGE", 1)  # one document per page
    before = titles(folded.search("档案法"))
    ids = folded.store.all_ids()
    forms = [folded.store.search_text(i) for i in ids]
    cancel = CancelToken()

    def progressed(p):
        if p.done >= 1:
            cancel.cancel()  # after the first page was rewritten

    with pytest.raises(Cancelled):
        folded.set_folding(False, on_progress=progressed, cancel=cancel)
    assert folded.folding() and folded.settings["fold_variants"]
    assert titles(folded.search("档案法")) == before  # the first page was rolled back too
    assert [folded.store.search_text(i) for i in ids] == forms
    folded.set_folding(False, cancel=CancelToken())  # not stopped: it goes through
    assert not folded.folding()
    assert titles(folded.search("档案法")) == ["学院发展规划（简体）"]
