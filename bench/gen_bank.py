"""Generate a large, valid, bilingual case bank for the content benchmarks and tests.

The default bank is the one issue 2 measures: 5,000 cases of about 3 KB each in 50 files (about
15 MB). The output depends only on the arguments (a seeded ``random.Random``), so two runs give
the same bytes and timings compare like with like. Every case passes ``coach check`` with no
error and no warning: the texts are all ``{zh, en}``, every key point is covered by the rubric,
every question has a model answer and names a step of its framework.

    python -m bench.gen_bank OUT_DIR [--cases 5000] [--files 50] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

BANK_ID = "gen"
MODULES = 10

#: Step ids of the built-in frameworks (coach/content/builtin/frameworks.yaml).
FRAMEWORK_STEPS: dict[str, tuple[str, ...]] = {
    "five-step": ("collect", "analyse", "lessons", "improve", "track"),
    "grai": ("goal", "result", "analyse", "insight"),
    "aar": ("intended", "happened", "why", "next"),
    "kpt": ("keep", "problem", "try"),
}
CHECKS = ("smart-actions", "root-cause-depth", "goal-gap", "no-pitfalls", "compliance")

ZH_WORDS = (
    "支行", "理财经理", "开门红", "期缴保费", "大额存单", "基金定投", "净值型理财", "客户分层",
    "沙龙活动", "转化率", "异议处理", "双录", "风险测评", "适当性", "存量客户", "流失预警",
    "季度目标", "完成率", "年金险", "增额终身寿", "积存金", "私募", "费率谈判", "需求挖掘",
    "邀约", "面谈", "方案", "签单", "跟进记录", "客户反馈", "市场变化", "竞争对手",
)  # fmt: skip
EN_WORDS = (
    "sub-branch", "wealth manager", "kick-off", "regular premium", "large CD", "fund plan",
    "net-value product", "client tier", "client event", "conversion", "objection", "recording",
    "risk profile", "suitability", "existing client", "attrition", "quarter target", "completion",
    "annuity", "whole-life policy", "gold plan", "private fund", "fee talk", "needs discovery",
    "invitation", "meeting", "proposal", "policy", "follow-up", "feedback", "market shift", "rival",
)  # fmt: skip
ZH_LINK = ("的", "和", "导致", "影响了", "低于", "高于", "带动", "拖累")
EN_LINK = ("of", "and", "drove", "hurt", "fell below", "rose above", "lifted", "held back")


class _Text:
    """Deterministic bilingual filler built from the domain's vocabulary."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pair(self, n: int, amount: bool = False) -> tuple[str, str]:
        """A sentence of about ``n`` word groups in Chinese and in English."""
        rng = self.rng
        picks = [rng.randrange(len(ZH_WORDS)) for _ in range(n)]
        links = [rng.randrange(len(ZH_LINK)) for _ in range(n - 1)]
        zh = ZH_WORDS[picks[0]]
        en = EN_WORDS[picks[0]]
        for p, k in zip(picks[1:], links, strict=True):
            zh += ZH_LINK[k] + ZH_WORDS[p]
            en += f" {EN_LINK[k]} {EN_WORDS[p]}"
        en = en[0].upper() + en[1:]
        if not amount:
            return zh + "。", en + "."
        num = rng.randrange(5, 995)
        return f"{zh}，约{num}万元。", f"{en}, about CNY {num}0k."

    def text(self, n: int, sentences: int = 1, amount: bool = False) -> dict[str, str]:
        zh, en = [], []
        for _ in range(sentences):
            z, e = self.pair(n, amount)
            zh.append(z)
            en.append(e)
        return {"zh": "".join(zh), "en": " ".join(en)}


