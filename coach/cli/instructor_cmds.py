"""Instructor commands: hand-in, the cohort report, grading and returning grades, calibration,
and serving the class in browsers.

    coach handin FILE [--with-deals]
    coach cohort report DIR [--curriculum ID] [--roster FILE] [--out FILE]
    coach cohort grade DIR ATTEMPT_ID [--criterion ID=POINTS[:COMMENT]]… [--comment TEXT]
    coach cohort return DIR [--out DIR]
    coach calibrate CASE_ID MARKS.csv [--bundles DIR] [--vs OTHER.csv] [--tolerance 10]
    coach serve --class DIR [--host 127.0.0.1] [--port 8000] [--public-url URL] [--class-code CODE]
                [--no-signup] [--behind-proxy]
    coach classroom roster FILE --class DIR --out CODES.csv
    coach classroom unlock [NAME | --addr ADDRESS] --class DIR
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import click

from coach.cli import BilingualGroup
from coach.cli.context import CliContext
from coach.cli.context import fail as _fail
from coach.cli.context import profile_store as _store
from coach.i18n import get_lang, tr


def _content(obj: CliContext):
    from coach.content import load_content

    return load_content(obj.content_dirs())


def printable(text: object, limit: int | None = 200) -> str:
    """Someone else's text, safe for the terminal (coach.store.display, imported when used)."""
    from coach.store.display import printable as shown

    return shown(text, limit)


def _num(v: object) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    if isinstance(v, bool):
        return "✓" if v else "✗"
    return f"{v:g}" if isinstance(v, float) else str(v)


# --- hand-in ----------------------------------------------------------------------------------


@click.command(
    "handin",
    help="把练习交给讲师：写一个只含练习记录的数据包。\n\n"
    "Hand in your work: write a bundle holding only your attempts (answers, self-scores, "
    "progress).",
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--with-deals",
    is_flag=True,
    help="同时交成交记录和复盘（客户名一律化名）/ include deals and deal reviews, anonymised",
)
@click.pass_obj
def handin_cmd(obj: CliContext, file: Path, with_deals: bool) -> None:
    from coach.store import StoreError
    from coach.store.handin import export_handin

    with _store(obj, read_only=True) as store:
        try:
            r = export_handin(store, file, with_deals=with_deals)
        except (StoreError, OSError) as e:
            raise _fail(str(e)) from None
        name = store.profile.name
    click.echo(
        tr(
            "已写入 {p}（{n}）：{c}",
            "wrote {p} ({n}): {c}",
            p=r.path,
            n=name,
            c=", ".join(f"{k} {v}" for k, v in r.counts.items()),
        )
    )
    if with_deals:
        click.echo(
            tr(
                "已替换 {k} 个客户名，共 {r} 处",
                "replaced {k} client name(s) in {r} place(s)",
                k=r.anonymised_names,
                r=r.replaced,
            )
        )


# --- cohort -----------------------------------------------------------------------------------


@click.group(
    "cohort",
    cls=BilingualGroup,
    help="班级：报告、评分、返还成绩。\n\nThe class: report, grade, return grades.",
)
def cohort_group() -> None:
    pass


