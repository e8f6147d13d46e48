"""Which OCR engine settings cost what: detection / classifier / recognition seconds and CER.

Renders the same pages as bench_ocr.py (300 dpi clean and 150 dpi degraded, one and two columns)
and runs every setting on each page in turn (interleaved, so a change of machine load hits all
settings alike). Prints per setting: mean s/page, the seconds in detection, the angle classifier
and recognition, and the CER median/max; then the ratio of s/page to the first setting.
Usage: uv run python bench/bench_ocr_settings.py [--pages 2] [--only before,chosen,...]

Measured 2026-12-06 on the 2-core development machine shared with other work, --pages 1
(six pages per setting), s/page as a ratio to "before" in the same run:
  load 3.2-5.1: before 10.92 s (det 2.05, cls 0.11, rec 8.56), chosen 7.26 s = 0.66 (det 0.73);
                with-cls 0.67 but CER 3.92 % / 2.89 % on two classes where chosen has 0.00 %;
                rec batch 1 / 6: 0.59 / 0.64 (noise: batch 3 vs 6 went the other way before)
  load 2.7-4.9: det at the default (short side >= 736 px, i.e. the whole page) 1.11, no
                spinning vs spinning 0.85 vs 0.85, threads-2 0.72
  load 3.2-6.1: det 960 px lost 9-pt print on degraded 150 dpi pages (CER 19.9 % vs 3.8 %)
  load 0.1-1.5: before 3.41 s/page, det 1,280 px and no classifier 2.66 s (0.78)
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_ocr import cer, degrade, law_paragraphs, render  # noqa: E402

from core.ingest.ocr import engine as engine_module  # noqa: E402
from core.ingest.ocr.order import arrange  # noqa: E402

_OLD = {  # the settings before this bench: rapidocr's defaults, pages scaled to 2,400 px
    "Global.use_cls": True,
    "Rec.rec_batch_num": 6,
    "Det.limit_type": "min",
    "Det.limit_side_len": 736,
    "EngineConfig.onnxruntime.allow_spinning": True,
}
_NOW = engine_module.SETTINGS
SETTINGS = {  # name: (settings over engine.SETTINGS, longest side)
    "before": (_OLD, 2400),
    "chosen": ({}, engine_module.MAX_SIDE),  # what engine.py uses now
    "with-cls": ({"Global.use_cls": True}, engine_module.MAX_SIDE),
    "det-max-960": ({"Det.limit_side_len": 960}, engine_module.MAX_SIDE),
    "det-default": ({"Det.limit_type": "min", "Det.limit_side_len": 736}, engine_module.MAX_SIDE),
    "spinning": ({"EngineConfig.onnxruntime.allow_spinning": True}, engine_module.MAX_SIDE),
    "threads-1": ({"EngineConfig.onnxruntime.intra_op_num_threads": 1}, engine_module.MAX_SIDE),
    "threads-2": ({"EngineConfig.onnxruntime.intra_op_num_threads": 2}, engine_module.MAX_SIDE),
    "rec-batch-1": ({"Rec.rec_batch_num": 1}, engine_module.MAX_SIDE),
    "rec-batch-6": ({"Rec.rec_batch_num": 6}, engine_module.MAX_SIDE),
    "rec-batch-12": ({"Rec.rec_batch_num": 12}, engine_module.MAX_SIDE),
    "side-1600": ({}, 1600),
}


def pages(count: int, seed: int) -> list[tuple[str, object, str]]:
    """(class name, image, reference) for each class and page."""
    rng = random.Random(seed)
    paragraphs = law_paragraphs(rng, 400 * count)
    out = []
    classes = [(300, False, 1, 12), (300, False, 2, 12), (150, True, 1, 12)]
    classes += [(150, True, 2, 12), (300, False, 1, 9), (150, True, 1, 9)]
    for dpi, degraded, columns, points in classes:
        for page in range(count):
            start = (page * 37 + columns * 11) % max(1, len(paragraphs) - 60)
            image, reference = render(paragraphs[start : start + 80], dpi, columns, points)
            if degraded:
                image = degrade(image, rng)
            name = f"{dpi} {'degr' if degraded else 'clean'} {columns}col {points}pt"
            out.append((name, image, reference))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=2, help="pages per class")
    parser.add_argument("--only", default="", help="comma-separated setting names")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    names = [n for n in SETTINGS if not args.only or n in args.only.split(",")]
    engines = {}
    for name in names:
        params, side = SETTINGS[name]
        engines[name] = engine_module.Engine(params=params, max_side=side)
    rows = {n: {"total": [], "det": [], "cls": [], "rec": [], "cer": {}} for n in names}
    loads = [os.getloadavg()[0]]
    for index, (klass, image, reference) in enumerate(pages(args.pages, args.seed)):
        order = names[index % len(names) :] + names[: index % len(names)]  # rotate who goes first
        for name in order:
            eng = engines[name]
            start = time.perf_counter()
            boxes = eng.boxes(image)
            body, margins = arrange(boxes, image.width, image.height)
            took = time.perf_counter() - start
            row = rows[name]
            row["total"].append(took)
            for key, value in zip(("det", "cls", "rec"), eng.last_elapse + [0, 0, 0]):
                row[key].append(float(value or 0))
            row["cer"].setdefault(klass, []).append(cer(reference, body + margins))
        loads.append(os.getloadavg()[0])
    classes = list(next(iter(rows.values()))["cer"])
    print(f"load average during the run: {min(loads):.1f}-{max(loads):.1f}")
    header = f"{'setting':14} {'s/page':>6} {'ratio':>5} {'det':>5} {'cls':>5} {'rec':>5}"
    print(header + "".join(f" {c[:16]:>16}" for c in classes))
    base = statistics.mean(rows[names[0]]["total"])
    for name in names:
        row = rows[name]
        mean = statistics.mean(row["total"])
        line = f"{name:14} {mean:6.2f} {mean / base:5.2f}"
        line += "".join(f" {statistics.mean(row[k]):5.2f}" for k in ("det", "cls", "rec"))
        line += "".join(f" {statistics.median(row['cer'][c]):16.2%}" for c in classes)
        print(line)
    print("(CER: median per class; det/cls/rec: mean seconds per page in each stage)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
