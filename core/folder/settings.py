"""settings.json of one archive: plain values with defaults, written atomically."""

from __future__ import annotations

import json
import os
from pathlib import Path

from core.folder.held import retry_held

DEFAULTS = {
    "language": "zh_CN",
    "font_size": 0,  # 0 = system default
    "fonds_code": "",  # 全宗号
    "fonds_name": "",  # 全宗名称
    "code_template": "{fonds}-WS·{year}-{retention}-{org}-{item:04d}",
    "backup_reminder_days": 30,
    "last_backup": None,
    "category_rules": [],
    "extract_timeout_s": 60,
    "max_file_mb": 200,
    "fold_variants": True,  # 繁简通检: search finds 發展 for 发展; off: the search form is rebuilt
    "ocr_enabled": True,  # 文字识别: queue scans and images for OCR (when the component exists)
    "ocr_page_timeout_s": 180,
}


class Settings(dict):
    """A dict of settings bound to its file; save() writes it atomically."""

    def __init__(self, path: Path):
        super().__init__(DEFAULTS)
        self.path = Path(path)
        try:
            stored = json.loads(self.path.read_text("utf-8"))
            if isinstance(stored, dict):
                self.update(stored)
        except FileNotFoundError:
            pass
        except (OSError, ValueError):
            # A damaged settings file must not stop the archive from opening: keep a copy.
            self.path.replace(self.path.with_suffix(".json.damaged"))

    def save(self) -> None:
        tmp = self.path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(dict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        retry_held(os.replace, tmp, self.path)