def _today(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(
            tr("--today：“{d}”不是 YYYY-MM-DD", '--today: "{d}" is not YYYY-MM-DD', d=value)
        ) from None


@cohort_group.command(
    "report",
    help="读一个文件夹的交作业数据包，重新评分并报告。\n\n"
    "Read a folder of hand-in bundles, rescore every attempt and report.",
)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--curriculum", default=None, help="课程编号 / curriculum id")
@click.option(
    "--roster",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="名单 CSV（姓名或档案 id）/ roster CSV of names or profile ids",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="写到文件：.html .xlsx .csv .md .parquet / write to a file",
)
@click.option(
    "--today", default=None, metavar="YYYY-MM-DD", help="按这一天判断逾期 / day for 'late'"
)
@click.pass_obj
def report_cmd(
    obj: CliContext,
    folder: Path,
    curriculum: str | None,
    roster: Path | None,
    out: Path | None,
    today: str | None,
) -> None:
    from coach.analysis.cohort import cohort_report, read_roster
    from coach.io.cohort_export import ExportError, write_report
    from coach.store import StoreError

    index = _content(obj)
    try:
        names = read_roster(roster) if roster else []
        grades = _instructor_grades(obj)
        _cohort, _scored, report = cohort_report(
            folder,
            index,
            curriculum_id=curriculum,
            roster=names,
            grades=grades,
            today=_today(today),
        )
    except StoreError as e:
        raise _fail(str(e)) from None
    for f, reason in report.skipped:
        click.echo(tr("跳过 {f}：{r}", "skipped {f}: {r}", f=f, r=reason), err=True)
    for note in report.notes:
        click.echo(note, err=True)
    if out is not None:
        try:
            files = write_report(report, out)
        except ExportError as e:
            raise _fail(str(e)) from None
        click.echo(
            tr(
                "{t} 名学员，{c} 个案例 → {f}",
                "{t} trainee(s), {c} case(s) -> {f}",
                t=len(report.trainees),
                c=len(report.cases),
                f=", ".join(str(p) for p in files),
            )
        )
        return
    _print_report(report)


def _print_report(report) -> None:
    click.echo(f"{tr('班级报告', 'Cohort report')} — {report.title}")
    click.echo(tr("及格线 {p:g}", "pass mark {p:g}", p=report.pass_score))
    click.echo("")
    head = [
        tr("学员", "trainee"),
        tr("完成", "done"),
        tr("首次", "first"),
        tr("最佳", "best"),
        tr("分钟", "min"),
        tr("通过", "pass"),
        tr("逾期", "late"),
    ]
    click.echo("\t".join(head))
    for r in report.trainees.itertuples(index=False):
        click.echo(
            "\t".join(
                [
                    r.trainee,
                    f"{r.done}/{r.of}",
                    _num(r.first),
                    _num(r.best),
                    _num(r.minutes),
                    _num(r.passed),
                    r.late_cases or "-",
                ]
            )
        )
    click.echo("")
    head = [
        tr("案例", "case"),
        tr("平均", "mean"),
        tr("标准差", "sd"),
        tr("通过率%", "pass %"),
        tr("最常漏掉", "most missed"),
    ]
    click.echo("\t".join(head))
    for r in report.cases.itertuples(index=False):
        click.echo(
            "\t".join([r.case, _num(r.mean), _num(r.sd), _num(r.pass_rate), r.most_missed or "-"])
        )
    if report.missing:
        click.echo("")
        click.echo(
            tr("未交作业：", "not handed in: ") + ", ".join(printable(m) for m in report.missing)
        )


def _instructor_grades(obj: CliContext) -> list:
    """The instructor's grades, read-only; none when their profile does not exist yet."""
    from coach.store import StoreError, open_store
    from coach.store.profiles import profile_dir

    if not (profile_dir(obj.data_root, obj.profile_name) / "profile.json").is_file():
        return []
    try:
        with open_store(obj.data_root, obj.profile_name, read_only=True, daily_backup=False) as s:
            return s.grades.list()
    except StoreError as e:
        raise _fail(str(e)) from None


def _disputed_refusal(cohort, pid: str) -> str:
    from coach.analysis.cohort import disputed_line

    return disputed_line(cohort, pid) + tr(
        "；请确认哪个文件是本人的并删掉另一个，在此之前不评分、不返还成绩",
        "; check which file is genuine and remove the other — until then it is neither "
        "graded nor returned",
    )


def _parse_criterion(text: str) -> tuple[str, float, str]:
    crit, sep, rest = text.partition("=")
    points, _, comment = rest.partition(":")
    try:
        value = float(points)
    except ValueError:
        value = math.nan
    if not sep or not crit.strip() or math.isnan(value):
        raise _fail(
            tr(
                "--criterion 应写成 标准=分数[:评语]（收到“{t}”）",
                '--criterion takes ID=POINTS[:COMMENT] (got "{t}")',
                t=text,
            )
        )
    return crit.strip(), value, comment.strip()


@cohort_group.command(
    "grade",
    help="给一次练习评分（覆盖评分标准的分数，加评语）；成绩存在讲师自己的档案里。\n\n"
    "Grade one attempt: override rubric criteria with points and comments; the grade is kept in "
    "your own profile, the trainee's attempt is never edited.",
)
@click.argument("folder", type=click.Path(path_type=Path))
@click.argument("attempt_id")
@click.option(
    "--criterion",
    "criteria",
    multiple=True,
    metavar="ID=POINTS[:COMMENT]",
    help="覆盖一个评分标准 / override one criterion (repeatable)",
)
@click.option("--comment", default="", help="总评 / overall comment")
@click.pass_obj
def grade_cmd(
    obj: CliContext, folder: Path, attempt_id: str, criteria: tuple[str, ...], comment: str
) -> None:
    from coach.analysis.cohort import job_of, load_cohort
    from coach.analysis.rescore import review_job
    from coach.instructor.grading import Override, save_grade
    from coach.store import StoreError

    index = _content(obj)
    try:
        cohort = load_cohort(folder)
    except StoreError as e:
        raise _fail(str(e)) from None
    found = cohort.attempt(attempt_id)
    if found is None:
        raise _fail(
            tr(
                "{d} 的数据包里没有练习 {a}",
                "no attempt {a} in the bundles of {d}",
                a=printable(attempt_id),
                d=folder,
            )
        )
    trainee, attempt = found
    if trainee.id in cohort.disputed:
        raise _fail(_disputed_refusal(cohort, trainee.id))
    feedback = review_job(index, job_of(attempt))
    if feedback is None:
        raise _fail(
            tr(
                "你的内容里没有案例 {c}",
                "case {c} is not in your content",
                c=printable(attempt.case_id),
            )
        )
    overrides = {}
    for text in criteria:
        crit, points, note = _parse_criterion(text)
        overrides[crit] = Override(points, note)
    with _store(obj) as store:
        try:
            g = save_grade(
                store,
                attempt=attempt,
                trainee_id=trainee.id,
                trainee_name=trainee.name,
                feedback=feedback,
                overrides=overrides,
                comment=comment,
                grader=store.profile.name,
            )
        except StoreError as e:
            raise _fail(str(e)) from None
    click.echo(
        tr(
            "{t} · {c}：自动 {a:g} → 讲师 {s:g}（第 {r} 版）",
            "{t} · {c}: automatic {a:g} -> instructor {s:g} (revision {r})",
            t=trainee.name,
            c=printable(attempt.case_id),
            a=g.auto_score,
            s=g.score,
            r=g.rev,
        )
    )


@cohort_group.command(
    "return",
    help="为每位学员写一个成绩数据包，学员用 coach import 导入。\n\n"
    "Write a graded bundle per trainee; the trainee brings it in with `coach import`.",
)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="输出文件夹（默认 DIR/returned）/ output folder (default DIR/returned)",
)
@click.pass_obj
def return_cmd(obj: CliContext, folder: Path, out: Path | None) -> None:
    from coach.analysis.cohort import load_cohort
    from coach.store import StoreError
    from coach.store.handin import write_graded_bundles

    try:
        cohort = load_cohort(folder)
    except StoreError as e:
        raise _fail(str(e)) from None
    for pid in cohort.disputed:
        click.echo(_disputed_refusal(cohort, pid), err=True)
    # a grade goes back only to the profile whose own hand-in holds the attempt it grades
    grades = [
        g
        for g in _instructor_grades(obj)
        if g.trainee_id in cohort.trainees
        and g.trainee_id not in cohort.disputed
        and g.attempt_id in cohort.trainees[g.trainee_id].attempts
    ]
    names = {t.id: t.name for t in cohort.trainees.values()}
    target = out or Path(folder) / "returned"
    try:
        files = write_graded_bundles(target, grades, names, grader=obj.profile_name)
    except StoreError as e:
        raise _fail(str(e)) from None
    except OSError as e:
        raise _fail(
            tr("{p}：无法写入（{e}）", "{p}: cannot write ({e})", p=target, e=e.strerror)
        ) from None
    ungraded = len(cohort.trainees) - len(files)
    click.echo(
        tr(
            "已写 {n} 个成绩数据包到 {d}（{g} 条成绩）；{u} 名学员还没有成绩",
            "wrote {n} graded bundle(s) to {d} ({g} grade(s)); {u} trainee(s) not graded yet",
            n=len(files),
            d=target,
            g=len(grades),
            u=ungraded,
        )
    )


