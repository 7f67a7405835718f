"""The interface language, and `tr()` for strings written in both languages at the call site.

Every user-facing string is written once in Chinese and once in English, side by side, so that
neither language can fall behind. The language comes from `--lang`, else the environment's
locale, else English; the CLI and the app set it once at start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

SUPPORTED = ("zh", "en")
_lang = "en"


def detect_lang(env: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for: COACH_LANG, then LC_ALL / LC_MESSAGES / LANG."""
    env = os.environ if env is None else env
    for key in ("COACH_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = (env.get(key) or "").strip().lower()
        if not value:
            continue
        if value.startswith("zh"):
            return "zh"
        if value.startswith("en") or key == "COACH_LANG":
            return "en"
        if value not in ("c", "posix", "c.utf-8", "c.utf8"):
            return "en"
    return "en"


def set_lang(lang: str | None) -> str:
    global _lang
    _lang = lang if lang in SUPPORTED else detect_lang()
    return _lang


def get_lang() -> str:
    return _lang


def tr(zh: str, en: str, /, **kwargs: object) -> str:
    """Pick the string for the current language and fill in ``{placeholders}``."""
    text = zh if _lang == "zh" else en
    return text.format(**kwargs) if kwargs else text


def both(zh: str, en: str) -> dict[str, str]:
    """The same message in both languages, for records that are rendered later."""
    return {"zh": zh, "en": en}


set_lang(None)
