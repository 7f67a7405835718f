"""Writing exports from the app: built and written in a thread, the user told where they are.

Files go to the profile's ``exports`` folder (coach.paths.exports_dir). In a terminal the
notification names the full path, so a trainee can hand the files to the instructor; in a
browser tab of ``coach serve`` the files are handed to the browser as downloads and only their
names are shown — a path on the server means nothing to a trainee and is not theirs to see.
``hand_over`` is that one door. The Feedback screen calls ``export_attempt_files(app, attempt)``;
Progress calls ``export_progress_files(app)``; the deal review's export calls ``hand_over``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from coach.domain.records import Attempt
from coach.i18n import tr
from coach.paths import exports_dir

if TYPE_CHECKING:
    from coach.tui.app import CoachApp


def export_folder(app: CoachApp) -> Path:
    store = app.session.store
    return exports_dir(store.path) if store is not None else Path.cwd() / "coach-exports"


def profile_name(app: CoachApp) -> str:
    store = app.session.store
    return store.profile.name if store is not None else app.session.profile


def save_files(app: CoachApp, stem: str, build: Callable[[], tuple[str, str]]) -> None:
    """Build (Markdown, HTML) and write ``stem.md`` / ``stem.html`` off the UI thread."""
    folder = export_folder(app)

    def work() -> tuple[Path, Path] | None:
        from coach.io.export import write_export

        try:
            md, html = build()
            paths = write_export(folder, stem, md, html)
        except Exception as exc:  # a full disk or a bad folder: said, never a crash
            app.call_from_thread(
                app.notify,
                tr("导出失败：{e}", "Export failed: {e}", e=failure_text(app, exc)),
                severity="error",
                timeout=10,
            )
            return None
        app.call_from_thread(hand_over, app, list(paths))
        return paths

    app.run_worker(work, thread=True, group="export")


def failure_text(app: CoachApp, exc: BaseException) -> str:
    """What went wrong, without the server's paths when the app is a browser tab."""
    if not app.served:
        return str(exc)
    cause = getattr(exc, "__cause__", None) or exc
    return getattr(cause, "strerror", None) or type(cause).__name__


def hand_over(app: CoachApp, paths: list[Path]) -> None:
    """Tell the user where exported files are — or, in a browser tab, download them."""
    if app.served:
        for path in paths:
            binary = path.suffix.lower() in (".xlsx", ".zip", ".png")
            deliver = app.deliver_binary if binary else app.deliver_text
            deliver(path, save_filename=path.name)
        app.notify(
            tr("浏览器正在下载：\n{f}", "Your browser is downloading:\n{f}", f="\n".join(p.name for p in paths)),
            title=tr("导出", "Export"),
            timeout=15,
        )
        return
    folder = paths[0].parent
    app.notify(
        tr(
            "已导出到 {d}\n{f}",
            "Exported to {d}\n{f}",
            d=folder,
            f="\n".join(p.name for p in paths),
        ),
        title=tr("导出", "Export"),
        timeout=15,
    )


def export_attempt_files(app: CoachApp, attempt: Attempt) -> None:
    """Export one attempt as Markdown and HTML (for the Feedback screen's export key)."""
    content, lang = app.session.content, app.session.lang
    case = content.cases.get(attempt.case_id)
    framework = content.frameworks.get(attempt.framework_id) or (
        content.framework_for(case) if case else None
    )
    name = profile_name(app)
    when = (attempt.submitted or attempt.started or "")[:16].replace(":", "")

    def build() -> tuple[str, str]:
        from coach.io.export import export_attempt

        return export_attempt(attempt, case, lang, framework=framework, profile=name)

    save_files(app, f"attempt-{attempt.case_id}-{when}", build)


def export_progress_files(app: CoachApp) -> None:
    """Export the whole progress (every curriculum, module and case) as Markdown and HTML."""
    session = app.session
    lang, today, name = session.lang, session.today(), profile_name(app)

    def build() -> tuple[str, str]:
        from coach.io.export import export_progress
        from coach.tui.progress_data import load_progress

        progress = load_progress(session)
        return export_progress(progress, session.content, lang, profile=name, today=today)

    save_files(app, f"progress-{today.isoformat()}", build)
