"""One browser tab's app: ``python -m coach.serve.session --data-dir D --lang zh``.

textual-serve runs this for every websocket (``--client`` and ``--tab`` say which). The app opens
on the classroom gate (a name and its PIN, or a join code); the profile's own store opens after.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from coach import i18n


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="coach-classroom")
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--lang", default="zh", choices=["zh", "en"])
    parser.add_argument("--content", action="append", default=[])
    parser.add_argument("--client", default="")  # the browser's address, for throttle and audit
    parser.add_argument("--tab", default="")
    parser.add_argument("--no-signup", action="store_true")
    args = parser.parse_args(argv)
    lang = i18n.set_lang(args.lang)
    from coach import paths
    from coach.content import load_content
    from coach.serve.gate import Gate
    from coach.tui.classroom import ClassroomApp
    from coach.tui.session import Session

    content = load_content([*paths.bundled_content_dirs(), *paths.extra_content_dirs(args.content)])
    session = Session(content=content, lang=lang, profile="")
    gate = Gate(Path(args.data_dir), client=args.client, tab=args.tab, signup=not args.no_signup)
    app = ClassroomApp(session, gate=gate)
    try:
        app.run()
    finally:
        if session.store is not None:
            session.store.close()


if __name__ == "__main__":
    main()
