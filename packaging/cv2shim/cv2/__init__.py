"""The few OpenCV calls rapidocr makes, in numpy and Pillow: stands in for opencv in the Windows
build (packaging/archivist.spec bundles it where opencv is not installed).

Why: opencv-python-headless adds 20 MB to the compressed installer (its cv2.pyd is 90 MB), the
OCR component must fit the 75 MB installer, and rapidocr needs only resizing, colour swaps, a
perspective crop and the outlines of the detector's text blobs. tests/packaging/test_cv2shim.py
compares each function with real OpenCV and recognises a scan with rapidocr on top of this.
Known difference: findContours returns each 8-connected blob's convex outline and no holes,
which is all rapidocr reads from it (minAreaRect of the blob)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw

__version__ = "4.10.0-archivist-shim"

COLOR_BGRA2BGR, COLOR_RGBA2BGR, COLOR_RGB2BGR, COLOR_BGR2RGB = 1, 3, 4, 4
COLOR_BGR2GRAY, COLOR_RGB2GRAY, COLOR_GRAY2BGR, COLOR_GRAY2RGB = 6, 7, 8, 8
COLOR_BGRA2RGB = 3
INTER_NEAREST, INTER_LINEAR, INTER_CUBIC, INTER_AREA = 0, 1, 2, 3
BORDER_CONSTANT, BORDER_REPLICATE = 0, 1
ROTATE_90_CLOCKWISE, ROTATE_180, ROTATE_90_COUNTERCLOCKWISE = 0, 1, 2
RETR_EXTERNAL, RETR_LIST, CHAIN_APPROX_SIMPLE = 0, 1, 2
IMREAD_COLOR = 1
FONT_HERSHEY_SIMPLEX = 0


def __getattr__(name: str):
    raise AttributeError(f"cv2.{name} is not part of Archivist's OpenCV stand-in")


# ------------------------------------------------------------------ pixels
def cvtColor(img: np.ndarray, code: int) -> np.ndarray:
    """Channel swaps and grey conversions (BGR is RGB reversed)."""
    if code == COLOR_GRAY2BGR:
        grey = img if img.ndim == 2 else img[..., 0]
        return np.ascontiguousarray(np.repeat(grey[..., None], 3, axis=2))
    if code == COLOR_RGB2BGR:
        return np.ascontiguousarray(img[..., 2::-1])
    if code == COLOR_BGRA2BGR:
        return np.ascontiguousarray(img[..., :3])
    if code == COLOR_RGBA2BGR:
        return np.ascontiguousarray(img[..., 2::-1])
    if code in (COLOR_BGR2GRAY, COLOR_RGB2GRAY):
        b, g, r = (0, 1, 2) if code == COLOR_BGR2GRAY else (2, 1, 0)
        grey = 0.114 * img[..., b] + 0.587 * img[..., g] + 0.299 * img[..., r]
        return _like(grey, img.dtype)
    raise NotImplementedError(f"cvtColor code {code}")


def _like(values: np.ndarray, dtype) -> np.ndarray:
    """Float results back to the input's type (rounded and saturated for uint8, as OpenCV)."""
    if dtype == np.uint8:
        return np.clip(np.rint(values), 0, 255).astype(np.uint8)
    return values.astype(dtype)


def _linear_axis(n_out: int, n_in: int):
    """Source indices and weights of OpenCV's INTER_LINEAR along one axis (edges replicated)."""
    pos = (np.arange(n_out, dtype=np.float64) + 0.5) * (n_in / n_out) - 0.5
    pos = np.clip(pos, 0, n_in - 1)
    low = np.floor(pos).astype(np.intp)
    high = np.minimum(low + 1, n_in - 1)
    return low, high, (pos - low).astype(np.float32)


def resize(img: np.ndarray, dsize, fx=None, fy=None, interpolation=INTER_LINEAR) -> np.ndarray:
    """Bilinear resize to dsize=(width, height), as cv2.resize with INTER_LINEAR."""
    width, height = int(dsize[0]), int(dsize[1])
    y0, y1, wy = _linear_axis(height, img.shape[0])
    x0, x1, wx = _linear_axis(width, img.shape[1])
    if img.ndim == 3:
        wy, wx = wy[:, None, None], wx[None, :, None]
    else:
        wy, wx = wy[:, None], wx[None, :]
    # only the source rows needed become float (a page is 12 M values; a text line far fewer)
    top, bottom = img[y0].astype(np.float32), img[y1].astype(np.float32)
    rows = top + (bottom - top) * wy
    left, right = rows[:, x0], rows[:, x1]
    return _like(left + (right - left) * wx, img.dtype)


