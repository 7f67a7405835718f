"""An attempt, or the whole progress, as Markdown and as one self-contained HTML page.

For the instructor or a manager: the Markdown reads well as plain text, the HTML opens in any
browser with nothing beside it (styles inline, no scripts, no links out). Everything a person
wrote — answers, names — is escaped, so text like ``<script>`` or ``**`` shows as typed and
never becomes markup. No pandas here: exporting must stay as quick as the screen it is on.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from pathlib import Path

from coach.analysis.progress import CaseProgress, Progress
from coach.content import ContentIndex
from coach.domain.content import CAUSE_CATEGORIES, Case, Framework
from coach.domain.records import ActionItem, Attempt, Cause
from coach.domain.scores import score_text

# -- Markdown escaping -----------------------------------------------------------------------

_INLINE = re.compile(r"([\\`*_{}\[\]<>()#|~!&$])")
_ORDERED = re.compile(r"^(\d+)\.")
_BLOCK_START = re.compile(r"^([-+=])")


def md_text(text: str) -> str:
    """Plain text made safe to drop into Markdown: every character shows as written.

    Inline markup characters are backslash-escaped; a line that would start a list, heading
    underline or code block is defused (lines lose their leading and trailing blanks); the
    line structure is kept.
    """
    lines = []
    for raw in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _INLINE.sub(r"\\\1", raw.strip())
        line = _ORDERED.sub(r"\1\\.", line)
        lines.append(_BLOCK_START.sub(r"\\\1", line))
    return "\n".join(lines)


def md_inline(text: str) -> str:
    """Plain text for one line (a table cell, a heading): newlines become spaces."""
    return md_text(" ".join(str(text).split()))


def _t(lang: str, zh: str, en: str, **kw: object) -> str:
    text = zh if lang == "zh" else en
    return text.format(**kw) if kw else text


def _num(x: float | None) -> str:
    if x is None:
        return "–"
    return str(round(x)) if abs(x - round(x)) < 0.05 else f"{x:.1f}"


def duration(seconds: float, lang: str) -> str:
    """12 min, 1 h 05 min — for people, not for sums."""
    minutes = round(max(seconds, 0) / 60)
    if minutes < 60:
        return _t(lang, "{m} 分钟", "{m} min", m=minutes)
    return _t(lang, "{h} 小时 {m:02d} 分", "{h} h {m:02d} min", h=minutes // 60, m=minutes % 60)


def _when(iso: str) -> str:
    return iso.replace("T", " ")[:16] if iso else "–"


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


# -- one attempt -----------------------------------------------------------------------------


def attempt_markdown(
    attempt: Attempt,
    case: Case | None,
    lang: str,
    *,
    framework: Framework | None = None,
    profile: str = "",
) -> str:
    """The attempt as the instructor reads it: score, breakdown, self-score, then the answers."""
    title = case.title.get(lang) if case else attempt.case_id
    out = [f"# {_t(lang, '复盘练习：', 'Case review: ')}{md_inline(title)}", ""]
    facts = []
    if profile:
        facts.append((_t(lang, "学员", "Trainee"), md_inline(profile)))
    facts += [
        (_t(lang, "案例", "Case"), md_inline(attempt.case_id)),
        (_t(lang, "提交时间", "Submitted"), _when(attempt.submitted)),
        (_t(lang, "用时", "Time spent"), duration(attempt.seconds, lang)),
    ]
    if framework is not None:
        facts.append((_t(lang, "框架", "Framework"), md_inline(framework.title.get(lang))))
    if attempt.case_hash:
        version = attempt.case_hash[:8]
        if case is not None and case.content_hash and case.content_hash != attempt.case_hash:
            version += _t(lang, "（案例已更新）", " (the case has changed since)")
        facts.append((_t(lang, "案例版本", "Case version"), version))
    out += [f"- **{k}**: {v}" for k, v in facts]
    out += ["", f"## {_t(lang, '得分', 'Score')}: {score_text(attempt.score)} / 100", ""]
    if attempt.breakdown:
        rows = []
        for line in attempt.breakdown:
            is_criterion = line.get("kind") == "criterion"
            rows.append(
                [
                    md_inline(str(line.get("title", line.get("id", "")))),
                    _num(_float(line.get("points"))),
                    _num(_float(line.get("max"))) if is_criterion else "",
                    md_inline(str(line.get("reason", ""))),
                ]
            )
        out += _table(
            [
                _t(lang, "项目", "Item"),
                _t(lang, "得分", "Points"),
                _t(lang, "满分", "Max"),
                _t(lang, "说明", "Why"),
            ],
            rows,
        )
        out.append("")
    if attempt.self_score:
        out += [f"## {_t(lang, '自评', 'Self-score')}", ""]
        names = {c.id: c.title.get(lang) for c in case.rubric} if case else {}
        out += _table(
            [_t(lang, "评分项", "Criterion"), _t(lang, "自评", "Self-score")],
            (
                [md_inline(names.get(cid, cid)), f"{_num(share * 100)}%"]
                for cid, share in attempt.self_score.items()
            ),
        )
        out += [
            "",
            _t(
                lang,
                "（自评与自动评分分开显示，从不平均。）",
                "(Shown beside the automatic score, never averaged.)",
            ),
            "",
        ]
    if attempt.instructor_grades or attempt.instructor_comment:
        out += [f"## {_t(lang, '讲师评分', 'Instructor')}", ""]
        out += [
            f"- {md_inline(g.criterion)}: {_num(g.score)} — {md_inline(g.comment)}"
            for g in attempt.instructor_grades
        ]
        if attempt.instructor_comment:
            out += ["", md_text(attempt.instructor_comment)]
        out.append("")
    out += [f"## {_t(lang, '作答', 'Answers')}", ""]
    out += _answers(attempt, case, framework, lang)
    return "\n".join(out).rstrip() + "\n"


def _float(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _answers(
    attempt: Attempt, case: Case | None, framework: Framework | None, lang: str
) -> list[str]:
    answers = attempt.answers
    slots: list[tuple[str, str]] = []  # (answer key, heading)
    if case is not None:
        slots += [(q.id, q.prompt.get(lang)) for q in case.questions]
    if framework is not None:
        slots += [(s.id, s.title.get(lang)) for s in framework.steps]
    known = {k for k, _ in slots}
    keys = [*answers.text, *answers.causes, *answers.actions]
    slots += [(k, k) for k in dict.fromkeys(keys) if k not in known]
    out: list[str] = []
    for key, heading in slots:
        text = answers.text.get(key, "").strip()
        causes = answers.causes.get(key, [])
        actions = answers.actions.get(key, [])
        if not (text or causes or actions):
            continue
        out += [f"### {md_inline(heading)}", ""]
        if text:
            out += [md_text(text), ""]
        out += [_cause_line(c, lang) for c in causes]
        out += [_action_line(a, lang) for a in actions]
        if causes or actions:
            out.append("")
    if not out:
        out = [_t(lang, "（没有作答）", "(No answers)"), ""]
    return out


def _cause_line(cause: Cause, lang: str) -> str:
    cat = CAUSE_CATEGORIES.get(cause.category)
    label = cat.get(lang) if cat else cause.category
    line = f"- {_t(lang, '原因', 'Cause')}"
    if label:
        line += f" [{md_inline(label)}]"
    line += f": {md_inline(cause.text)}"
    if cause.whys:
        line += f"; {_t(lang, '为什么', 'why')}: " + " → ".join(md_inline(w) for w in cause.whys)
    if cause.evidence:
        line += f"; {_t(lang, '证据', 'evidence')}: {md_inline(cause.evidence)}"
    return line


def _action_line(action: ActionItem, lang: str) -> str:
    parts = [md_inline(action.what)]
    for label_zh, label_en, value in (
        ("负责人", "owner", action.owner),
        ("期限", "due", action.due),
        ("衡量", "measure", action.measure),
    ):
        if value:
            parts.append(f"{_t(lang, label_zh, label_en)}: {md_inline(value)}")
    return f"- {_t(lang, '行动', 'Action')}: " + "; ".join(parts)


def export_attempt(
    attempt: Attempt,
    case: Case | None,
    lang: str,
    *,
    framework: Framework | None = None,
    profile: str = "",
) -> tuple[str, str]:
    """The attempt as (Markdown, HTML). The Feedback screen calls this for its export key."""
    md = attempt_markdown(attempt, case, lang, framework=framework, profile=profile)
    title = case.title.get(lang) if case else attempt.case_id
    return md, to_html(md, _t(lang, "复盘练习：{t}", "Case review: {t}", t=title), lang)


# -- the whole progress ----------------------------------------------------------------------

_STATUS = {
    "new": ("未开始", "new"),
    "draft": ("草稿", "draft"),
    "passed": ("通过", "passed"),
    "failed": ("未通过", "failed"),
    "locked": ("未解锁", "locked"),
}


def status_text(status: str, lang: str) -> str:
    zh, en = _STATUS.get(status, (status, status))
    return _t(lang, zh, en)


def module_title(content: ContentIndex, curriculum_id: str, module_id: str, lang: str) -> str:
    cur = content.curricula.get(curriculum_id)
    if cur is not None:
        for cm in cur.modules:
            if cm.module == module_id and cm.title.get(lang):
                return cm.title.get(lang)
    module = content.modules.get(module_id)
    return module.title.get(lang) if module else module_id


def curriculum_title(content: ContentIndex, curriculum_id: str, lang: str) -> str:
    cur = content.curricula.get(curriculum_id)
    if cur is None:
        return _t(lang, "其他案例", "Other cases")
    return cur.title.get(lang)


def progress_markdown(
    progress: Progress,
    content: ContentIndex,
    lang: str,
    *,
    profile: str = "",
    today: dt.date | None = None,
) -> str:
    """Every curriculum, module and case: attempts, first and best, pass / fail, time spent."""
    heading = _t(lang, "学习进度", "Progress")
    if profile:
        heading += f": {md_inline(profile)}"
    cases = {cp.case_id: cp for cur in progress.curricula for cp in cur.cases}
    passed = sum(1 for cp in cases.values() if cp.passed)
    out = [f"# {heading}", ""]
    if today is not None:
        out.append(f"- **{_t(lang, '导出日期', 'Exported')}**: {today.isoformat()}")
    out += [
        f"- **{_t(lang, '已通过', 'Passed')}**: {passed} / {len(cases)}",
        f"- **{_t(lang, '总用时', 'Time spent')}**: {duration(progress.seconds, lang)}",
        f"- **{_t(lang, '提交次数', 'Attempts')}**: {len(progress.points)}",
        "",
    ]
    for cur in progress.curricula:
        title = md_inline(curriculum_title(content, cur.curriculum_id, lang))
        out += [
            f"## {title}",
            "",
            _t(lang, "及格线：{p} 分", "Pass score: {p}", p=score_text(cur.pass_score)),
            "",
        ]
        for mod in cur.modules:
            mtitle = md_inline(module_title(content, cur.curriculum_id, mod.module_id, lang))
            summary = _t(
                lang,
                "完成 {d} / {t} · 平均 {a}",
                "done {d} / {t} · average {a}",
                d=mod.done,
                t=mod.total,
                a=_num(mod.average),
            )
            out += [f"### {mtitle}", "", summary]
            if mod.locked_by:
                names = ", ".join(
                    md_inline(module_title(content, cur.curriculum_id, m, lang))
                    for m in mod.locked_by
                )
                out[-1] += " · " + _t(lang, "需先通过：{m}", "first pass: {m}", m=names)
            out.append("")
            out += _table(
                [
                    _t(lang, "案例", "Case"),
                    _t(lang, "状态", "Status"),
                    _t(lang, "次数", "Attempts"),
                    _t(lang, "首次", "First"),
                    _t(lang, "最高", "Best"),
                    _t(lang, "用时", "Time"),
                ],
                (_case_row(cp, content, lang) for cp in mod.cases),
            )
            out.append("")
    if progress.points:
        out += [f"## {_t(lang, '成绩记录', 'Scores over time')}", ""]
        out += _table(
            [
                _t(lang, "提交时间", "Submitted"),
                _t(lang, "案例", "Case"),
                _t(lang, "得分", "Score"),
            ],
            (
                [
                    _when(p.when),
                    md_inline(_case_title(content, p.case_id, lang)),
                    score_text(p.score),
                ]
                for p in progress.points
            ),
        )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _case_title(content: ContentIndex, case_id: str, lang: str) -> str:
    case = content.cases.get(case_id)
    return case.title.get(lang) if case else case_id


def _case_row(cp: CaseProgress, content: ContentIndex, lang: str) -> list[str]:
    return [
        md_inline(_case_title(content, cp.case_id, lang)),
        status_text(cp.status, lang),
        str(cp.attempts),
        _num(cp.first),
        _num(cp.best),
        duration(cp.seconds, lang) if cp.attempts else "–",
    ]


def export_progress(
    progress: Progress,
    content: ContentIndex,
    lang: str,
    *,
    profile: str = "",
    today: dt.date | None = None,
) -> tuple[str, str]:
    """The whole progress as (Markdown, HTML)."""
    md = progress_markdown(progress, content, lang, profile=profile, today=today)
    title = _t(lang, "学习进度", "Progress") + (f"：{profile}" if profile and lang == "zh" else "")
    if profile and lang != "zh":
        title += f": {profile}"
    return md, to_html(md, title, lang)


# -- HTML ------------------------------------------------------------------------------------

_CSS = """
body { font-family: -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC",
  sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.6;
  color: #1f2328; background: #fff; }
h1, h2, h3 { line-height: 1.25; }
h1 { border-bottom: 2px solid #0b5cd5; padding-bottom: .3rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td:nth-child(n+2) { white-space: nowrap; }
@media print { body { margin: 0; max-width: none; } }
"""


def to_html(md: str, title: str, lang: str) -> str:
    """One self-contained page: markdown-it-py with raw HTML off, so nothing in md is markup
    unless Markdown made it; styles inline; no scripts, fonts or images from elsewhere."""
    from markdown_it import MarkdownIt  # only when exporting

    parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    body = parser.render(md)
    code = "zh-CN" if lang == "zh" else "en"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{code}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n{body}</body>\n</html>\n"
    )


# -- files -----------------------------------------------------------------------------------


def write_export(folder: Path, stem: str, md: str, html_text: str) -> tuple[Path, Path]:
    """Write ``stem.md`` and ``stem.html`` (private to the user; never over an earlier export).

    Both are written whole before either appears: a full disk leaves neither (StoreWriteFailed),
    never a Markdown file without its page or a cut-short one."""
    from coach.store.jsonfile import ensure_dir, write_many_atomic

    ensure_dir(folder)
    safe = re.sub(r"[^\w.-]+", "-", stem, flags=re.UNICODE).strip("-.") or "export"
    n, base = 1, safe
    while (folder / f"{base}.md").exists() or (folder / f"{base}.html").exists():
        n += 1
        base = f"{safe}-{n}"
    md_path, html_path = folder / f"{base}.md", folder / f"{base}.html"
    write_many_atomic([(md_path, md.encode("utf-8")), (html_path, html_text.encode("utf-8"))])
    return md_path, html_path
