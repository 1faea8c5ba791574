"""Who "he" and "she" are: a small learned ranker over the people named before a pronoun.

The rules in :mod:`annotations.engine.attribution` propose a speaker for "he said" /
"she said" (the subject of the last sentence, the last named speaker, the last person
mentioned).  This module scores every person named in the writer's text in the
stretch before the pronoun and keeps the best: a conditional logit over a dozen
features of English news writing (how recently and how prominently each person was
named, whether they spoke last, whether the text marks them as a man or a woman or
their first name does, and the rules' own proposal).  No name is a feature.

The weights are a small JSON file beside this module, trained on the PolNeAR training
split by :mod:`annotations.engine.train_pronouns` (run it to reproduce the file).
Without the file the rules' proposal stands.
"""

from __future__ import annotations

import json
import math
import re
from operator import mul
from bisect import bisect_right
from pathlib import Path

#: Names of the features, in the order of the weights.
FEATURES = (
    "rank0", "rank1", "rank2", "rank3+",
    "log_distance",
    "same_sentence", "previous_sentence",
    "last_mention_subject", "latest_subject",
    "last_speaker", "rules_pick",
    "log_mentions", "log_spoken",
    "gender_match", "gender_mismatch",
    "possessive", "same_paragraph", "after_preposition",
    "pronoun_opens_x_latest_subject",
    "subject_of_recent_sentence", "in_previous_paragraph",
    "first_name_match", "first_name_mismatch",
    "only_person_of_previous_paragraph", "opens_a_paragraph",
    "log_paragraph_distance",
)

WINDOW = 3000  # characters before the pronoun in which people are candidates
MAX_CANDIDATES = 6

_MODEL_PATH = Path(__file__).with_name("pronoun_ranker.json")
_PREPOSITION = re.compile(r"\b(?:to|with|of|for|from|by|against|about|on|at|than|and)[ \u00a0]+(?:[A-Z][\w.’'-]*[ \u00a0]+){0,3}$")
_POSSESSIVE_AFTER = re.compile(r"['’]s?\b")


