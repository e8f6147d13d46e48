"""One tr() for every visible string: Chinese is the source text, English comes from en.json."""

from __future__ import annotations

import json
import logging
from functools import lru_cache

from core.archive import resources_folder

log = logging.getLogger(__name__)

LANGUAGES = {"zh_CN": "中文", "en": "English"}
_state = {"language": "zh_CN"}


def set_language(language: str) -> None:
    """Choose the language for strings produced from now on (zh_CN or en)."""
    _state["language"] = language if language in LANGUAGES else "zh_CN"


def language() -> str:
    return _state["language"]


@lru_cache(maxsize=4)
def table(language: str) -> dict[str, str]:
    """The translation table of one language (empty for Chinese or when the file is missing)."""
    if language == "zh_CN":
        return {}
    path = resources_folder() / "translations" / f"{language}.json"
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as e:
        log.warning("translation %s unusable: %s", path, e)
        return {}


def tr(text: str) -> str:
    """The text in the chosen language (falls back to the Chinese source)."""
    return table(_state["language"]).get(text, text)
