"""Import deals from a CRM export, from the Deals screen: pick, preview, import, summary.

1. pick a file (type its path, or choose it in the tree: CSV and spreadsheets only) — or, in a
   browser tab of ``coach serve``, paste the rows (copied from the spreadsheet or the CSV): no
   path or folder of the server is ever asked for or shown;
2. the preview — the column mapping and the first rows — and the questions the file leaves open
   (which sheet; day-first or month-first dates; which column is the date when neither a date
   nor an id tells repeated client + product rows apart), answered here and previewed again;
3. the import itself in a thread worker, with a progress bar;
4. the summary: new / updated / unchanged / skipped / rejected, with the line of every rejected
   row and why. Nothing is written before the person presses Import on the preview.

Reading and parsing happen in thread workers that post messages; only the handlers touch widgets.
Returns True when anything was written (the Deals screen then reloads).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    ContentSwitcher,
    DirectoryTree,
    Input,
    ProgressBar,
    Select,
    Static,
    TextArea,
)

from coach.i18n import tr
from coach.tui.localise import LB, localised
from coach.tui.screens.base import FollowsLanguage
from coach.tui.widgets.deal_rows import format_amount, outcome_label
from coach.tui.widgets.text_area import CoachTextArea

_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
_MAX_LISTED = 200
#: The most a pasted import may hold (docs/data.md): about 20,000 rows of a CRM export.
MAX_PASTE_BYTES = 2_000_000


class ImportableTree(DirectoryTree):
    """Folders and the files the importer reads; hidden entries left out."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            p
            for p in paths
            if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() in _SUFFIXES)
        ]


class PreviewReady(Message):
    def __init__(self, preview: object | None, error: str = "") -> None:
        super().__init__()
        self.preview, self.error = preview, error


class ImportProgress(Message):
    def __init__(self, done: int, total: int, stage: str) -> None:
        super().__init__()
        self.done, self.total, self.stage = done, total, stage


class ImportDone(Message):
    def __init__(self, report: object | None, error: str = "") -> None:
        super().__init__()
        self.report, self.error = report, error


def summary_lines(report) -> list[str]:
    """The summary of a finished import: the counts, then every rejected and noted line."""
    plan = report.plan
    c = plan.counts()
    lines = [
        tr("文件共 {n} 行数据：", "The file has {n} data rows:", n=f"{c['rows']:,}"),
        tr("  新增 {n}", "  imported (new) {n}", n=f"{c['new']:,}"),
        tr("  更新 {n}", "  updated {n}", n=f"{c['updated']:,}"),
        tr("  未变 {n}", "  unchanged {n}", n=f"{c['unchanged']:,}"),
        tr("  跳过空行 {n}", "  empty lines skipped {n}", n=f"{c['skipped']:,}"),
        tr("  拒绝 {n}", "  rejected {n}", n=f"{c['rejected']:,}"),
    ]
    if plan.rejected:
        lines.append("")
        lines.append(tr("被拒绝的行：", "Rejected lines:"))
        lines += [f"  {p}" for p in plan.rejected[:_MAX_LISTED]]
        if len(plan.rejected) > _MAX_LISTED:
            lines.append(
                tr("  …另有 {n} 行", "  … and {n} more", n=len(plan.rejected) - _MAX_LISTED)
            )
    if plan.warnings:
        lines.append("")
        lines.append(
            tr(
                "已导入，但有值未能识别（原文存入备注）：",
                "Imported, with a value not understood (its text kept in the notes):",
            )
        )
        lines += [f"  {p}" for p in plan.warnings[:_MAX_LISTED]]
        if len(plan.warnings) > _MAX_LISTED:
            lines.append(
                tr("  …另有 {n} 行", "  … and {n} more", n=len(plan.warnings) - _MAX_LISTED)
            )
    return lines