def _load() -> list[float] | None:
    try:
        data = json.loads(_MODEL_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("features") != list(FEATURES):
        return None  # trained for another feature set: the rules decide
    weights = data.get("weights")
    if not isinstance(weights, list) or len(weights) != len(FEATURES):
        return None
    return [float(w) for w in weights]


WEIGHTS = _load()

_FIRST_NAMES_PATH = Path(__file__).with_name("first_names.txt")
_first_names: dict[str, str] | None = None


def first_name_gender(name: str) -> str | None:
    """"m" or "f" when the first word of ``name`` is a first name the census gives to one
    sex (``first_names.txt``); weak evidence, below what the text says of the person."""
    global _first_names
    if _first_names is None:
        table: dict[str, str] = {}
        try:
            for line in _FIRST_NAMES_PATH.read_text(encoding="ascii").splitlines():
                if line[:2] in ("m ", "f "):
                    table.update(dict.fromkeys(line[2:].split(), line[0]))
        except OSError:
            pass
        _first_names = table
    first = name.split(None, 1)[0].lower() if " " in name else ""
    return _first_names.get(first)


class PronounContext:
    """What the ranker needs to know of one text, built once per article."""

    __slots__ = ("text", "mentions", "starts", "subject_starts", "subject_set", "sentence_starts", "genders", "spoken", "nth", "facts", "paragraph_break")

    def __init__(self, text: str, mentions, subject_starts, sentence_starts, genders: dict[str, str]) -> None:
        self.text = text
        self.mentions = mentions  # (start, end, name) outside quotations, in order
        self.starts = [m[0] for m in mentions]
        self.subject_starts = subject_starts  # sorted starts of mentions that open their sentence
        self.subject_set = frozenset(subject_starts)
        self.sentence_starts = sentence_starts
        self.genders = genders
        self.spoken: dict[str, int] = {}  # name -> attributions resolved to them so far
        counts: dict[str, int] = {}
        nth = []
        for m in mentions:  # nth[j]: how many times mentions[j]'s person was named up to j
            counts[m[2]] = counts.get(m[2], 0) + 1
            nth.append(counts[m[2]])
        self.nth = nth
        #: j -> what depends on mentions[j] alone: (its sentence, log mentions, possessive,
        #: after a preposition), kept once worked out (pronouns share their candidates)
        self.facts: dict[int, tuple[int, float, float, float]] = {}
        #: what ends a paragraph: a blank line where the writer leaves them, else a line break
        self.paragraph_break = "\n\n" if "\n\n" in text else "\n"

    def candidates(self, pos: int, want: str, last_person: str | None, rules_pick: str | None) -> list[tuple[str, list[float]]]:
        """People named before ``pos`` with their feature vectors, most recent first."""
        text = self.text
        k = bisect_right(self.starts, pos) - 1
        seen: dict[str, int] = {}
        order: list[str] = []
        sent = bisect_right(self.sentence_starts, pos) - 1
        para = text.rfind("\n", 0, pos)
        prev_para = text.rfind("\n", 0, max(0, para - 1)) if para > 0 else -1
        while prev_para > 0 and not text[prev_para + 1 : para].strip():
            prev_para = text.rfind("\n", 0, prev_para - 1) if prev_para > 1 else -1  # blank lines between
        recent_subject: set[str] = set()
        previous_paragraph: set[str] = set()
        opening: set[str] = set()
        starts, mentions, subject_set = self.starts, self.mentions, self.subject_set
        # a mention in this sentence or the one before: at or after the previous sentence's start
        recent_from = self.sentence_starts[sent - 1] if sent >= 1 else -1
        while k >= 0 and pos - starts[k] < WINDOW and len(order) < MAX_CANDIDATES:
            s, _, name = mentions[k]
            if name not in seen:
                seen[name] = k
                order.append(name)
            if s in subject_set and s >= recent_from:
                recent_subject.add(name)
            if prev_para < s < para:
                previous_paragraph.add(name)
            if s in subject_set and prev_para < s and not text[text.rfind("\n", 0, s) + 1 : s].strip(" \t\"“‘'"):
                opening.add(name)  # the subject that opens this paragraph or the one before
            k -= 1
        for extra in (last_person, rules_pick):
            if extra and extra not in seen:
                j = bisect_right(self.starts, pos) - 1
                while j >= 0 and self.mentions[j][2] != extra:
                    j -= 1
                seen[extra] = j
                order.append(extra)
        if not order:
            return []
        ks = bisect_right(self.subject_starts, pos) - 1
        latest_subject_pos = self.subject_starts[ks] if ks >= 0 else -1
        opens = pos == 0 or text[pos - 1 : pos] in ("", " ", "\n", "\u00a0", "“", '"') and text[pos : pos + 1].isupper()
        out = []
        for rank, name in enumerate(order):
            j = seen[name]
            f = [0.0] * len(FEATURES)
            f[min(rank, 3)] = 1.0
            if j >= 0:
                s, e, _ = self.mentions[j]
                f[4] = math.log1p(max(0, pos - s)) / 8.0
                known = self.facts.get(j)
                if known is None:
                    known = self.facts[j] = (
                        bisect_right(self.sentence_starts, s) - 1,
                        math.log1p(self.nth[j]) / 3.0,
                        1.0 if _POSSESSIVE_AFTER.match(text, e) else 0.0,
                        1.0 if _PREPOSITION.search(text, max(0, s - 40), s) else 0.0,
                    )
                msent, f[11], f[15], f[17] = known
                f[5] = 1.0 if msent == sent else 0.0
                f[6] = 1.0 if msent == sent - 1 else 0.0
                f[7] = 1.0 if s in self.subject_set else 0.0
                f[8] = 1.0 if s == latest_subject_pos else 0.0
                f[16] = 1.0 if s > para else 0.0
                f[18] = f[8] if opens else 0.0
                # how many paragraphs back the person was last named (0: this one)
                f[25] = math.log1p(text.count(self.paragraph_break, s, pos)) / 2.0
            else:
                f[4] = 1.0
                f[25] = 1.0
            f[9] = 1.0 if name == last_person else 0.0
            f[10] = 1.0 if name == rules_pick else 0.0
            f[12] = math.log1p(self.spoken.get(name, 0)) / 2.0
            g = self.genders.get(name)
            f[13] = 1.0 if g == want else 0.0
            f[14] = 1.0 if g is not None and g != want else 0.0
            if g is None:
                g = first_name_gender(name)
                f[21] = 1.0 if g == want else 0.0
                f[22] = 1.0 if g is not None and g != want else 0.0
            f[23] = 1.0 if name in previous_paragraph and len(previous_paragraph) == 1 else 0.0
            f[24] = 1.0 if name in opening else 0.0
            f[19] = 1.0 if name in recent_subject else 0.0
            f[20] = 1.0 if name in previous_paragraph else 0.0
            out.append((name, f))
        return out


def best(cands: list[tuple[str, list[float]]], weights: list[float]) -> tuple[str, float]:
    """The highest-scoring candidate and its probability under the conditional logit."""
    scores = [sum(map(mul, weights, f)) for _, f in cands]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    i = scores.index(top)
    return cands[i][0], exps[i] / total
