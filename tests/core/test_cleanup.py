"""Radical look-alikes from PDF text layers become the characters they stand for."""

from core.ingest.extract.cleanup import fold_radicals


def test_kangxi_and_supplement_radicals_are_folded():
    assert (
        fold_radicals("2023年12⽉28⽇，征求意⻅，参加⼈员，第⻚")
        == "2023年12月28日，征求意见，参加人员，第页"
    )


def test_ordinary_text_is_unchanged():
    text = "中共某某学院委员会 2023年12月28日 ABC"
    assert fold_radicals(text) is text


def test_the_sample_pdf_imports_with_its_signing_date(archive):
    from core.folder.paths import resources_dir

    pdf = resources_dir() / "samples" / "关于召开2023年度组织生活会的通知.pdf"
    doc = archive.document(archive.import_paths([pdf]).files[0].id)
    assert doc["date"] == "2023-12-28" and doc["year"] == 2023
    assert "征求意见" in doc["content"]
    assert doc["issuer"] == "中共某某学院委员会"
