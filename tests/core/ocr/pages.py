"""Page images made in the test from Chinese text: a clean scan and a photo-like copy."""

from __future__ import annotations

import glob
import random
from pathlib import Path

import pytest

FONT_GLOBS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/**/NotoSansCJK*.tt[cf]",
    "/usr/share/fonts/**/*wqy*.tt[cf]",
    "C:/Windows/Fonts/simsun.ttc",
)


def cjk_font_path() -> str:
    """A font with Chinese glyphs, or skip (pages cannot be drawn without one)."""
    for pattern in FONT_GLOBS:
        found = sorted(glob.glob(pattern, recursive=True))
        if found:
            return found[0]
    pytest.skip("no CJK font installed (fonts-noto-cjk)")


def cjk_font(size: int):
    """The Simplified Chinese face of the font (a .ttc's first face is often the Japanese one,
    whose glyphs differ: 门 drawn the Japanese way was read as 内)."""
    from PIL import ImageFont

    path = cjk_font_path()
    for index in range(8):
        try:
            font = ImageFont.truetype(path, size, index=index)
        except OSError:
            break
        if "SC" in font.getname()[0].split():
            return font
    return ImageFont.truetype(path, size)


def page_image(lines: list[str], size=(1240, 1754), font_size=34, columns=1):
    """An A4 page at 150 dpi with the lines drawn in one or two columns."""
    from PIL import Image, ImageDraw

    font = cjk_font(font_size)
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    per_column = -(-len(lines) // columns)
    width = (size[0] - 160 - 60 * (columns - 1)) // columns
    for i, line in enumerate(lines):
        column, row = divmod(i, per_column)
        x = 80 + column * (width + 60)
        draw.text((x, 140 + row * int(font_size * 1.8)), line, font=font, fill=0)
    return image


def photo_of(image, seed: int = 1):
    """A phone photo of the page: grey paper, a slight tilt, noise, JPEG."""
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    grey = image.point(lambda v: 200 + v * 40 // 255 if v > 128 else v + 30)
    tilted = grey.rotate(1.2, resample=Image.BICUBIC, expand=True, fillcolor=215)
    noisy = tilted.copy()
    pixels = noisy.load()
    for _ in range(noisy.width * noisy.height // 40):
        x, y = rng.randrange(noisy.width), rng.randrange(noisy.height)
        pixels[x, y] = max(0, min(255, pixels[x, y] + rng.randint(-60, 60)))
    return noisy.filter(ImageFilter.GaussianBlur(0.6)).convert("RGB")


def save_scanned_pdf(path: Path, pages) -> Path:
    """An image-only PDF (no text layer), one image per page, as a scanner writes it."""
    first, *rest = [p.convert("RGB") for p in pages]
    first.save(path, "PDF", resolution=150, save_all=True, append_images=rest)
    return path


def save_ofd(path: Path, pages) -> Path:
    """An OFD whose pages are either a list of text lines (text objects) or a PIL image (one
    ImageObject filling the A4 page, its PNG in the document's resources, as a scanner's OFD)."""
    import html
    import io
    import zipfile

    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    head = '<?xml version="1.0" encoding="UTF-8"?>'
    parts = {
        "OFD.xml": f'{head}<ofd:OFD {ns} Version="1.0"><ofd:DocBody><ofd:DocInfo>'
        "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    }
    page_refs, media = [], []
    for n, page in enumerate(pages):
        if isinstance(page, list):
            objects = "".join(
                f'<ofd:TextObject ID="{100 + i}" Boundary="20 {20 + 8 * i} 170 6" Font="1" '
                f'Size="5"><ofd:TextCode X="0" Y="5">{html.escape(line)}</ofd:TextCode>'
                "</ofd:TextObject>"
                for i, line in enumerate(page)
            )
        else:
            buffer = io.BytesIO()
            page.convert("L").save(buffer, "PNG")
            parts[f"Doc_0/Res/image_{n}.png"] = buffer.getvalue()
            media.append(
                f'<ofd:MultiMedia ID="{10 + n}" Type="Image" Format="PNG">'
                f"<ofd:MediaFile>image_{n}.png</ofd:MediaFile></ofd:MultiMedia>"
            )
            objects = (
                f'<ofd:ImageObject ID="{50 + n}" ResourceID="{10 + n}" '
                'Boundary="0 0 210 297" CTM="210 0 0 297 0 0"/>'
            )
        parts[f"Doc_0/Pages/Page_{n}/Content.xml"] = (
            f'{head}<ofd:Page {ns}><ofd:Content><ofd:Layer ID="{200 + n}">{objects}'
            "</ofd:Layer></ofd:Content></ofd:Page>"
        )
        page_refs.append(f'<ofd:Page ID="{300 + n}" BaseLoc="Pages/Page_{n}/Content.xml"/>')
    parts["Doc_0/Document.xml"] = (
        f"{head}<ofd:Document {ns}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297"
        "</ofd:PhysicalBox></ofd:PageArea><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>"
        f"</ofd:CommonData><ofd:Pages>{''.join(page_refs)}</ofd:Pages></ofd:Document>"
    )
    parts["Doc_0/DocumentRes.xml"] = (
        f'{head}<ofd:Res {ns} BaseLoc="Res"><ofd:MultiMedias>{"".join(media)}'
        "</ofd:MultiMedias></ofd:Res>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path
