"""The OCR engine: rapidocr with its bundled PP-OCR models on onnxruntime (the only module that
imports rapidocr). An optional component: available() is False where it is not installed, and
the program then hides OCR."""

from __future__ import annotations

import importlib.util
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the window asks available() at start: reading order loads with the worker
    from core.ingest.ocr.order import Box

MAX_SIDE = (
    2400  # longer sides are scaled down (A4 at ~200 dpi): 300 dpi costs 2-4x the time, same text
)


def available() -> bool:
    """True when rapidocr and onnxruntime can be imported (the OCR component is installed)."""
    try:
        return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime"))
    except (ImportError, ValueError):
        return False


class Engine:
    """A loaded recogniser (about a second to load: keep one per worker)."""

    def __init__(self):
        logging.getLogger("RapidOCR").setLevel(logging.WARNING)  # it logs every model it loads
        from rapidocr import RapidOCR

        self._ocr = RapidOCR(params={"Global.log_level": "warning"})

    def boxes(self, image) -> list[Box]:
        """Text lines found on a PIL image, with their rectangles and confidences."""
        import numpy

        from core.ingest.ocr.order import Box

        image = image.convert("RGB")
        scale = min(1.0, MAX_SIDE / max(image.size))
        if scale < 1.0:
            image = image.resize((int(image.width * scale), int(image.height * scale)))
        result = self._ocr(numpy.asarray(image))
        if result.boxes is None or result.txts is None:
            return []
        found = []
        for corners, text, score in zip(result.boxes, result.txts, result.scores):
            xs = [float(p[0]) / scale for p in corners]
            ys = [float(p[1]) / scale for p in corners]
            found.append(Box(min(xs), min(ys), max(xs), max(ys), str(text), float(score)))
        return found
