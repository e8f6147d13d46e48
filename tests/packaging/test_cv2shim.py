"""packaging/cv2shim, the stand-in for OpenCV in the Windows OCR component, against real OpenCV
(installed for development) and under rapidocr on a scanned page."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
cv2 = pytest.importorskip("cv2")
np = pytest.importorskip("numpy")


def load_shim():
    spec = importlib.util.spec_from_file_location(
        "cv2shim", REPO / "packaging" / "cv2shim" / "cv2" / "__init__.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


shim = load_shim()


@pytest.mark.parametrize("size", [(29, 17), (120, 75), (53, 37), (200, 9)])
def test_resize_gives_opencvs_pixels(size):
    """Bilinear resizing up and down, colour and grey: each pixel within 1 of OpenCV's."""
    rng = np.random.default_rng(3)
    image = rng.integers(0, 256, (37, 53, 3), dtype=np.uint8)
    for img in (image, image[..., 0].copy()):
        ours, theirs = shim.resize(img, size), cv2.resize(img, size)
        assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
        assert np.abs(ours.astype(int) - theirs).max() <= 1


def boxes(module, bitmap):
    """The corner sets of every blob's smallest rectangle, sorted (what rapidocr keeps)."""
    contours, _ = module.findContours(bitmap, module.RETR_LIST, module.CHAIN_APPROX_SIMPLE)
    found = []
    for contour in contours:
        rect = module.minAreaRect(contour)
        corners = np.round(np.asarray(module.boxPoints(rect))).astype(int)
        found.append((round(min(rect[1])), sorted(map(tuple, corners.tolist()))))
    return sorted(found)


def test_text_blobs_give_the_rectangles_opencv_finds():
    """Rotated bars, a slanted blob and blobs touching only at a corner (8-connected, one blob)."""
    bitmap = np.zeros((160, 240), np.uint8)
    for centre, size, angle in [
        ((60, 30), (90, 14), 0),
        ((150, 70), (120, 20), 8),
        ((70, 120), (60, 30), -25),
    ]:
        corners = cv2.boxPoints((centre, size, angle)).astype(np.int32)
        cv2.fillPoly(bitmap, [corners], 255)
    bitmap[140:150, 200:210] = 255
    bitmap[150:155, 210:215] = 255  # touches the square above only diagonally
    ours, theirs = boxes(shim, bitmap), boxes(cv2, bitmap)
    assert len(ours) == len(theirs) == 4
    for (side_a, corners_a), (side_b, corners_b) in zip(ours, theirs):
        assert abs(side_a - side_b) <= 1
        assert np.abs(np.array(corners_a) - np.array(corners_b)).max() <= 1


def test_an_empty_map_has_no_blobs():
    contours, _ = shim.findContours(np.zeros((20, 30), np.uint8), shim.RETR_LIST, 2)
    assert len(contours) == 0


def test_a_slanted_text_line_is_cropped_like_opencv_does():
    """The perspective crop rapidocr cuts around each text line, bicubic with edges replicated."""
    yy, xx = np.mgrid[0:120, 0:200]
    image = np.stack([(xx * 1.2) % 256, (yy * 2.0) % 256, (xx + yy) % 256], 2).astype(np.uint8)
    quad = np.array([[10, 20], [190, 35], [185, 75], [5, 60]], np.float32)
    target = np.array([[0, 0], [180, 0], [180, 40], [0, 40]], np.float32)
    matrix = shim.getPerspectiveTransform(quad, target)
    assert np.allclose(matrix, cv2.getPerspectiveTransform(quad, target), atol=1e-6)
    args = dict(borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)
    ours = shim.warpPerspective(image, matrix, (180, 40), **args)
    theirs = cv2.warpPerspective(image, matrix, (180, 40), **args)
    assert ours.shape == theirs.shape
    assert np.abs(ours.astype(int) - theirs).mean() < 2


def test_box_score_is_the_mean_inside_the_polygon():
    score_map = np.random.default_rng(5).random((40, 60)).astype(np.float32)
    box = np.array([[[5, 5], [50, 8], [48, 30], [4, 28]]], np.int32)
    masks = []
    for module in (shim, cv2):
        mask = np.zeros((40, 60), np.uint8)
        module.fillPoly(mask, box, 1)
        masks.append(mask)
        assert abs(module.mean(score_map, mask)[0] - cv2.mean(score_map, masks[0])[0]) < 0.01
    # Pillow and OpenCV round the slanted edges differently: only edge pixels may differ
    assert np.count_nonzero(masks[0] != masks[1]) < 0.05 * np.count_nonzero(masks[1])


def test_rapidocr_reads_a_scan_through_the_stand_in():
    """What the Windows OCR component does: rapidocr, with the shim as cv2, reads the self-test
    scan (a fresh interpreter, so the shim is the only cv2 it knows)."""
    pytest.importorskip("rapidocr")
    code = (
        "import sys, importlib.util\n"
        "spec = importlib.util.spec_from_file_location('cv2', sys.argv[1])\n"
        "cv2 = importlib.util.module_from_spec(spec); spec.loader.exec_module(cv2)\n"
        "sys.modules['cv2'] = cv2\n"
        "from PIL import Image\n"
        "from core.ingest.ocr.engine import Engine\n"
        "print(''.join(b.text for b in Engine().boxes(Image.open(sys.argv[2]))))\n"
        "print(sys.modules['cv2'].__version__)\n"
    )
    scan = REPO / "resources" / "selftest" / "扫描件-档案室开放时间.png"
    shim_file = REPO / "packaging" / "cv2shim" / "cv2" / "__init__.py"
    out = subprocess.run(
        [sys.executable, "-c", code, str(shim_file), str(scan)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=240,
    )
    assert out.returncode == 0, out.stderr
    text, version = out.stdout.splitlines()[-2:]
    assert "archivist-shim" in version
    assert "档案室每周一至周五开放" in text
