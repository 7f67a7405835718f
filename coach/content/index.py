"""Everything loaded, by id, plus cross-file checks: duplicate ids and broken references."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from coach.content.diagnostics import Diagnostic
from coach.content.reader import did_you_mean
from coach.content.schema import FileResult
from coach.domain.content import Bank, Case, Curriculum, Framework, Module
from coach.domain.text import LText
from coach.i18n import tr

DEFAULT_FRAMEWORK = "five-step"


@dataclass(slots=True)
class ContentIndex:
    frameworks: dict[str, Framework] = field(default_factory=dict)
    banks: dict[str, Bank] = field(default_factory=dict)
    modules: dict[str, Module] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    curricula: dict[str, Curriculum] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def framework_for(self, case: Case, curriculum: Curriculum | None = None) -> Framework:
        """A case's own framework wins over its curriculum's; with neither, five-step."""
        fid = case.framework
        if fid is None:
            cur = curriculum or self.curriculum_of(case.id)
            fid = cur.framework if cur else DEFAULT_FRAMEWORK
        return self.frameworks.get(fid) or self.frameworks[DEFAULT_FRAMEWORK]

    def curriculum_of(self, case_id: str) -> Curriculum | None:
        return next((c for c in self.curricula.values() if case_id in c.case_ids()), None)

    def module_cases(self, module_id: str) -> list[Case]:
        return [c for c in self.cases.values() if c.module == module_id]

    def bank_of(self, case: Case) -> Bank | None:
        return self.banks.get(case.bank)


def assemble(results: list[FileResult], shown: set[str] | None = None) -> ContentIndex:
    """Merge per-file results and run the checks that span files.

    ``shown``: paths whose diagnostics are reported (None: all). Files outside it are context,
    e.g. the bundled bank when an instructor checks their own folder that refers to it.
    """
    idx = ContentIndex()
    diags: list[Diagnostic] = []

    def report(path: str, line: int, col: int, sev: str, msg: str) -> None:
        diags.append(Diagnostic(path, line, col, sev, msg))  # type: ignore[arg-type]

    for res in results:
        idx.files.append(res.path)
        diags.extend(res.diags)

    # Duplicate ids, per kind of thing, across every file.
    first: dict[tuple[str, str], tuple[str, int]] = {}
    dupes: set[tuple[str, str, int]] = set()
    for res in results:
        for d in res.ids:
            key = (d.namespace, d.id if d.namespace != "bank-must-say" else f"{d.owner}/{d.id}")
            if key in first:
                where = f"{first[key][0]}:{first[key][1]}"
                report(
                    d.path,
                    d.line,
                    d.col,
                    "error",
                    tr(
                        "重复的 id '{i}'（已在 {w} 定义）",
                        "duplicate id '{i}' (first defined at {w})",
                        i=d.id,
                        w=where,
                    ),
                )
                dupes.add((d.path, d.id, d.line))
            else:
                first[key] = (d.path, d.line)

    # Merge what each file holds.
    bank_parts: dict[str, list[FileResult]] = defaultdict(list)
    for res in results:
        for fw in res.frameworks:
            idx.frameworks.setdefault(fw.id, fw)
        for cur in res.curricula:
            idx.curricula.setdefault(cur.id, cur)
        if res.bank is not None:
            bank_parts[res.bank.id].append(res)
        for case in res.cases:
            idx.cases.setdefault(case.id, case)
    module_bank: dict[str, str] = {}
    for bank_id, parts in bank_parts.items():
        titled = [p for p in parts if p.bank_has_title]
        title = titled[0].bank.title if titled else LText()  # type: ignore[union-attr]
        if not titled:
            report(
                parts[0].path,
                1,
                1,
                "error",
                tr(
                    "题库 '{b}' 没有 title（在其中一个文件里写上）",
                    "bank '{b}' has no title (give it in one of its files)",
                    b=bank_id,
                ),
            )
        modules = tuple(m for p in parts for m in p.bank.modules)  # type: ignore[union-attr]
        avoid = tuple(a for p in parts for a in p.bank.avoid)  # type: ignore[union-attr]
        must = tuple(m for p in parts for m in p.bank.must_say)  # type: ignore[union-attr]
        idx.banks[bank_id] = Bank(bank_id, title, modules, avoid, must)
        for m in modules:
            idx.modules.setdefault(m.id, m)
            module_bank.setdefault(m.id, bank_id)

    # References. A case that is written but invalid is not missing: its own errors say why.
    written_cases = {d.id for res in results for d in res.ids if d.namespace == "case"}
    case_curricula: dict[str, list[Curriculum]] = defaultdict(list)
    for cur in idx.curricula.values():
        for cid in cur.case_ids():
            case_curricula[cid].append(cur)
    for res in results:
        for ref in res.refs:
            if ref.kind == "case" and ref.target not in idx.cases and ref.target in written_cases:
                continue
            msg = _resolve(idx, ref, module_bank, case_curricula)
            if msg:
                sev, text = msg
                report(ref.path, ref.line, ref.col, sev, text)

    _language_warnings(results, report)

    # Curricula whose cases are missing keep only what exists, so the app never meets a ghost.
    for cid, cur in list(idx.curricula.items()):
        mods = tuple(
            replace(m, cases=tuple(r for r in m.cases if r.case in idx.cases)) for m in cur.modules
        )
        idx.curricula[cid] = replace(cur, modules=mods)

    if shown is not None:
        diags = [d for d in diags if d.path in shown]
    # Diagnostic equality ignores the message: dedupe on everything, so that two problems at
    # one position (two missing fields of one case) are both reported.
    unique = {(d.path, d.line, d.col, d.severity, d.message): d for d in diags}
    idx.diagnostics = sorted(unique.values(), key=lambda d: (d.path, d.line, d.col, d.message))
    return idx


def _resolve(idx: ContentIndex, ref, module_bank, case_curricula) -> tuple[str, str] | None:
    if ref.kind == "module":
        if ref.target not in idx.modules:
            return "error", tr(
                "没有 id 为 '{m}' 的模块", "no module with id '{m}'", m=ref.target
            ) + did_you_mean(ref.target, idx.modules)
        return None
    if ref.kind == "framework":
        if ref.target not in idx.frameworks:
            return "error", tr(
                "没有 id 为 '{f}' 的复盘框架", "no framework with id '{f}'", f=ref.target
            ) + did_you_mean(ref.target, idx.frameworks)
        return None
    if ref.kind == "case":
        case = idx.cases.get(ref.target)
        if case is None:
            return "error", tr(
                "没有 id 为 '{c}' 的案例", "no case with id '{c}'", c=ref.target
            ) + did_you_mean(ref.target, idx.cases)
        if ref.extra and case.module != ref.extra:
            return "warning", tr(
                "案例 '{c}' 属于模块 '{m}'，却列在模块 '{x}' 下",
                "case '{c}' belongs to module '{m}' but is listed under module '{x}'",
                c=case.id,
                m=case.module,
                x=ref.extra,
            )
        return None
    if ref.kind == "step":
        fid = ref.extra
        if not fid:
            curs = case_curricula.get(ref.owner) or []
            fid = curs[0].framework if curs else DEFAULT_FRAMEWORK
        fw = idx.frameworks.get(fid)
        if fw is None:
            return None  # the framework itself is reported
        steps = [s.id for s in fw.steps]
        if ref.target not in steps:
            return "error", tr(
                "框架 '{f}' 没有步骤 '{s}'（可用：{all}）",
                "framework '{f}' has no step '{s}' (steps: {all})",
                f=fid,
                s=ref.target,
                all=", ".join(steps),
            )
        return None
    if ref.kind == "cover":
        bank = idx.banks.get(ref.extra)
        if bank and any(m.id == ref.target for m in bank.must_say):
            return None
        return "error", tr(
            "评分项覆盖了未知的 '{t}'：应为本案例的要点 id、必须提示 id 或内置检查（{checks}）",
            "criterion covers unknown '{t}': expected a key point id, a must-say id or a built-in check ({checks})",
            t=ref.target,
            checks=", ".join(_builtin_checks()),
        )
    return None


def _builtin_checks() -> list[str]:
    from coach.domain.content import BUILTIN_CHECKS

    return list(BUILTIN_CHECKS)


def _language_warnings(results: list[FileResult], report) -> None:
    """Warn where a text lacks a language most texts of its bank (or file) have."""
    by_scope: dict[str, list[tuple[str, object]]] = defaultdict(list)
    for res in results:
        for use in res.texts:
            by_scope[use.scope].append((res.path, use))
    for uses in by_scope.values():
        counts: Counter[str] = Counter()
        for _, use in uses:
            counts.update(use.langs)  # type: ignore[attr-defined]
        common = {lang for lang, n in counts.items() if n * 2 >= len(uses)}
        for path, use in uses:
            missing = sorted(common - use.langs)  # type: ignore[attr-defined]
            if missing:
                report(
                    path,
                    use.line,
                    use.col,
                    "warning",  # type: ignore[attr-defined]
                    tr(
                        "这段文字缺少 {l} 版本（本题库其他文字都有）",
                        "this text has no '{l}' version (the rest of the bank has one)",
                        l="/".join(missing),
                    ),
                )