def rotate(img: np.ndarray, code: int) -> np.ndarray:
    """Quarter turns: ROTATE_90_CLOCKWISE, ROTATE_180, ROTATE_90_COUNTERCLOCKWISE."""
    turns = {ROTATE_90_CLOCKWISE: -1, ROTATE_180: 2, ROTATE_90_COUNTERCLOCKWISE: 1}[code]
    return np.ascontiguousarray(np.rot90(img, turns))


def copyMakeBorder(img, top, bottom, left, right, borderType, value=0) -> np.ndarray:
    """Pad with a constant colour or by repeating the edge pixels."""
    pads = [(top, bottom), (left, right)] + [(0, 0)] * (img.ndim - 2)
    if borderType == BORDER_REPLICATE:
        return np.pad(img, pads, mode="edge")
    out = np.pad(img, pads, mode="constant")
    colour = np.broadcast_to(np.asarray(value, dtype=img.dtype)[: img.shape[-1]], img.shape[2:])
    out[:top], out[out.shape[0] - bottom :] = colour, colour
    out[:, :left], out[:, out.shape[1] - right :] = colour, colour
    return out


def bitwise_not(img: np.ndarray) -> np.ndarray:
    return np.invert(img)


def bitwise_and(a: np.ndarray, b: np.ndarray, mask=None) -> np.ndarray:
    out = np.bitwise_and(a, b)
    if mask is not None:
        out[np.asarray(mask) == 0] = 0
    return out


