"""Invariants of the quote engine for any text (hypothesis), and a regression guard on the seeds gold."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotations.articles import load_article
from annotations.model import KINDS
from annotations.quotes import find_quotes

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# Text built from the pieces that trouble a quote engine: every kind of quotation mark,
# apostrophes, speech verbs, names, titles, pronouns, stops and line breaks.
PIECES = [
    '"', "“", "”", "‘", "’", "'", "''", "„", "«", "»", ",", ".", ":", ";", "?", "!", " ", " ", " ", "\n", "\n\n",
    "said", "told", "says", "adding", "according to", "that", "he", "she", "they", "the", "a", "Mr.", "Sen.",
    "President", "Jane", "Roe", "Ministry", "spokeswoman", "reporters", "Asked", "U.S.", "—", "(", ")", "governors'",
    "it’s", "Roe’s", "x", "\u00a0", "\t", "é", "😀",
    # labels, groups and phrases the engine treats specially
    "ROE:", "Q:", "A:", "Many", "whose", "which", "about", "half", "This", "and", "of", "by", "PORTVILLE —",
]
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(PIECES), max_size=120).map("".join),
)


def _skips(text: str):
    n = len(text)
    return st.lists(st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted).map(tuple), max_size=3)


def check_invariants(text: str, result, skip=()) -> None:
    n = len(text)
    last_end = -1
    for q in sorted(result.quotes, key=lambda q: (q.start, q.end)):
        assert 0 <= q.start < q.end <= n
        assert q.text == text[q.start : q.end]
        assert q.kind in KINDS
        assert 0.0 <= q.confidence <= 1.0
        assert q.speaker is None or (isinstance(q.speaker, str) and q.speaker.strip())
        if q.speaker is None:
            assert q.confidence == 0.0
        for span in (q.speaker_span, q.cue_span):
            if span is not None:
                assert 0 <= span[0] <= span[1] <= n
        if q.kind != "indirect":
            assert q.start >= last_end, "direct/partial quotes overlap"
            last_end = q.end
            for a, b in skip:
                assert not (q.start < b and q.end > a) or a == b, "a quote inside a skipped span"
    for p in result.people:
        assert p.name and p.aliases
        for s, e in p.mentions:
            assert 0 <= s < e <= n
            assert text[s:e] in p.aliases


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_invariants_for_any_text(text):
    check_invariants(text, find_quotes(text))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_invariants_with_skip_spans(data):
    text = data.draw(texts)
    skip = data.draw(_skips(text))
    check_invariants(text, find_quotes(text, skip), skip)


@settings(max_examples=100, deadline=None)
@given(texts, texts)
def test_invariants_for_paragraphs_joined(a, b):
    """Joining two texts as paragraphs (quotes can run over paragraph ends) keeps the invariants."""
    text = a + "\n\n" + b
    check_invariants(text, find_quotes(text))


def test_bad_skip_values_are_ignored():
    text = '"Yes," she said.'
    check_invariants(text, find_quotes(text, [("a", None)]))  # type: ignore[list-item]
    check_invariants(text, find_quotes(text, [(-5, 10**9)]))


# ---------------------------------------------------------------- regression guard on the seeds gold

GOLD = SHARED / "gold" / "seeds.gold.jsonl"
SCORER = SHARED / "tools" / "score_quotes.py"


@pytest.mark.skipif(not (GOLD.exists() and SCORER.exists()), reason="the shared gold is not on this machine")
def test_seeds_gold_figures_do_not_regress(tmp_path):
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as fh:
        for path in sorted((ROOT / "seeds").glob("*.txt")):
            article = load_article(path)
            fh.write(json.dumps({"id": path.stem, **find_quotes(article.text, article.boilerplate).to_dict()}) + "\n")
    out = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(pred), "--json"], capture_output=True, text=True, check=True)
    res = json.loads(out.stdout)["results"]
    head = res["direct,partial,mixed"]
    assert head["f1"] >= 0.97
    assert head["speaker_acc"] >= 0.95
    assert head["attr_f1"] >= 0.93
    assert res["indirect"]["f1"] >= 0.80


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
@example("In Washington, D.C. He met Secretary of State Jane Roe and U.S. Sen. Ana de la Cruz. Why? “No.” Mr. Roe…\nOK")
def test_the_prefiltered_scans_find_what_the_full_patterns_find(text):
    """Sentence ends and capitalised runs are tried only where they can begin: same matches."""
    from annotations.engine import people, sentences

    assert sentences._ends(text) == [m.end() for m in sentences._END.finditer(text)]
    assert [m.span() for m in people._runs(text)] == [m.span() for m in people._RUN.finditer(text)]