# --- calibration ------------------------------------------------------------------------------


@click.command(
    "calibrate",
    help="把自动评分和人工评分对比（MARKS.csv：answer_file 或 attempt_id，以及 score）。\n\n"
    "Compare the automatic score with human marks (MARKS.csv: answer_file or attempt_id, and "
    "score 0-100).",
)
@click.argument("case_id")
@click.argument("marks", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--bundles",
    type=click.Path(path_type=Path),
    default=None,
    help="attempt_id 所在的数据包文件夹 / folder of bundles holding the attempt ids",
)
@click.option(
    "--vs",
    "other",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="另一位评分人的 CSV：比较两位评分人 / another grader's marks: compare two graders",
)
@click.option("--tolerance", type=float, default=10.0, show_default=True, help="容差（分）/ points")
@click.pass_obj
def calibrate_cmd(
    obj: CliContext,
    case_id: str,
    marks: Path,
    bundles: Path | None,
    other: Path | None,
    tolerance: float,
) -> None:
    from coach.analysis import calibrate as cal
    from coach.store import StoreError

    try:
        key_col, rows = cal.read_marks(marks)
        if other is not None:
            _, rows_b = cal.read_marks(other)
            agr, _table, only = cal.compare_marks(rows, rows_b, tolerance=tolerance)
            click.echo(tr("两位评分人：{a} 对 {b}", "two graders: {a} vs {b}", a=marks, b=other))
            _print_agreement(agr, tr("评分人 A", "grader A"), tr("评分人 B", "grader B"))
            if only:
                click.echo(
                    tr("只有一方评过：", "marked by one grader only: ") + ", ".join(only[:20])
                )
            return
        index = _content(obj)
        case = index.cases.get(case_id)
        if case is None:
            raise _fail(tr("没有编号为“{c}”的案例", 'no case with id "{c}"', c=case_id))
        attempts = None
        if key_col == "attempt_id":
            if bundles is None:
                raise _fail(
                    tr(
                        "{p} 用 attempt_id：请用 --bundles 指定数据包文件夹",
                        "{p} uses attempt_id: give the bundles folder with --bundles",
                        p=marks,
                    )
                )
            from coach.analysis.cohort import load_cohort

            cohort = load_cohort(bundles)
            attempts = {a.id: a for t in cohort.trainees.values() for a in t.attempts.values()}
        problems = cal.attach_answers(rows, key_col, case, index, marks.parent, attempts)
        result = cal.calibrate(case, rows, index, tolerance=tolerance, lang=get_lang())
    except StoreError as e:
        raise _fail(str(e)) from None
    for p in problems[:20]:
        click.echo(printable(p, limit=500), err=True)
    click.echo(tr("案例 {c}：自动评分对人工评分", "case {c}: engine vs human", c=case_id))
    _print_agreement(result.agreement, tr("自动", "engine"), tr("人工", "human"))
    for kp in result.key_points:
        click.echo("")
        click.echo(f"[{kp.key_point}] {kp.text}")
        click.echo(
            "  " + tr("能匹配的关键词：", "keywords that would match: ") + " / ".join(kp.keywords)
        )
        for r in kp.rows:
            click.echo(
                "  "
                + tr(
                    "{k}：人工 {h:g}，自动 {e:g}（{s}）— {a}",
                    "{k}: human {h:g}, engine {e:g} ({s}) — {a}",
                    k=r["key"],
                    h=r["human"],
                    e=r["engine"],
                    s=r["status"],
                    a=printable(" ".join(str(r["answer"] or "-").split()), limit=500),
                )
            )


