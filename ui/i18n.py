"""One tr() for every visible string: Chinese is the source text, English comes from en.json."""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path

from core.archive import resources_folder

log = logging.getLogger(__name__)

LANGUAGES = {"zh_CN": "中文", "en": "English"}
_state: dict = {"language": "zh_CN"}


def set_language(language: str) -> None:
    """Choose the language for strings produced from now on (zh_CN or en)."""
    _state["language"] = language if language in LANGUAGES else "zh_CN"


def qt_translation_folders() -> list[Path]:
    """Where Qt's own .qm files are: Qt's answer, then PySide6's folder (a frozen bundle)."""
    import PySide6
    from PySide6.QtCore import QLibraryInfo

    here = Path(PySide6.__file__).parent
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    return folders + [here / "Qt" / "translations", here / "translations"]


def install_qt_translations(app) -> bool:
    """Qt's own words (OK/取消, the edit menu, the calendar) in the chosen language."""
    from PySide6.QtCore import QLocale, QTranslator

    chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    QLocale.setDefault(chinese if language() == "zh_CN" else QLocale(QLocale.Language.English))
    remove_qt_translations(app)
    name = "qtbase_" + ("zh_CN" if language() == "zh_CN" else "en")
    for folder in qt_translation_folders():
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            _state["qt"] = [translator]
            return True
    log.warning("Qt translation %s not found in %s", name, qt_translation_folders())
    return False


def remove_qt_translations(app) -> None:
    """Take Qt's translation out again (a language switch, tests)."""
    for old in _state.get("qt", []):
        app.removeTranslator(old)
    _state["qt"] = []


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