def add(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Saturating addition of two uint8 images."""
    return np.clip(a.astype(np.int16) + b, 0, 255).astype(a.dtype)


def dilate(img: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Maximum over the kernel's ones, anchored at its centre as OpenCV does."""
    kernel = np.asarray(kernel)
    ay, ax = kernel.shape[0] // 2, kernel.shape[1] // 2
    padded = np.pad(img, [(ay, kernel.shape[0] - 1 - ay), (ax, kernel.shape[1] - 1 - ax)])
    out = np.zeros_like(img)
    for dy, dx in zip(*np.nonzero(kernel)):
        np.maximum(out, padded[dy : dy + img.shape[0], dx : dx + img.shape[1]], out=out)
    return out


# ------------------------------------------------------------------ geometry
def getPerspectiveTransform(src, dst, *args) -> np.ndarray:
    """The 3x3 homography taking the four src points to the four dst points."""
    src, dst = np.asarray(src, np.float64).reshape(4, 2), np.asarray(dst, np.float64).reshape(4, 2)
    rows, rhs = [], []
    for (x, y), (u, v) in zip(src, dst):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    coeffs = np.linalg.solve(np.array(rows), np.array(rhs))
    return np.append(coeffs, 1.0).reshape(3, 3)


def invert(matrix, *args):
    return 1.0, np.linalg.inv(np.asarray(matrix, np.float64))


def warpPerspective(img, M, dsize, flags=INTER_LINEAR, borderMode=BORDER_CONSTANT, **kw):
    """The image seen through homography M, sampled bicubically by Pillow."""
    inverse = np.linalg.inv(np.asarray(M, np.float64))
    width, height = int(dsize[0]), int(dsize[1])
    # work on the part of the image the output sees (plus a margin), not the whole page
    corners = inverse @ np.array([[0, width, width, 0], [0, 0, height, height], [1, 1, 1, 1]])
    xs, ys = corners[0] / corners[2], corners[1] / corners[2]
    margin = 4
    x0, x1 = int(np.floor(xs.min())) - margin, int(np.ceil(xs.max())) + margin + 1
    y0, y1 = int(np.floor(ys.min())) - margin, int(np.ceil(ys.max())) + margin + 1
    h, w = img.shape[:2]
    (top, bottom), (left, right) = np.clip([y0, y1], 0, h), np.clip([x0, x1], 0, w)
    if bottom - top < 1 or right - left < 1:  # the output looks outside the image
        top, bottom, left, right = 0, h, 0, w
    pads = [(max(0, top - y0), max(0, y1 - bottom)), (max(0, left - x0), max(0, x1 - right))]
    mode = "edge" if borderMode == BORDER_REPLICATE else "constant"
    src = np.pad(img[top:bottom, left:right], pads + [(0, 0)] * (img.ndim - 2), mode=mode)
    y0, x0 = top - pads[0][0], left - pads[1][0]  # where src starts in the image
    # Pillow wants output→input coefficients in its pixel space (pixel i spans [i, i+1]);
    # OpenCV's pixel centres are the integers: shift by half a pixel on both sides.
    shift_in = np.array([[1, 0, 0.5 - x0], [0, 1, 0.5 - y0], [0, 0, 1]])
    shift_out = np.array([[1, 0, -0.5], [0, 1, -0.5], [0, 0, 1]])
    inverse = shift_in @ inverse @ shift_out
    inverse = inverse / inverse[2, 2]
    resample = Image.Resampling.BICUBIC if flags == INTER_CUBIC else Image.Resampling.BILINEAR
    size = (width, height)
    coeffs = tuple(inverse.flatten()[:8])
    if src.dtype == np.uint8 and src.ndim == 3 and src.shape[2] == 3:
        out = Image.fromarray(src, "RGB").transform(
            size, Image.Transform.PERSPECTIVE, coeffs, resample
        )
        return np.asarray(out).copy()
    planes = [src] if src.ndim == 2 else [src[..., c] for c in range(src.shape[2])]
    warped = [
        np.asarray(
            Image.fromarray(p.astype(np.float32), "F").transform(
                size, Image.Transform.PERSPECTIVE, coeffs, resample
            )
        )
        for p in planes
    ]
    out = warped[0] if src.ndim == 2 else np.stack(warped, axis=2)
    return _like(out, img.dtype)


def _runs(binary: np.ndarray):
    """Horizontal runs of non-zero pixels: row, first and last column (row-major order)."""
    height, width = binary.shape
    padded = np.zeros((height, width + 2), np.int8)
    padded[:, 1:-1] = binary != 0
    step = np.diff(padded, axis=1)
    rows, starts = np.nonzero(step == 1)
    _, ends = np.nonzero(step == -1)
    return rows, starts, ends - 1


def _components(rows, starts, ends, width: int) -> np.ndarray:
    """A component number per run: runs touching (8-connected) in adjacent rows are joined."""
    stride = width + 2
    start_keys, end_keys = rows * stride + starts, rows * stride + ends
    # for each run, the runs of the row above that touch it form one contiguous range
    above = (rows - 1) * stride
    first = np.searchsorted(end_keys, above + starts - 1, side="left")
    last = np.searchsorted(start_keys, above + ends + 1, side="right")
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for run in np.nonzero(last > first)[0]:
        for other in range(first[run], last[run]):
            a, b = root(run), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return np.array([root(i) for i in range(len(rows))], dtype=np.intp)


def _hull(points: np.ndarray) -> np.ndarray:
    """Convex hull (Andrew's monotone chain) of integer points, counter-clockwise."""
    pts = np.unique(points, axis=0)
    if len(pts) <= 2:
        return pts

    def half(seq):
        chain = []
        for p in seq:
            while len(chain) >= 2:
                (ox, oy), (ax, ay) = chain[-2], chain[-1]
                if (ax - ox) * (p[1] - oy) - (ay - oy) * (p[0] - ox) > 0:
                    break
                chain.pop()
            chain.append((int(p[0]), int(p[1])))
        return chain

    ordered = pts.tolist()
    lower, upper = half(ordered), half(ordered[::-1])
    return np.array(lower[:-1] + upper[:-1])


def findContours(image: np.ndarray, mode: int = RETR_LIST, method: int = CHAIN_APPROX_SIMPLE):
    """The convex outline of each 8-connected blob of non-zero pixels, as (N, 1, 2) int32 arrays
    (OpenCV would trace the exact border and also list holes; rapidocr only takes minAreaRect)."""
    rows, starts, ends = _runs(image)
    if len(rows) == 0:
        return (), None
    labels = _components(rows, starts, ends, image.shape[1])
    order = np.argsort(labels, kind="stable")
    cut = np.nonzero(np.diff(labels[order]))[0] + 1
    contours = []
    for group in np.split(order, cut):
        ys = rows[group]
        points = np.concatenate([np.stack([starts[group], ys], 1), np.stack([ends[group], ys], 1)])
        contours.append(_hull(points).reshape(-1, 1, 2).astype(np.int32))
    return tuple(contours), None


def minAreaRect(points):
    """((cx, cy), (width, height), angle in degrees) of the smallest rectangle around points."""
    pts = np.asarray(points, np.float64).reshape(-1, 2)
    hull = _hull(np.rint(pts).astype(np.int64)) if len(pts) > 2 else pts
    hull = hull.astype(np.float64)
    if len(hull) == 1:
        return (float(hull[0][0]), float(hull[0][1])), (0.0, 0.0), 0.0
    edges = np.roll(hull, -1, axis=0) - hull
    edges = edges[np.hypot(edges[:, 0], edges[:, 1]) > 0]
    angles = np.unique(np.mod(np.arctan2(edges[:, 1], edges[:, 0]), np.pi / 2))
    best = None
    for theta in angles:
        u, v = np.array([np.cos(theta), np.sin(theta)]), np.array([-np.sin(theta), np.cos(theta)])
        pu, pv = hull @ u, hull @ v
        area = (pu.max() - pu.min()) * (pv.max() - pv.min())
        if best is None or area < best[0]:
            centre = u * (pu.max() + pu.min()) / 2 + v * (pv.max() + pv.min()) / 2
            size = (pu.max() - pu.min(), pv.max() - pv.min())
            best = (area, centre, size, theta)
    _, centre, size, theta = best
    return (
        (float(centre[0]), float(centre[1])),
        (float(size[0]), float(size[1])),
        float(np.degrees(theta)),
    )


def boxPoints(rect) -> np.ndarray:
    """The four corners of a minAreaRect result (OpenCV's formula), float32 (4, 2)."""
    (cx, cy), (w, h), angle = rect
    b, a = np.cos(np.radians(angle)) * 0.5, np.sin(np.radians(angle)) * 0.5
    p0 = (cx - a * h - b * w, cy + b * h - a * w)
    p1 = (cx + a * h - b * w, cy - b * h - a * w)
    return np.array(
        [p0, p1, (2 * cx - p0[0], 2 * cy - p0[1]), (2 * cx - p1[0], 2 * cy - p1[1])], np.float32
    )


def fillPoly(img: np.ndarray, pts, color, *args, **kw) -> np.ndarray:
    """Fill polygons (in place, like OpenCV) on a single-channel uint8 image."""
    canvas = Image.fromarray(np.ascontiguousarray(img))
    draw = ImageDraw.Draw(canvas)
    value = int(color[0] if isinstance(color, (tuple, list)) else color)
    for poly in (
        pts
        if isinstance(pts, (list, tuple))
        else np.asarray(pts).reshape(-1, *np.asarray(pts).shape[-2:])
    ):
        draw.polygon(
            [tuple(map(int, p)) for p in np.asarray(poly).reshape(-1, 2)], fill=value, outline=value
        )
    img[...] = np.asarray(canvas)
    return img


def mean(src: np.ndarray, mask=None):
    """The mean of src where mask is non-zero, as OpenCV's 4-tuple (unused channels 0)."""
    values = src if mask is None else src[np.asarray(mask) != 0]
    m = float(values.mean()) if values.size else 0.0
    return (m, 0.0, 0.0, 0.0)


# ------------------------------------------------------------------ files
def imdecode(buf, flags=IMREAD_COLOR):
    """Decode an encoded image to BGR (None when it cannot be read, as OpenCV)."""
    try:
        with Image.open(io.BytesIO(np.asarray(buf, np.uint8).tobytes())) as im:
            return np.ascontiguousarray(np.asarray(im.convert("RGB"))[..., ::-1])
    except Exception:
        return None


def imencode(ext: str, img: np.ndarray, params=None):
    out = io.BytesIO()
    rgb = img[..., ::-1] if img.ndim == 3 else img
    Image.fromarray(np.ascontiguousarray(rgb)).save(
        out, format=ext.lstrip(".").upper().replace("JPG", "JPEG")
    )
    return True, np.frombuffer(out.getvalue(), np.uint8)


def imwrite(path: str, img: np.ndarray, params=None) -> bool:
    ok, data = imencode("." + str(path).rsplit(".", 1)[-1], img)
    data.tofile(str(path))
    return ok


def polylines(*args, **kw):
    raise NotImplementedError("drawing is not part of Archivist's OpenCV stand-in")


putText = polylines
