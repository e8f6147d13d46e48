"""Plain text files in any Chinese encoding (placeholder until the formats work lands)."""

from pathlib import Path

from core.extract.base import Extracted


def extract(path: Path) -> Extracted:
    data = Path(path).read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return Extracted(text=data.decode(enc), format="txt", extractor="text", encoding=enc)
        except UnicodeDecodeError:
            continue
    return Extracted(text=data.decode("gb18030", "replace"), format="txt", extractor="text")
