"""Start the app headless on the bundled content and exit as soon as Home is ready: its screen up
and the profile's counts (drafts, next case, progress per module) on it.

Used by bench/app.py: the wall time of this process is "app start to Home ready"; with
``--cli`` the start goes through the ``coach`` command (click, every option). With
``--rss`` it prints the peak resident memory in MB (after opening Learn, Progress and a case too,
so the figure covers more than the first screen).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile


def main_cli(lang: str) -> None:
    """``coach --lang … --data-dir …`` as typed: click parses, the content loads, the store opens
    and the app runs (headless here), until Home is ready."""
    from coach.tui.app import CoachApp

    def on_ready(self) -> None:
        self.set_interval(0.002, lambda: getattr(self.screen, "loaded", False) and self.exit())

    run = CoachApp.run
    CoachApp.on_ready = on_ready  # type: ignore[attr-defined]
    CoachApp.run = lambda self, *a, **k: run(self, headless=True, size=(120, 40))  # type: ignore[method-assign]
    home = os.environ.get("COACH_BENCH_HOME") or tempfile.mkdtemp(prefix="coach-bench-")
    from coach.cli import main as coach

    coach(["--lang", lang, "--data-dir", home, "--profile", "bench"])


def main() -> None:
    from coach import i18n
    from coach.cli.context import CliContext
    from coach.content import load_content
    from coach.store import open_store
    from coach.tui.app import CoachApp
    from coach.tui.session import Session

    args = sys.argv[1:]
    rss = "--rss" in args
    lang = next((a for a in args if not a.startswith("--")), "zh")
    if "--cli" in args:
        main_cli(lang)
        return
    i18n.set_lang(lang)
    ctx = CliContext(lang=lang)
    home = os.environ.get("COACH_BENCH_HOME") or tempfile.mkdtemp(prefix="coach-bench-")
    store = open_store(home, "bench", daily_backup=False)
    session = Session(
        content=load_content(ctx.content_dirs()), lang=lang, profile="bench", store=store
    )

    class Probe(CoachApp):
        def on_ready(self) -> None:
            self.set_interval(0.002, self._check)

        def _check(self) -> None:
            if getattr(self, "_tour_done", False):
                self.exit()
            elif getattr(self.screen, "loaded", False):
                if rss and not getattr(self, "_toured", False):
                    self._toured = True
                    self.call_later(self._tour)
                    return
                if not rss:
                    self.exit()

        async def _tour(self) -> None:
            # memory, not speed: each screen gets time to mount and finish its workers
            for step in (
                self.action_open_learn,
                self.action_open_progress,
                lambda: self.open_case(next(iter(self.session.content.cases))),
            ):
                step()
                await asyncio.sleep(0.3)
                await self.workers.wait_for_complete()
            self._tour_done = True

    app = Probe(session)
    app.run(headless=True, size=(120, 40))
    store.close()
    if rss:
        from bench.common import peak_rss_mb

        print(peak_rss_mb())
    sys.exit(app.return_code or 0)


if __name__ == "__main__":
    main()
