"""Start the app headless on the bundled content and exit as soon as its first screen is ready.

Used by bench/app.py: the wall time of this process is "app start to first screen ready".
"""

from __future__ import annotations

import sys


def main() -> None:
    from coach import i18n
    from coach.cli.context import CliContext
    from coach.content import load_content
    from coach.tui.app import CoachApp
    from coach.tui.session import Session

    lang = sys.argv[1] if len(sys.argv) > 1 else "zh"
    i18n.set_lang(lang)
    ctx = CliContext(lang=lang)
    session = Session(content=load_content(ctx.content_dirs()), lang=lang, profile="bench")

    class Probe(CoachApp):
        def on_ready(self) -> None:
            self.call_after_refresh(self.exit)

    app = Probe(session)
    app.run(headless=True, size=(120, 40))
    sys.exit(app.return_code or 0)


if __name__ == "__main__":
    main()