def _print_agreement(a, name_a: str, name_b: str) -> None:
    click.echo(tr("份数：{n}", "answers: {n}", n=a.n))
    click.echo(tr("完全一致：{x:.0%}", "exactly equal: {x:.0%}", x=a.exact))
    click.echo(
        tr(
            "相差 {t:g} 分以内：{x:.0%}",
            "within {t:g} points: {x:.0%}",
            t=a.tolerance,
            x=a.within,
        )
    )
    click.echo(
        tr(
            "{a} 高于 {b}：{n} 份，平均高 {m:g} 分",
            "{a} above {b}: {n}, by {m:g} points on average",
            a=name_a,
            b=name_b,
            n=a.over_n,
            m=a.over_mean,
        )
    )
    click.echo(
        tr(
            "{a} 低于 {b}：{n} 份，平均低 {m:g} 分",
            "{a} below {b}: {n}, by {m:g} points on average",
            a=name_a,
            b=name_b,
            n=a.under_n,
            m=a.under_mean,
        )
    )
    click.echo(
        tr(
            "二次加权 kappa（10 分一档）：{k}",
            "quadratic-weighted kappa (10-point bands): {k}",
            k=_num(a.kappa),
        )
    )


# --- serve ------------------------------------------------------------------------------------


def _class_root(obj: CliContext, class_dir: Path):
    from coach.serve.classroom import ClassroomError, prepare_class_root

    try:
        return prepare_class_root(class_dir, personal_root=obj.data_root)
    except ClassroomError as e:
        raise _fail(str(e)) from None


