"""Draw the app icon (archivist.png, multi-size .ico) and the installer's welcome-page bitmap.

Pillow is a build-time tool only; the generated files under resources/icons/ are committed.

Run: uv run --group build python packaging/make_icon.py   (commit the generated files)
The glyph 档 needs a CJK font (fonts-noto-cjk); without one a plain archive box is drawn.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
CJK_FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "C:/Windows/Fonts/msyhbd.ttc",
]
BLUE, DARK_BLUE, PAPER, RED = (30, 90, 160), (18, 58, 110), (250, 246, 232), (190, 40, 40)


def cjk_font(size: int) -> ImageFont.FreeTypeFont | None:
    """The first bold CJK font found, or None."""
    for path in CJK_FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return None


def draw_icon(size: int = 1024) -> Image.Image:
    """A blue rounded tile holding a cream archive box labelled 档 (drawn large, scaled down)."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    s = size / 256
    d.rounded_rectangle([8 * s, 8 * s, 248 * s, 248 * s], radius=44 * s, fill=BLUE)
    # the archive box: a lid and a body, with a red label strip (archive boxes carry one)
    d.rounded_rectangle([40 * s, 58 * s, 216 * s, 92 * s], radius=8 * s, fill=PAPER)
    d.rounded_rectangle([50 * s, 96 * s, 206 * s, 218 * s], radius=8 * s, fill=PAPER)
    d.rectangle([50 * s, 96 * s, 206 * s, 104 * s], fill=DARK_BLUE)
    font = cjk_font(int(104 * s))
    if font is not None:
        d.text((128 * s, 160 * s), "档", font=font, fill=RED, anchor="mm")
    else:
        d.rounded_rectangle([96 * s, 124 * s, 160 * s, 190 * s], radius=6 * s, fill=RED)
    return img


def draw_welcome_bitmap(icon: Image.Image) -> Image.Image:
    """NSIS MUI welcome/finish side panel (164x314): the icon on the app's blue, name below."""
    panel = Image.new("RGB", (164, 314), DARK_BLUE)
    tile = icon.resize((112, 112), Image.LANCZOS)
    panel.paste(tile, (26, 60), tile)
    d = ImageDraw.Draw(panel)
    font = cjk_font(24)
    if font is not None:
        d.text((82, 206), "档案管家", font=font, fill=PAPER, anchor="mm")
    d.text(
        (82, 236),
        "Archivist",
        font=cjk_font(16) or ImageFont.load_default(),
        fill=PAPER,
        anchor="mm",
    )
    return panel


def main() -> int:
    ICONS.mkdir(parents=True, exist_ok=True)
    big = draw_icon()
    png = big.resize((256, 256), Image.LANCZOS)
    png.save(ICONS / "archivist.png", optimize=True)
    # each .ico size resampled from the large drawing so small sizes stay crisp
    big.save(ICONS / "archivist.ico", sizes=ICO_SIZES)
    draw_welcome_bitmap(big).save(Path(__file__).parent / "installer-welcome.bmp")  # installer only
    print(f"wrote archivist.png, archivist.ico in {ICONS}; packaging/installer-welcome.bmp")
    return 0


if __name__ == "__main__":
    sys.exit(main())
