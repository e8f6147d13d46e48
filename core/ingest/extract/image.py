"""Image files (.jpg/.png/.tif/.bmp) as documents whose text comes from OCR (Pillow only checks
them here; recognising happens later, in the OCR worker)."""

from __future__ import annotations

from pathlib import Path

from core.ingest.extract.base import CORRUPT, TOO_LARGE, Extracted, ExtractError

MAX_PIXELS = 20_000 * 20_000  # a 300 dpi A0 scan; beyond that a decompression bomb
MAX_FRAMES = 2_000
_FORMATS = {"JPEG": "jpg", "PNG": "png", "TIFF": "tif", "BMP": "bmp", "MPO": "jpg"}


def extract(path: Path) -> Extracted:
    """No text yet: the page count and a check that the image can be decoded."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(path) as image:
            fmt = _FORMATS.get(image.format or "", (image.format or "image").lower())
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ExtractError(TOO_LARGE, f"{width}x{height} pixels")
            frames = min(getattr(image, "n_frames", 1) or 1, MAX_FRAMES)
            image.load()  # decode the first frame: a truncated file fails here, not in OCR
    except ExtractError:
        raise
    except Image.DecompressionBombError as exc:
        raise ExtractError(TOO_LARGE, repr(exc)) from exc
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError on damaged images
        raise ExtractError(CORRUPT, f"image: {exc!r}") from exc
    return Extracted(text="", format=fmt, extractor="image", pages=frames, needs_ocr=True)


def load_frame(path: Path, index: int):
    """One frame (page) of an image file as a PIL image, bounded like extract()."""
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(path) as image:
            image.seek(index)
            frame = ImageOps.exif_transpose(image.copy())  # phone photos are stored sideways
    except Image.DecompressionBombError as exc:
        raise ExtractError(TOO_LARGE, repr(exc)) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ExtractError(CORRUPT, f"image page {index + 1}: {exc!r}") from exc
    return frame