@click.command(
    "serve",
    help="在浏览器里给全班用：默认只在本机（127.0.0.1）。课堂用单独的文件夹 --class DIR。"
    "对外服务需 --public-url，并打印班级码。\n\n"
    "Serve the app to browsers. The class lives in a folder of its own (--class DIR, created "
    "0700), never your own profiles. Loopback only unless --host says otherwise; another host "
    "needs --public-url and prints a class code the browsers must give.",
)
@click.option(
    "--class",
    "class_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="课堂文件夹（学员档案、审计日志）/ the class folder (trainee profiles, audit log)",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option(
    "--public-url", default=None, help="学员浏览器用的地址 / the URL trainees' browsers use"
)
@click.option(
    "--class-code",
    default=None,
    help="班级码（默认随机生成；本机服务默认不需要）/ class code (random by default; "
    "not needed on loopback unless given)",
)
@click.option(
    "--no-signup",
    is_flag=True,
    help="只允许名单上的学员（coach classroom roster）/ only the roster's trainees may enter",
)
@click.option(
    "--behind-proxy",
    is_flag=True,
    help="在本机反向代理之后：按 X-Forwarded-For 的最后一跳区分学员（只信任来自本机的请求）/ "
    "behind a reverse proxy on this machine: tell trainees apart by the last hop of "
    "X-Forwarded-For (trusted from loopback only)",
)
@click.pass_obj
def serve_cmd(
    obj: CliContext,
    class_dir: Path,
    host: str,
    port: int,
    public_url: str | None,
    class_code: str | None,
    no_signup: bool,
    behind_proxy: bool,
) -> None:
    from coach.serve.server import ServeError, plan_serve, run_server

    root = _class_root(obj, class_dir)
    try:
        plan = plan_serve(
            host=host,
            port=port,
            public_url=public_url,
            class_code=class_code,
            class_dir=root,
            lang=obj.lang,
            content=obj.content,
            signup=not no_signup,
            behind_proxy=behind_proxy,
        )
    except ServeError as e:
        raise _fail(str(e)) from None
    click.echo(
        tr(
            "在 {u} 上课（课堂文件夹 {d}）",
            "class at {u} (class folder {d})",
            u=plan.public_url,
            d=root,
        )
    )
    if plan.class_code:
        click.echo(tr("班级码：{c}", "class code: {c}", c=plan.class_code))
    click.echo(tr("按 Ctrl+C 结束", "press Ctrl+C to stop"))
    run_server(plan)


