"""The OCR engine: rapidocr with its bundled PP-OCR models on onnxruntime (the only module that
imports rapidocr). An optional component: available() is False where it is not installed, and
the program then hides OCR."""

from __future__ import annotations

import importlib.util
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the window asks available() at start: reading order loads with the worker
    from core.ingest.ocr.order import Box

# Longer sides are scaled down to this (A4 at ~170 dpi): rapidocr would scale to 2,000 anyway,
# and 300 dpi costs 2-4x the time for the same text.
MAX_SIDE = 2000
# Measured with bench/bench_ocr_settings.py (2-core PC shared with other work, settings
# interleaved page by page; figures in its docstring): recognition is ~80 % of the time.
# Detection on the whole 2,000 px page (rapidocr's default: short side at least 736 px) cost
# 1.6-3.5 s a page; on a 1,280 px copy 0.5-1.3 s, and 9-pt print stays readable (960 px lost
# 20 % of it on degraded 150 dpi pages). The angle classifier is off: on upright pages it turned
# good lines upside down (CER 3-4 % instead of 0 % on two of six page classes). Idle onnxruntime
# threads wait instead of spinning (a spinning thread takes the busy PC's other core). The
# recognition batch size (1, 3, 6, 12) made no difference beyond the noise of a shared machine.
SETTINGS = {
    "Global.log_level": "warning",
    "Global.use_cls": False,
    "Det.limit_type": "max",
    "Det.limit_side_len": 1280,
    "EngineConfig.onnxruntime.allow_spinning": False,
}


def _install_spin_setting() -> None:
    """Let "EngineConfig.onnxruntime.allow_spinning": False reach onnxruntime (rapidocr passes
    only thread counts): idle threads then wait instead of spinning, which on a busy 2-core PC
    takes the core the working thread needs."""
    from rapidocr.inference_engine.onnxruntime import main as ort

    original = ort.OrtInferSession.__dict__["_init_sess_opts"]
    make = original.__func__ if isinstance(original, staticmethod) else original
    if getattr(make, "archivist", False):
        return

    def options(cfg):
        opts = make(cfg)
        if not cfg.get("allow_spinning", True):
            opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
            opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
        return opts

    options.archivist = True
    ort.OrtInferSession._init_sess_opts = staticmethod(options)


def available() -> bool:
    """True when rapidocr and onnxruntime can be imported (the OCR component is installed)."""
    try:
        return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime"))
    except (ImportError, ValueError):
        return False


class Engine:
    """A loaded recogniser (about a second to load: keep one per worker)."""

    def __init__(self, params: dict | None = None, max_side: int = MAX_SIDE):
        logging.getLogger("RapidOCR").setLevel(logging.WARNING)  # it logs every model it loads
        from rapidocr import RapidOCR

        _install_spin_setting()
        self.max_side = max_side
        self._ocr = RapidOCR(params={**SETTINGS, **(params or {})})
        self.last_elapse: list = []  # detection, classifier, recognition seconds (bench)

    def boxes(self, image) -> list[Box]:
        """Text lines found on a PIL image, with their rectangles and confidences."""
        import numpy

        from core.ingest.ocr.order import Box

        image = image.convert("RGB")
        scale = min(1.0, self.max_side / max(image.size))
        if scale < 1.0:
            image = image.resize((int(image.width * scale), int(image.height * scale)))
        result = self._ocr(numpy.asarray(image))
        self.last_elapse = list(getattr(result, "elapse_list", None) or [])
        if result.boxes is None or result.txts is None:
            return []
        found = []
        for corners, text, score in zip(result.boxes, result.txts, result.scores):
            xs = [float(p[0]) / scale for p in corners]
            ys = [float(p[1]) / scale for p in corners]
            found.append(Box(min(xs), min(ys), max(xs), max(ys), str(text), float(score)))
        return found
