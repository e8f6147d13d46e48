"""CSV of chosen columns, UTF-8 with BOM so Excel shows Chinese correctly."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from core.archival.export import LABELS, cell, resolve_columns
from core.folder.held import retry_held


def write_csv(docs: list[dict], out: Path, *, columns=None) -> dict:
    """Header of Chinese labels, one row per document, Excel's CRLF line ends."""
    keys = resolve_columns(columns)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([LABELS[k] for k in keys])
        for seq, doc in enumerate(docs, start=1):
            writer.writerow([cell(doc, k, seq) for k in keys])
    retry_held(os.replace, tmp, out)  # an antivirus scans fresh files
    return {"out": str(out), "documents": len(docs), "columns": [LABELS[k] for k in keys]}
