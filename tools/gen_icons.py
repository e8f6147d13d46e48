"""Copy the window's icons from Tabler Icons (MIT) into resources/icons, in one colour.

    npm pack @tabler/icons@3.51.0 && tar xzf tabler-icons-3.51.0.tgz
    uv run python tools/gen_icons.py package

Each icon is the outline SVG with its stroke set to the window's colour (Qt's SVG renderer does
not follow currentColor), the class attribute and the invisible frame path dropped.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
INK = "#3d4b5c"  # one slate colour for every icon
ALERT = "#b3261e"  # what cannot be undone
ICONS = {  # our name: (Tabler name, colour)
    "import-files": ("file-import", INK),
    "import-folder": ("folder-down", INK),
    "export": ("file-export", INK),
    "edit": ("file-pencil", INK),
    "batch-edit": ("list-details", INK),
    "delete": ("trash", INK),
    "trash": ("recycle", INK),
    "restore": ("arrow-back-up", INK),
    "purge": ("trash-x", ALERT),
    "empty-trash": ("recycle-off", ALERT),
    "categories": ("category", INK),
    "rules": ("list-check", INK),
    "settings": ("settings", INK),
    "codes": ("numbers", INK),
    "backup": ("database-export", INK),
    "restore-backup": ("database-import", INK),
    "similar": ("file-search", INK),
    "print": ("printer", INK),
    "previous-hit": ("chevron-up", INK),
    "next-hit": ("chevron-down", INK),
    "open-original": ("external-link", INK),
    "show-in-folder": ("folder-open", INK),
    "copy": ("copy", INK),
    "help": ("help-circle", INK),
    "previous": ("arrow-left", INK),
    "next": ("arrow-right", INK),
    "calendar": ("calendar", INK),
}


def convert(svg: str, colour: str) -> str:
    svg = svg.replace("currentColor", colour)
    svg = re.sub(r'\s*class="[^"]*"', "", svg)
    svg = re.sub(r'\s*<path stroke="none" d="M0 0h24v24H0z" fill="none"\s*/>', "", svg)
    return re.sub(r"\s*\n\s*", " ", svg).replace("> <", "><").strip() + "\n"


def main(package: Path) -> None:
    for name, (tabler, colour) in ICONS.items():
        svg = (package / "icons" / "outline" / f"{tabler}.svg").read_text("utf-8")
        (OUT / f"{name}.svg").write_text(convert(svg, colour), "utf-8")
    shutil.copyfile(package / "LICENSE", OUT / "LICENSE-tabler-icons.txt")
    total = sum((OUT / f"{n}.svg").stat().st_size for n in ICONS)
    print(f"{len(ICONS)} icons, {total} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
