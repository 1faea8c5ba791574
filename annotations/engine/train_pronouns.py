"""Train the "he"/"she" ranker (:mod:`annotations.engine.pronouns`) on the PolNeAR training split.

    python -m annotations.engine.train_pronouns [CORPUS_DIR] [--out FILE] [--check]

CORPUS_DIR holds ``corpus.jsonl`` and ``gold.jsonl`` (default: ``../shared/corpus/
polnear-train`` beside the project).  For every "he"/"she" the rules attribute, the
people named before it become candidates (see :class:`pronouns.PronounContext`); the
gold source of the quotes hanging on that pronoun, resolved to a name by the corpus
(its ``speaker_resolved``), marks the right ones.  A conditional logit with a little
L2 is fitted by full-batch gradient descent from zero, so the same corpus always gives
the same weights.  ``--check`` first prints two-fold figures (train on half the
articles, score the other half): how often the rules and the ranker pick a right person.

Standard library only; the articles are read, never copied into the project.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

from annotations.articles import find_boilerplate
from annotations.engine import attribution, pronouns
from annotations.quotes import find_quotes

ROOT = Path(__file__).resolve().parents[2]
L2 = 1e-3
STEPS = 600
RATE = 2.0


def _key(name: str) -> str:
    words = re.findall(r"\w+", name.lower().replace("’s", "").replace("'s", ""))
    while words and words[-1] in ("jr", "sr", "ii", "iii", "iv"):
        words.pop()
    return words[-1] if words else ""


def examples(corpus_dir: Path) -> list[tuple[str, list[list[float]], list[int], int]]:
    """(article id, candidate features, indices of right candidates, index of the rules' pick)."""
    gold: dict[str, list[dict]] = {}
    with open(corpus_dir / "gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            gold[d["id"]] = d["quotes"]
    out = []
    saved = pronouns.WEIGHTS
    pronouns.WEIGHTS = None  # the rules' own pick is a feature: collect without the ranker
    try:
        with open(corpus_dir / "corpus.jsonl", encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                text = d["text"]
                attribution.COLLECT = []
                find_quotes(text, find_boilerplate(text))
                collected, attribution.COLLECT = attribution.COLLECT, None
                by_start: dict[int, set[str]] = {}
                for q in gold.get(d["id"], []):
                    sp = (q.get("speaker") or "").strip().lower()
                    if sp in ("he", "she") and q.get("speaker_resolved") and q.get("speaker_start") is not None:
                        by_start.setdefault(int(q["speaker_start"]), set()).update(_key(r) for r in q["speaker_resolved"])
                for start, _end, cands in collected:
                    keys = by_start.get(start)
                    if not keys or len(cands) < 2:
                        continue
                    right = [i for i, (name, _) in enumerate(cands) if _key(name) in keys]
                    if not right:
                        continue
                    pick = next((i for i, (_, f) in enumerate(cands) if f[10]), 0)
                    out.append((d["id"], [f for _, f in cands], right, pick))
    finally:
        pronouns.WEIGHTS = saved
        attribution.COLLECT = None
    return out


def fit(data) -> list[float]:
    """Weights maximising the probability of the right candidates (conditional logit)."""
    n = len(pronouns.FEATURES)
    w = [0.0] * n
    for _ in range(STEPS):
        grad = [0.0] * n
        for _, feats, right, _ in data:
            scores = [sum(a * b for a, b in zip(w, f)) for f in feats]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            good = sum(exps[i] for i in right)
            for f, e, i in zip(feats, exps, range(len(feats))):
                # d(-log P(right))/dw = E_all[f] - E_right[f]
                coef = e / total - (e / good if i in right else 0.0)
                if coef:
                    for k in range(n):
                        grad[k] += coef * f[k]
        m = len(data) or 1
        w = [wk - RATE * (gk / m + L2 * wk) for wk, gk in zip(w, grad)]
    return w


def accuracy(data, w) -> tuple[float, float]:
    """(rules, ranker): the share of pronouns where the pick is a right person."""
    rules = sum(1 for _, _, right, pick in data if pick in right)
    ranked = 0
    for _, feats, right, _ in data:
        scores = [sum(a * b for a, b in zip(w, f)) for f in feats]
        ranked += scores.index(max(scores)) in right
    n = len(data) or 1
    return rules / n, ranked / n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "polnear-train"))
    ap.add_argument("--out", default=str(Path(pronouns.__file__).with_name("pronoun_ranker.json")))
    ap.add_argument("--check", action="store_true", help="print two-fold figures before training on everything")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not (corpus / "corpus.jsonl").exists():
        print(f"no corpus.jsonl in {corpus}", file=sys.stderr)
        return 2
    data = examples(corpus)
    print(f"{len(data)} pronouns with two or more candidates and a right one among them")
    if args.check:
        ids = sorted({d[0] for d in data})
        half = set(ids[::2])
        a = [d for d in data if d[0] in half]
        b = [d for d in data if d[0] not in half]
        for name, train, test in (("fold 1", a, b), ("fold 2", b, a)):
            w = fit(train)
            r, k = accuracy(test, w)
            print(f"  {name}: rules {r:.3f}  ranker {k:.3f}  ({len(test)} unseen pronouns)")
    w = fit(data)
    r, k = accuracy(data, w)
    print(f"all: rules {r:.3f}  ranker {k:.3f} (training data)")
    model = {
        "model": "pronoun ranker (conditional logit)",
        "trained_on": "PolNeAR training split (annotations/engine/train_pronouns.py)",
        "examples": len(data),
        "features": list(pronouns.FEATURES),
        "weights": [round(x, 4) for x in w],
    }
    Path(args.out).write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
