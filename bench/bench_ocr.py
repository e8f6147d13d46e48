"""OCR accuracy and speed on pages rendered from ../shared/corpus/laws/ (CJK font, PIL).

Classes: 300 and 150 dpi, clean and degraded (JPEG q60, 1.5° skew, noise, grey paper), single
and two-column layout. Prints the character error rate (edit distance / reference length,
whitespace removed) and seconds per page for each class; then characters found and s/page on
the shared PDFs that have no text layer. Targets: CER ≤ 2 % at 300 dpi clean, ≤ 5 % at 150 dpi
degraded, ≤ 4 s per page.
Usage: uv run python bench/bench_ocr.py [--pages 3] [--scans 10] [--seed 7]  (--pages 0: scans only)
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = REPO / ".." / "shared" / "corpus"

from core.ingest.ocr.engine import Engine  # noqa: E402
from core.ingest.ocr.order import arrange  # noqa: E402
from tests.core.ocr.pages import cjk_font  # noqa: E402

A4_MM = (210, 297)
_RE_SPACE = re.compile(r"\s+")


def law_paragraphs(rng: random.Random, count: int) -> list[str]:
    """Paragraphs of randomly chosen laws (markdown marks removed)."""
    files = sorted((CORPUS / "laws").rglob("*.md"))
    rng.shuffle(files)
    out: list[str] = []
    for path in files:
        for line in path.read_text("utf-8").splitlines():
            line = line.strip().lstrip("#>*- ").strip()
            if len(line) >= 8:
                out.append(line)
        if len(out) >= count:
            break
    return out


def wrap(text: str, per_line: int) -> list[str]:
    """Hard-wrap a paragraph at a number of full-width characters (ASCII counts half)."""
    lines, current, width = [], "", 0.0
    for ch in text:
        w = 0.5 if ord(ch) < 0x2E80 else 1.0
        if width + w > per_line:
            lines.append(current)
            current, width = "", 0.0
        current += ch
        width += w
    if current:
        lines.append(current)
    return lines


def render(paragraphs: list[str], dpi: int, columns: int, font_pt: float = 12):
    """A page image and its reference text in reading order (columns left to right)."""
    from PIL import Image, ImageDraw

    px = dpi / 25.4
    width, height = int(A4_MM[0] * px), int(A4_MM[1] * px)
    margin, gap = int(25 * px), int(8 * px)
    size = int(font_pt * dpi / 72)
    font = cjk_font(size)
    col_width = (width - 2 * margin - gap * (columns - 1)) // columns
    per_line = col_width // size
    leading = int(size * 1.6)
    rows = (height - 2 * margin) // leading
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    reference, column, row = [], 0, 0
    for paragraph in paragraphs:
        for line in wrap(paragraph, per_line):
            if row >= rows:
                column, row = column + 1, 0
            if column >= columns:
                return image, "".join(reference)
            x = margin + column * (col_width + gap)
            draw.text((x, margin + row * leading), line, font=font, fill=0)
            reference.append(line)
            row += 1
    return image, "".join(reference)


def degrade(image, rng: random.Random):
    """A poor copy: grey paper, 1.5° skew, noise, JPEG quality 60."""
    from PIL import Image

    grey = image.point(lambda v: 205 if v > 200 else max(0, v + 25))
    skewed = grey.rotate(1.5, resample=Image.BICUBIC, expand=True, fillcolor=205)
    noisy = skewed.copy()
    pixels = noisy.load()
    for _ in range(noisy.width * noisy.height // 30):
        x, y = rng.randrange(noisy.width), rng.randrange(noisy.height)
        pixels[x, y] = max(0, min(255, pixels[x, y] + rng.randint(-70, 70)))
    buffer = io.BytesIO()
    noisy.save(buffer, "JPEG", quality=60)
    return Image.open(io.BytesIO(buffer.getvalue()))


def cer(reference: str, hypothesis: str) -> float:
    """Levenshtein distance / reference length, whitespace removed."""
    a, b = _RE_SPACE.sub("", reference), _RE_SPACE.sub("", hypothesis)
    if not a:
        return 0.0 if not b else 1.0
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1] / len(a)


def recognise(engine: Engine, image) -> tuple[str, float]:
    """Text in reading order (body and margins) and the seconds it took."""
    start = time.perf_counter()
    boxes = engine.boxes(image)
    body, margins = arrange(boxes, image.width, image.height)
    return body + margins, time.perf_counter() - start


def synthetic(engine: Engine, pages: int, seed: int) -> None:
    rng = random.Random(seed)
    paragraphs = law_paragraphs(rng, 400 * pages)
    print(f"{'class':34} {'pages':>5} {'CER median':>10} {'CER mean':>9} {'s/page':>7}")
    for dpi in (300, 150):
        for degraded in (False, True):
            for columns in (1, 2):
                errors, seconds = [], []
                for page in range(pages):
                    start = (page * 37 + columns * 11) % max(1, len(paragraphs) - 60)
                    image, reference = render(paragraphs[start : start + 60], dpi, columns)
                    if degraded:
                        image = degrade(image, rng)
                    text, took = recognise(engine, image)
                    errors.append(cer(reference, text))
                    seconds.append(took)
                name = f"{dpi} dpi {'degraded' if degraded else 'clean'} {columns}-column"
                print(
                    f"{name:34} {pages:5} {statistics.median(errors):10.2%} "
                    f"{statistics.mean(errors):9.2%} {statistics.mean(seconds):7.2f}"
                )


def scans(engine: Engine, count: int) -> None:
    """The shared PDFs without a text layer: the first page of count of them, spread over the
    whole list (its start is pdf.js's blank and JBIG2 test pages), characters found and time."""
    from core.ingest.extract.base import ExtractError
    from core.ingest.extract.pdf import extract, render_page

    root = CORPUS / "fixtures"
    manifest = root / "MANIFEST.tsv"
    if not manifest.exists():
        print("no fixtures corpus: scans skipped")
        return
    with open(manifest, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["ext"] == "pdf"]
    candidates = []
    for row in rows:
        path = root / row["set"] / row["path"]
        if row["text_chars_extracted"] not in ("0", ""):
            continue
        try:
            if extract(path).needs_ocr:
                candidates.append(path)
        except ExtractError:
            continue
    step = max(1, len(candidates) // max(1, count))
    chars, seconds = [], []
    for path in candidates[::step][:count]:
        try:
            image = render_page(path, 0, 200)
        except ExtractError:
            continue
        text, took = recognise(engine, image)
        chars.append(len(_RE_SPACE.sub("", text)))
        seconds.append(took)
        print(f"  {path.name[:60]:60} {chars[-1]:6} chars {took:6.2f} s")
    if chars:
        print(
            f"no-text-layer PDFs: {len(chars)} first pages of {len(candidates)}, characters found "
            f"median {statistics.median(chars):.0f} (min {min(chars)}, max {max(chars)}), "
            f"{statistics.mean(seconds):.2f} s/page"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=3, help="pages per class")
    parser.add_argument("--scans", type=int, default=10, help="no-text-layer PDFs to try")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    engine = Engine()
    if args.pages > 0:
        synthetic(engine, args.pages, args.seed)
    scans(engine, args.scans)
    return 0


if __name__ == "__main__":
    sys.exit(main())