@localised
class DealImportScreen(FollowsLanguage, ModalScreen[bool]):
    LOCAL_BINDINGS = [LB("escape", "close", "关闭", "Close", "import-close")]

    def __init__(self, start: Path | None = None, *, paste_into: Path | None = None) -> None:
        """``paste_into``: the folder pasted rows are kept in (a served tab's profile); when
        given, the screen takes pasted rows and never a path."""
        super().__init__()
        self.start = start or Path.cwd()
        self.paste_into = paste_into
        self.preview = None
        self.options = None
        self.written = False
        self.busy = False
        self._step = "import-pick"  # the step shown (a language switch shows it again)
        self._summary: ImportDone | None = None  # the import's outcome, once it is done

    def compose(self) -> ComposeResult:
        with Vertical(id="import-box", classes="deal-dialog"):
            yield Static(tr("导入交易（CRM 导出文件）", "Import deals (CRM export)"),
                         classes="dialog-title")  # fmt: skip
            with ContentSwitcher(initial="import-pick", id="import-steps"):
                with Vertical(id="import-pick"):
                    yield from self._compose_pick()
                with Vertical(id="import-preview"):
                    yield Static("", id="import-file")
                    with Horizontal(id="import-questions"):
                        yield Select([], prompt=tr("选择工作表", "Choose a sheet"),
                                     id="import-sheet")  # fmt: skip
                        yield Select(
                            [(tr("日/月（10/03 = 3 月 10 日）", "day/month (10/03 = 10 March)"),
                              "dayfirst"),
                             (tr("月/日（10/03 = 10 月 3 日）", "month/day (10/03 = October 3)"),
                              "monthfirst")],
                            prompt=tr("日期怎么读？", "How do the dates read?"),
                            id="import-dayfirst",
                        )  # fmt: skip
                        yield Select([], prompt=tr("哪一列是日期？", "Which column is the date?"),
                                     id="import-datecol")  # fmt: skip
                    with VerticalScroll(id="import-preview-scroll"):
                        yield Static("", id="import-preview-text")
                    with Horizontal(classes="dialog-buttons"):
                        yield Button(
                            tr("导入", "Import"), variant="primary", id="import-go", compact=True
                        )
                        yield Button(tr("换文件", "Other file"), id="import-back", compact=True)
                with Vertical(id="import-running"):
                    yield Static(tr("正在导入…", "Importing…"), id="import-stage")
                    yield ProgressBar(id="import-progress", show_eta=False)
                with Vertical(id="import-summary"):
                    with VerticalScroll(id="import-summary-scroll"):
                        yield Static("", id="import-summary-text")
                    with Horizontal(classes="dialog-buttons"):
                        yield Button(
                            tr("完成", "Done"), variant="primary", id="import-done", compact=True
                        )

    def _compose_pick(self) -> ComposeResult:
        if self.paste_into is not None:
            yield Static(
                tr(
                    "在表格里选中要导入的行（含标题行）复制，粘贴到下面，再按“预览”：",
                    "Copy the rows to import (with the header row) from the spreadsheet, paste "
                    "them below, then press Preview:",
                ),
                classes="dialog-hint",
            )
            yield CoachTextArea(id="import-paste", soft_wrap=False, show_line_numbers=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    tr("预览", "Preview"), variant="primary", id="import-paste-go", compact=True
                )
            return
        yield Static(
            tr(
                "输入文件路径并按 enter，或在下面选择 CSV / XLSX 文件：",
                "Type the file's path and press enter, or choose a CSV / XLSX below:",
            ),
            classes="dialog-hint",
        )
        yield Input(placeholder=tr("文件路径", "File path"), id="import-path")
        yield ImportableTree(self.start, id="import-tree")

    def _focus_pick(self) -> None:
        self.query_one("#import-paste" if self.paste_into is not None else "#import-path").focus()

    def on_mount(self) -> None:
        self._focus_pick()

    def refill(self) -> None:
        """The step that was shown, with what it had: the preview, or the summary."""
        self.show_step(self._step)
        if self._step == "import-preview" and self.preview is not None:
            self._show_preview(self.preview)
        elif self._step == "import-summary" and self._summary is not None:
            self._show_summary()
        elif self._step == "import-pick":
            self._focus_pick()

    @on(Button.Pressed, "#import-paste-go")
    def _pasted(self) -> None:
        from datetime import datetime

        from coach.store.jsonfile import ensure_dir, write_bytes_atomic

        assert self.paste_into is not None
        data = self.query_one("#import-paste", TextArea).text.encode("utf-8")
        if not data.strip():
            self.notify(tr("先粘贴要导入的行", "Paste the rows first"), severity="warning")
            return
        if len(data) > MAX_PASTE_BYTES:
            self.notify(
                tr(
                    "粘贴的内容太大（{n} MB，上限 {m} MB）；请分几次导入",
                    "What was pasted is too big ({n} MB; at most {m} MB): import it in parts",
                    n=f"{len(data) / 1e6:.1f}",
                    m=f"{MAX_PASTE_BYTES / 1e6:g}",
                ),
                severity="error",
            )
            return
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = self.paste_into / f"pasted-{stamp}.csv"
        try:
            ensure_dir(self.paste_into)
            write_bytes_atomic(path, data)
        except Exception as exc:  # a full disk: said without the server's path
            cause = getattr(exc, "__cause__", None) or exc
            self.notify(
                tr(
                    "无法保存粘贴的内容：{e}",
                    "Could not keep what was pasted: {e}",
                    e=getattr(cause, "strerror", None) or type(cause).__name__,
                ),
                severity="error",
            )
            return
        self.choose(path)

    # --- 1. pick ---------------------------------------------------------------------------

    @on(Input.Submitted, "#import-path")
    def _path_entered(self, event: Input.Submitted) -> None:
        text = event.value.strip().strip("'\"")
        if not text:
            return
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.start / path
        self.choose(path)

    @on(DirectoryTree.FileSelected)
    def _file_chosen(self, event: DirectoryTree.FileSelected) -> None:
        self.choose(event.path)

    def choose(self, path: Path) -> None:
        from coach.io.deals_import import ImportOptions

        if not path.is_file():
            self.notify(tr("{f}：文件不存在", "{f}: no such file", f=path), severity="error")
            return
        self.options = ImportOptions()
        self.show_step("import-preview")
        self.query_one("#import-file", Static).update(
            tr("正在读取 {f} …", "Reading {f} …", f=path.name)
        )
        self.query_one("#import-preview-text", Static).update("")
        self.query_one("#import-go", Button).disabled = True
        self.run_preview(path)

    # --- 2. preview ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="import-preview")
    def run_preview(self, path: Path) -> None:
        from coach.io.deals_import import preview_import

        try:
            preview = preview_import(path, self.options)
        except Exception as exc:  # ImportFileError and friends: one line, never a traceback
            said = str(exc).replace(str(path), path.name).replace(str(path.parent), "…")
            if path.name not in said:  # the importer's messages mostly name the file already
                said = f"{path.name}: {said}"
            self.post_message(PreviewReady(None, said))
            return
        self.post_message(PreviewReady(preview))

    @on(PreviewReady)
    def _preview_ready(self, message: PreviewReady) -> None:
        if message.error:
            self.query_one("#import-file", Static).update(message.error)
            self.query_one("#import-preview-text", Static).update(
                tr("选另一个文件：按“换文件”。", "Choose another file: press Other file.")
            )
            self.query_one("#import-back", Button).focus()
            return
        self.preview = message.preview
        self._show_preview(message.preview)

    def _show_preview(self, preview) -> None:
        self.query_one("#import-file", Static).update(self._file_line(preview))
        self._show_questions(preview)
        self.query_one("#import-preview-text", Static).update("\n".join(self._preview_lines()))
        go = self.query_one("#import-go", Button)
        go.disabled = not preview.ready
        if preview.ready:
            go.focus()

    def _file_line(self, preview) -> str:
        line = tr("文件：{f}", "File: {f}", f=preview.path.name)
        if preview.rows:
            line += tr(
                " · {n} 行数据，标题在第 {h} 行",
                " · {n} data rows, headers on line {h}",
                n=f"{preview.rows:,}",
                h=preview.header_line,
            )
        if preview.options.sheet:
            line += tr(" · 工作表 {s}", " · sheet {s}", s=preview.options.sheet)
        return line

    def _show_questions(self, preview) -> None:
        sheet = self.query_one("#import-sheet", Select)
        dayfirst = self.query_one("#import-dayfirst", Select)
        kinds = {q.kind: q for q in preview.questions}
        sheet.display = "sheet" in kinds or bool(preview.options.sheet)
        if "sheet" in kinds:
            sheet.set_options([(name, name) for name in kinds["sheet"].choices])
            sheet.focus()
        dayfirst.display = "dayfirst" in kinds or preview.options.dayfirst is not None
        if "dayfirst" in kinds and "sheet" not in kinds:
            dayfirst.focus()
        datecol = self.query_one("#import-datecol", Select)
        datecol.display = "date_column" in kinds and bool(kinds["date_column"].choices)
        if datecol.display:
            datecol.set_options([(name, name) for name in kinds["date_column"].choices])
            if "sheet" not in kinds and "dayfirst" not in kinds:
                datecol.focus()

    def _preview_lines(self) -> list[str]:
        preview = self.preview
        lines: list[str] = []
        for q in preview.questions:
            lines.append("? " + q.message)
        if preview.questions:
            lines.append("")
        if preview.columns.fields:
            lines.append(tr("列对应：", "Columns:"))
            lines += [f"  {m}" for m in preview.mapping_lines()]
        if preview.sample:
            lines.append("")
            lines.append(tr("前几行：", "First rows:"))
            for line, deal in preview.sample:
                parts = [
                    deal.client,
                    deal.product,
                    format_amount(deal.amount, deal.currency),
                    outcome_label(deal.outcome),
                    deal.closed or deal.opened,
                ]
                lines.append(
                    tr("  第 {n} 行：", "  line {n}: ", n=line) + " | ".join(p for p in parts if p)
                )
        if preview.sample_problems:
            lines.append("")
            lines += [f"  {p}" for p in preview.sample_problems]
        return lines

    @on(Select.Changed, "#import-sheet")
    def _sheet_chosen(self, event: Select.Changed) -> None:
        if self.preview is None or event.value is Select.NULL:
            return
        if event.value == self.preview.options.sheet:
            return
        self.options = dataclasses.replace(self.preview.options, sheet=str(event.value))
        self.query_one("#import-go", Button).disabled = True
        self.run_preview(self.preview.path)

    @on(Select.Changed, "#import-dayfirst")
    def _dayfirst_chosen(self, event: Select.Changed) -> None:
        if self.preview is None or event.value is Select.NULL:
            return
        dayfirst = event.value == "dayfirst"
        if self.preview.options.dayfirst == dayfirst:
            return
        self.options = dataclasses.replace(self.preview.options, dayfirst=dayfirst)
        self.query_one("#import-go", Button).disabled = True
        self.run_preview(self.preview.path)

    @on(Select.Changed, "#import-datecol")
    def _datecol_chosen(self, event: Select.Changed) -> None:
        """The column holding each deal's date (no date or id column was recognised)."""
        if self.preview is None or event.value is Select.NULL:
            return
        mapping = {**self.preview.options.mapping, str(event.value): "closed"}
        self.options = dataclasses.replace(self.preview.options, mapping=mapping)
        self.query_one("#import-go", Button).disabled = True
        self.run_preview(self.preview.path)

    @on(Button.Pressed, "#import-back")
    def _back(self) -> None:
        self.preview = None
        self.query_one("#import-sheet", Select).clear()
        self.query_one("#import-dayfirst", Select).clear()
        self.query_one("#import-datecol", Select).clear()
        self.show_step("import-pick")
        self._focus_pick()

    # --- 3. import -------------------------------------------------------------------------

    @on(Button.Pressed, "#import-go")
    def _go(self) -> None:
        if self.preview is None or not self.preview.ready or self.busy:
            return
        self.busy = True
        self.show_step("import-running")
        self.run_import(self.preview)

    @work(thread=True, exclusive=True, group="import-apply")
    def run_import(self, preview) -> None:
        from coach.io.deals_import import apply_import, plan_import

        store = self.app.session.store  # type: ignore[attr-defined]
        try:
            self.post_message(ImportProgress(0, 0, "plan"))
            plan = plan_import(preview, store.deals.list())

            def progress(done: int, total: int) -> None:
                self.post_message(ImportProgress(done, total, "save"))

            report = apply_import(plan, store.deals, progress)
        except Exception as exc:  # store locked, disk full, a question unanswered
            self.post_message(ImportDone(None, str(exc)))
            return
        self.post_message(ImportDone(report))

    @on(ImportProgress)
    def _progress(self, message: ImportProgress) -> None:
        stage = self.query_one("#import-stage", Static)
        bar = self.query_one("#import-progress", ProgressBar)
        if message.stage == "plan":
            stage.update(tr("正在读取并核对每一行…", "Reading and checking every row…"))
            bar.update(total=None)
            return
        stage.update(
            tr(
                "正在保存 {d} / {t} 笔交易…",
                "Saving {d} of {t} deals…",
                d=f"{message.done:,}",
                t=f"{message.total:,}",
            )
        )
        bar.update(total=max(message.total, 1), progress=message.done)

    @on(ImportDone)
    def _done(self, message: ImportDone) -> None:
        self.busy = False
        self.show_step("import-summary")
        if not message.error:
            self.written = bool(message.report.saved)
        self._summary = message
        self._show_summary()

    def _show_summary(self) -> None:
        done = self._summary
        assert done is not None
        text = self.query_one("#import-summary-text", Static)
        if done.error:
            text.update(tr("导入失败，未完成：{e}", "The import failed: {e}", e=done.error))
        else:
            text.update("\n".join(summary_lines(done.report)))
        self.query_one("#import-done", Button).focus()

    # --- 4. close --------------------------------------------------------------------------

    def show_step(self, step: str) -> None:
        self._step = step
        self.query_one(ContentSwitcher).current = step

    @on(Button.Pressed, "#import-done")
    def action_close(self) -> None:
        if self.busy:
            self.notify(tr("正在导入，请稍候", "Importing; please wait"))
            return
        self.dismiss(self.written)
