"""Whatever the extractor hands over, guessing never crashes an import."""

from hypothesis import given, settings
from hypothesis import strategies as st

from core.ingest.describe import Guess, guess_metadata
from core.ingest.extract.base import Extracted
from core.ingest.meta.dates import find_dates, parse_date

DATEISH = st.text(
    alphabet="0123456789０１２年月日号-./〇○零一二三四五六七八九十 \n关于通知委员会：:〔〕[]号#>",
    max_size=300,
)


def run(text, filename="x.txt", **kw):
    return guess_metadata(
        Extracted(text=text, format="txt", extractor="text", **kw), filename=filename, folders=["f"]
    )


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(st.text(max_size=400), DATEISH), filename=st.text(max_size=40))
def test_any_text_gives_well_formed_guesses(text, filename):
    found = run(text, filename=filename or "x")
    for guess in found.values():
        assert isinstance(guess, Guess) and guess.source
    if "date" in found:
        assert parse_date(found["date"].value) is not None
    if "year" in found:
        assert 1900 <= found["year"].value <= 2100


@settings(max_examples=200, deadline=None)
@given(DATEISH)
def test_found_dates_are_real_calendar_dates(text):
    for match in find_dates(text):
        assert match.start < match.end
        if match.precision == "day":
            assert match.date is not None


def test_empty_and_odd_inputs():
    assert set(run("", filename="")) == {"category"}
    assert run("   \n\n\xa0\u3000\n")["category"].value == ["f"]
    one_long_line = "学院" * 200_000
    assert run(one_long_line, filename="长文.txt")["title"].value == "长文"
    odd_properties = run(
        "正文。", properties={"created": object(), "keywords": 5}, breadcrumb=["", "首页"]
    )
    assert odd_properties["category"].value == ["f"]


def test_a_malformed_extraction_still_gives_title_and_category():
    broken = Extracted(text="正文", format="txt", extractor="text", breadcrumb=[None, 3])
    found = guess_metadata(broken, filename="会议纪要(2023-01-05).docx", folders=["党政办"])
    assert found["title"].value == "会议纪要"
    assert found["category"].value == ["党政办"]
