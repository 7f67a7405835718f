"""Everything loaded, by id, plus cross-file checks: duplicate ids and broken references.

Cases are held compactly and rebuilt on first use (`coach.content.compact.LazyCases`): a
listing that needs only titles reads ``index.heads``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from coach.content.compact import CaseHead, FileRecord, LazyCases, LazyHeads
from coach.content.diagnostics import Diagnostic
from coach.domain.content import Bank, Case, Curriculum, Framework, Module
from coach.domain.text import LText
from coach.i18n import tr

DEFAULT_FRAMEWORK = "five-step"


@dataclass(slots=True)
class ContentIndex:
    frameworks: dict[str, Framework] = field(default_factory=dict)
    banks: dict[str, Bank] = field(default_factory=dict)
    modules: dict[str, Module] = field(default_factory=dict)
    cases: LazyCases = field(default_factory=LazyCases)  # a Mapping: read-only, lazy
    heads: LazyHeads = field(default_factory=LazyHeads)  # id -> CaseHead, for listings
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
        return [self.cases[h.id] for h in self.heads.values() if h.module == module_id]

    def head(self, case_id: str) -> CaseHead | None:
        return self.heads.get(case_id)

    def bank_of(self, case: Case) -> Bank | None:
        return self.banks.get(case.bank)


def assemble(results: list[FileRecord], shown: set[str] | None = None) -> ContentIndex:
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
        if res.diags and (shown is None or res.path in shown):
            diags.extend(res.diags)

    # Duplicate ids, per kind of thing, across every file.
    first: dict[tuple[str, str], tuple[str, int]] = {}
    dupes: set[tuple[str, str, int]] = set()
    for res in results:
        for namespace, ident, path, line, col, owner in res.ids:
            key = (namespace, ident if namespace != "bank-must-say" else f"{owner}/{ident}")
            if key in first:
                where = f"{first[key][0]}:{first[key][1]}"
                report(
                    path,
                    line,
                    col,
                    "error",
                    tr(
                        "重复的 id '{i}'（已在 {w} 定义）",
                        "duplicate id '{i}' (first defined at {w})",
                        i=ident,
                        w=where,
                    ),
                )
                dupes.add((path, ident, line))
            else:
                first[key] = (path, line)

    # Merge what each file holds.
    bank_parts: dict[str, list[FileRecord]] = defaultdict(list)
    for res in results:
        for fw in res.frameworks:
            idx.frameworks.setdefault(fw.id, fw)
        for cur in res.curricula:
            idx.curricula.setdefault(cur.id, cur)
        if res.bank is not None:
            bank_parts[res.bank.id].append(res)
        for cid, head, payload in res.cases:
            if cid not in idx.cases:
                idx.cases.add(cid, payload)
                idx.heads.add(cid, head)
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
    written_cases = {d[1] for res in results for d in res.ids if d[0] == "case"}
    case_curricula: dict[str, list[Curriculum]] = defaultdict(list)
    for cur in idx.curricula.values():
        for cid in cur.case_ids():
            case_curricula[cid].append(cur)
    steps = {fid: {s.id for s in fw.steps} for fid, fw in idx.frameworks.items()}
    for res in results:
        for ref in res.refs:
            kind, target = ref[0], ref[1]
            # The common cases first, inline: a bank has thousands of these refs.
            if kind == "step" and ref[6] and target in steps.get(ref[6], ()):
                continue
            if kind == "module" and target in idx.modules:
                continue
            if kind == "case" and target not in idx.cases and target in written_cases:
                continue
            msg = _resolve(idx, Ref(*ref), module_bank, case_curricula)
            if msg:
                sev, text = msg
                report(ref[2], ref[3], ref[4], sev, text)

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


class Ref(NamedTuple):
    """A reference as `coach.content.schema` writes it, with names, for the rarer checks."""

    kind: str
    target: str
    path: str
    line: int
    col: int
    owner: str
    extra: str


def did_you_mean(word: str, choices) -> str:
    """`coach.content.reader.did_you_mean`, loaded only for a broken reference (the reader
    pulls in YAML, which a start from the content cache does not need)."""
    from coach.content.reader import did_you_mean as suggest

    return suggest(word, choices)


def _resolve(idx: ContentIndex, ref: Ref, module_bank, case_curricula) -> tuple[str, str] | None:
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
        case = idx.heads.get(ref.target)
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
            ) + did_you_mean(ref.target, steps)
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
        ) + did_you_mean(ref.target, _cover_choices(idx, ref, bank))
    return None


def _cover_choices(idx: ContentIndex, ref: Ref, bank: Bank | None) -> list[str]:
    """What a criterion of case ``ref.owner`` may cover: its key points and must-says, the
    bank's must-says and the built-in checks (worked out only for a broken cover)."""
    choices = list(_builtin_checks())
    if bank is not None:
        choices += [m.id for m in bank.must_say]
    try:
        case = idx.cases.get(ref.owner)
    except Exception:  # a case that cannot be rebuilt gives no names; its own errors say why
        case = None
    if case is not None:
        choices += [k.id for k in case.key_points] + [m.id for m in case.must_say]
    return list(dict.fromkeys(choices))


def _builtin_checks() -> list[str]:
    from coach.domain.content import BUILTIN_CHECKS

    return list(BUILTIN_CHECKS)


def _language_warnings(results: list[FileRecord], report) -> None:
    """Warn where a text lacks a language most texts of its bank (or file) have.

    Each file gives, per scope and set of languages, the positions of such texts."""
    by_scope: dict[str, list[tuple[str, tuple[str, ...], tuple[int, ...]]]] = defaultdict(list)
    for res in results:
        for scope, langs, where in res.texts:
            by_scope[scope].append((res.path, langs, where))
    for groups in by_scope.values():
        counts: Counter[str] = Counter()
        total = 0
        for _, langs, where in groups:
            n = len(where) // 2
            total += n
            for lang in langs:
                counts[lang] += n
        common = {lang for lang, n in counts.items() if n * 2 >= total}
        for path, langs, where in groups:
            missing = sorted(common.difference(langs))
            if not missing:
                continue
            message = tr(
                "这段文字缺少 {l} 版本（本题库其他文字都有）",
                "this text has no '{l}' version (the rest of the bank has one)",
                l="/".join(missing),
            )
            for i in range(0, len(where), 2):
                report(path, where[i], where[i + 1], "warning", message)