def make_case(i: int, rng: random.Random) -> dict[str, Any]:
    """One valid case of about 3 KB as YAML."""
    t = _Text(rng)
    framework = rng.choice(sorted(FRAMEWORK_STEPS))
    steps = FRAMEWORK_STEPS[framework]
    questions = [
        {
            "id": f"q{n}",
            "step": steps[n % len(steps)],
            "prompt": t.text(2),
        }
        for n in range(1, 4)
    ]
    questions[0]["hints"] = [t.text(2)]
    key_points = []
    for n in range(1, 4):
        a, b = rng.sample(range(len(ZH_WORDS)), 2)
        key_points.append(
            {
                "id": f"kp{n}",
                "text": t.text(2),
                "question": f"q{n}",
                "weight": rng.choice((1, 1, 2)),
                "keywords": [[ZH_WORDS[a], EN_WORDS[a]], ZH_WORDS[b]],
            }
        )
    key_points[0]["feedback"] = {"hit": t.text(1), "missed": t.text(1)}
    months = [f"2025-{m:02d}" for m in range(1, 6)]
    exhibit = {
        "id": "monthly",
        "title": t.text(1),
        "columns": [
            {"zh": "月份", "en": "Month"},
            {"zh": "目标", "en": "Target"},
            {"zh": "实际", "en": "Actual"},
        ],
        "rows": [[m, rng.randrange(100, 900), rng.randrange(50, 950)] for m in months],
        "chart": {"type": rng.choice(("line", "bar")), "x": "月份", "y": ["Target", "实际"]},
    }
    return {
        "id": f"gen-{i:05d}",
        "module": f"m{i % MODULES:02d}",
        "framework": framework,
        "difficulty": rng.randint(1, 5),
        "minutes": rng.choice((20, 30, 45, 60)),
        "tags": [ZH_WORDS[rng.randrange(len(ZH_WORDS))], EN_WORDS[rng.randrange(len(EN_WORDS))]],
        "title": t.text(2),
        "summary": t.text(2, amount=True),
        "background": t.text(4, 3, amount=True),
        "exhibits": [exhibit],
        "questions": questions,
        "key_points": key_points,
        "avoid": [
            {
                "phrase": "保本",
                "penalty": 10,
                "reason": t.text(2),
                "rule": "资管新规",
                "allow": ["不保本", "非保本"],
            }
        ],
        "must_say": [
            {
                "id": "ms-risk",
                "phrases": ["理财非存款", "产品有风险", "not a deposit"],
                "reason": t.text(2),
                "question": "q3",
            }
        ],
        "rubric": [
            {
                "id": "analysis",
                "title": {"zh": "数据分析", "en": "Data analysis"},
                "weight": 60,
                "covers": ["kp1", "kp2", rng.choice(CHECKS)],
                "levels": [{"score": 1.0, "text": t.text(1)}, {"score": 0, "text": t.text(1)}],
            },
            {
                "id": "actions",
                "title": {"zh": "改进措施", "en": "Improvement actions"},
                "weight": 40,
                "covers": ["kp3", "ms-risk"],
            },
        ],
        "teaching_note": t.text(4),
        "model_answer": {q["id"]: t.text(2) for q in questions},
    }


def bank_header() -> dict[str, Any]:
    return {
        "kind": "casebank",
        "bank": BANK_ID,
        "title": {"zh": "生成的压力测试题库", "en": "Generated load-test bank"},
        "modules": [
            {"id": f"m{n:02d}", "title": {"zh": f"模块{n}", "en": f"Module {n}"}}
            for n in range(MODULES)
        ],
    }


def bank_files(cases: int = 5000, files: int = 50, seed: int = 7) -> list[dict[str, Any]]:
    """The bank as data, one mapping per file (the first also names the bank and its modules)."""
    rng = random.Random(seed)
    per_file = -(-cases // files)
    out: list[dict[str, Any]] = []
    for f in range(files):
        doc: dict[str, Any] = bank_header() if f == 0 else {"kind": "casebank", "bank": BANK_ID}
        doc["cases"] = [
            make_case(i, rng) for i in range(f * per_file, min(cases, (f + 1) * per_file))
        ]
        out.append(doc)
    return out


def dump(doc: dict[str, Any]) -> str:
    return yaml.dump(
        doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=None
    )


def generate(out: Path, cases: int = 5000, files: int = 50, seed: int = 7) -> list[Path]:
    """Write the bank into ``out`` (created if needed); return the files written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for n, doc in enumerate(bank_files(cases, files, seed)):
        path = out / f"gen-{n:03d}.yaml"
        path.write_text(dump(doc), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--cases", type=int, default=5000)
    ap.add_argument("--files", type=int, default=50)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    written = generate(args.out, args.cases, args.files, args.seed)
    size = sum(p.stat().st_size for p in written)
    print(f"{len(written)} files, {args.cases} cases, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