@click.group(
    "classroom",
    cls=BilingualGroup,
    help="课堂文件夹：名单与加入码、解锁。\n\nThe class folder: roster and join codes, unlocking.",
)
def classroom_group() -> None:
    pass


_CLASS_OPTION = click.option(
    "--class",
    "class_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="课堂文件夹 / the class folder",
)


@classroom_group.command(
    "roster",
    help="按名单建档并给每人一个一次性加入码（写入 --out，0600）。\n\n"
    "Make a profile per roster name with a one-time join code (written to --out, mode 0600).",
)
@click.argument("roster", type=click.Path(dir_okay=False, path_type=Path))
@_CLASS_OPTION
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.pass_obj
def roster_cmd(obj: CliContext, roster: Path, class_dir: Path, out: Path) -> None:
    import csv
    import io

    from coach.analysis.cohort import read_roster
    from coach.serve.gate import add_roster
    from coach.store import StoreError
    from coach.store.jsonfile import write_bytes_atomic

    root = _class_root(obj, class_dir)
    try:
        names = read_roster(roster)
        codes = add_roster(root, names)
    except StoreError as e:
        raise _fail(str(e)) from None
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([tr("姓名", "name"), tr("加入码", "join code")])
    writer.writerows(codes)
    try:
        write_bytes_atomic(out, buf.getvalue().encode("utf-8-sig"))
    except StoreError as e:
        raise _fail(str(e)) from None
    click.echo(
        tr(
            "{n} 个加入码写入 {p}（已设 PIN 的 {k} 人不需要）",
            "{n} join code(s) written to {p} ({k} already have a PIN)",
            n=len(codes),
            p=out,
            k=len(names) - len(codes),
        )
    )


@classroom_group.command(
    "unlock",
    help="解除锁定（档案名，或 --addr 地址）；不带参数时列出所有锁定。\n\n"
    "Lift a lock (a profile name, or --addr ADDRESS); with neither, list the locks.",
)
@click.argument("name", required=False)
@click.option("--addr", default=None, help="客户端地址 / client address")
@_CLASS_OPTION
@click.pass_obj
def unlock_cmd(obj: CliContext, name: str | None, addr: str | None, class_dir: Path) -> None:
    from coach.serve.audit import audit
    from coach.serve.classroom import AUDIT_FILE, THROTTLE_FILE
    from coach.serve.throttle import Throttle, addr_key, profile_key

    root = _class_root(obj, class_dir)
    throttle = Throttle(root / THROTTLE_FILE)
    if name is None and addr is None:
        locks = throttle.locked()
        for key in locks:
            click.echo(key)
        if not locks:
            click.echo(tr("没有锁定", "no locks"))
        return
    key = profile_key(name) if name is not None else addr_key(addr or "")
    if not throttle.unlock(key):
        raise _fail(tr("{k} 没有被锁定", "{k} is not locked", k=key))
    audit(root / AUDIT_FILE, "unlocked", key=key)
    click.echo(tr("已解锁 {k}", "unlocked {k}", k=key))


def register(group: click.Group) -> None:
    group.add_command(handin_cmd)
    group.add_command(cohort_group)
    group.add_command(calibrate_cmd)
    group.add_command(serve_cmd)
    group.add_command(classroom_group)
