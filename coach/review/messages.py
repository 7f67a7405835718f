"""Per-call localisation for feedback: the engine renders in the language it is asked for.

``coach.i18n.tr`` follows the process-wide interface language; feedback is built for a given
``lang`` (a trainee may review in English under a Chinese interface), so the engine uses ``t``.
Both versions are still written side by side at each call site.
"""

from __future__ import annotations


def t(lang: str, zh: str, en: str, /, **kwargs: object) -> str:
    text = zh if lang == "zh" else en
    return text.format(**kwargs) if kwargs else text
