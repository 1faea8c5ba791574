"""The speech-verb lexicon: verbs that report what someone said, in every written form.

Verbs are grouped by how their reported clause is introduced, which the attribution
rules need: ``TELL`` verbs take a listener before the clause (``told reporters that``),
``CALL`` verbs take an object and a name for it (``called the talks "a step"``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence


# Regular verbs: base form -> (3rd person, past, -ing) built by spelling rules below.
_REGULAR = """
add admit acknowledge agree allege announce argue assert assure boast brag caution
cite claim comment complain concede conclude confirm contend declare decry
deny describe disclose dismiss emphasize emphasise estimate explain exclaim hail indicate
insist joke lament mention muse note observe plead pledge praise predict
promise recall recount reiterate remark remind reply report respond
retort reveal scoff stress suggest tweet urge vow warn welcome whisper
accuse affirm blast blame criticize criticise condemn recommend demand
forecast highlight opine posit quip concur maintain answer continue demur interject counter
believe expect hope fear doubt consider want endorse support oppose defend reject attack propose
slam praise question criticize acknowledge fume yell shout scream label dub tout gush rant marvel grumble
chide taunt mock proclaim trumpet reason speculate surmise venture concede
talk react advocate elaborate chant email
echo denounce repeat signal hint wonder advise express riff remember
retaliate snap snipe gripe grouse gloat laugh sigh rave thunder interrupt implore beg theorize theorise
hypothesize rebut confide confess divulge clarify exhort bark growl mutter murmur hiss beam exult enthuse sneer
blare vent
""".split()

_IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "writing"),
    "call": ("calls", "called", "calling"),
    "ask": ("asks", "asked", "asking"),
    "testify": ("testifies", "testified", "testifying"),
    "reply": ("replies", "replied", "replying"),
    "forecast": ("forecasts", "forecast", "forecasting"),
    "inform": ("informs", "informed", "informing"),
    "admit": ("admits", "admitted", "admitting"),
    "quip": ("quips", "quipped", "quipping"),
    "concur": ("concurs", "concurred", "concurring"),
    "demur": ("demurs", "demurred", "demurring"),
    "think": ("thinks", "thought", "thinking"),
    "feel": ("feels", "felt", "feeling"),
    "find": ("finds", "found", "finding"),
    "show": ("shows", "showed", "showing"),
    "worry": ("worries", "worried", "worrying"),
    "slam": ("slams", "slammed", "slamming"),
    "speak": ("speaks", "spoke", "speaking"),
    "refer": ("refers", "referred", "referring"),
    "echo": ("echoes", "echoed", "echoing"),
    "put": ("puts", "put", "putting"),
    "snap": ("snaps", "snapped", "snapping"),
    "beg": ("begs", "begged", "begging"),  # only in "put it" (see attribution)
}


def _regular(base: str) -> tuple[str, str, str]:
    if base in _IRREGULAR:
        return _IRREGULAR[base]
    if base.endswith("y") and base[-2] not in "aeiou":
        return base[:-1] + "ies", base[:-1] + "ied", base + "ing"
    if base.endswith("e"):
        return base + "s", base + "d", base[:-1] + "ing"
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return base + "es", base + "ed", base + "ing"
    return base + "s", base + "ed", base + "ing"


#: Every written form of a speech verb -> its base form.
FORMS: dict[str, str] = {}
for _base in set(_REGULAR) | set(_IRREGULAR):
    FORMS[_base] = _base
    for _form in _regular(_base):
        FORMS[_form] = _base
# "stated" reports speech, but "state"/"states" are far more often nouns.
FORMS["stated"] = FORMS["stating"] = "state"
FORMS["states"] = "state"  # '"…," the document states': only for a document (see attribution)
FORMS["state"] = "state"  # '"…," the ministers state': only right after a quotation (see attribution)
FORMS["posted"] = "post"
FORMS["written"] = "write"  # "as Roe had written, …"
FORMS["spoken"] = "speak"
FORMS["ordered"] = "order"  # "ordered that the agencies …" (not "order"/"orders": nouns)
FORMS["pressed"] = "press"
FORMS["pointed"] = FORMS["pointing"] = "point"  # "pointed out that …" (not "point"/"points": nouns)
FORMS["reads"] = "read"  # 'the statement reads: "…"' (other forms of "read" are rarely speech)
FORMS["read"] = "read"  # '"…," the statement read': only for a document (see attribution)
FORMS["charged"] = "charge"  # '"…," Roe charged' (only beside a quotation: see ``BY_A_QUOTATION``)
#: Phrasal verbs of saying, by the form and the particle it needs: '"…," Roe shot back',
#: '"…," Roe went on' (the cue is the verb and its particle; only beside a quotation)
PARTICLES = {
    "shot": "back", "shoots": "back", "fired": "back", "fires": "back", "hit": "back", "hits": "back",
    "went": "on", "goes": "on", "cried": "out", "cries": "out", "point": "out", "points": "out",
    "chimed": "in", "chimes": "in",
}
for _form, _particle in PARTICLES.items():
    FORMS.setdefault(_form, {"shot": "shoot", "shoots": "shoot", "fired": "fire", "fires": "fire", "hits": "hit", "went": "go",
                             "goes": "go", "cried": "cry", "cries": "cry", "points": "point", "chimed": "chime", "chimes": "chime"}.get(_form, _form) + " " + _particle)
for _noun_like in ("attack", "attacks"):
    # far more often nouns ("the Paris attacks") than verbs of saying
    FORMS.pop(_noun_like, None)

#: Verbs whose listener comes before the reported clause: "told reporters (that) ...".
TELL = frozenset({"tell", "inform", "assure", "remind", "warn", "urge", "promise", "ask", "caution", "brief"})
#: Verbs that name what was said instead of reporting a clause: 'called it "a disaster"'.
CALL = frozenset({"call", "describe", "hail", "praise", "welcome", "dismiss", "blast", "decry", "condemn",
                  "criticize", "criticise", "blame", "accuse", "cite", "highlight", "mention",
                  "recommend", "demand", "reiterate", "comment", "concur", "joke", "lament", "dub", "label", "tout"})
#: Verbs of belief and finding: they report a clause only when one follows ("thinks (that) it ...").
BELIEF = frozenset({"think", "believe", "expect", "hope", "fear", "feel", "doubt", "worry", "find", "show", "consider", "want"})
#: Verbs whose object is what was said ("called for his dismissal", "endorsed the plan").
OBJECT = (CALL | frozenset({"endorse", "support", "oppose", "defend", "reject", "attack", "propose", "slam",
                           "praise", "question", "urge", "deny", "talk", "speak", "refer", "react", "advocate",
                           "warn", "boast", "brag", "complain", "echo", "denounce", "repeat", "express"})) - {"cite", "mention", "joke", "concur"}
#: Verbs whose object needs a particle ("talked about", "warned of"); without one there is none.
INTRANSITIVE = frozenset({"talk", "speak", "react", "refer", "complain", "boast", "brag", "warn", "advocate"})
#: Verbs that introduce a quotation but report no clause of their own unless "that" follows.
QUOTE_ONLY = frozenset({"answer", "continue", "press", "post", "read", "email", "mock", "put",
                        "retaliate", "snap", "snipe", "gripe", "grouse", "gloat", "laugh", "sigh", "rave", "thunder", "interrupt",
                        "bark", "growl", "mutter", "murmur", "hiss", "beam", "exult", "enthuse", "sneer"})
#: Verbs that are speech only beside a quotation: one closed just before their subject
#: ('"…," Roe charged'), or one opened right after them ('Roe shot back: "…"'), or a "that"
#: clause after them ("went on" and "charged" are mostly something else)
BY_A_QUOTATION = frozenset(FORMS[f] for f in PARTICLES) | {"charge"}
QUOTE_ONLY = QUOTE_ONLY | BY_A_QUOTATION
#: Verbs that report a clause in the indirect style ("X said (that) ...").
CLAUSE = frozenset(FORMS.values()) - CALL - {"ask"}
#: The core verbs that almost always report speech (highest confidence).
CORE = frozenset({"say", "tell", "add", "state", "write", "tweet", "explain", "insist", "argue", "claim",
                  "warn", "reply", "respond", "announce", "declare", "note", "report", "acknowledge",
                  "stress", "emphasize", "emphasise", "assert", "contend", "maintain", "recall",
                  "remark", "testify", "confirm", "deny", "suggest", "predict", "vow", "pledge"})


def _trie(words: list[str]) -> str:
    """A regex matching exactly ``words``, factored into a letter trie.

    Python's regex engine tries alternatives one by one; a trie rejects most
    positions after one or two characters, which makes the pass several times faster.
    """
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


#: One speech verb, any written form; capitalised at a sentence start ("Adding that ...").
CUE_RE = re.compile(r"\b" + _trie(sorted(set(FORMS) | {w.capitalize() for w in FORMS})) + r"\b")
_CUE_WORDS = frozenset(FORMS) | frozenset(w.capitalize() for w in FORMS)
_LOWER_TRIE = _trie(sorted(FORMS))
# a word boundary before a letter is a non-word character before it (or the text's start):
# matching that character lets the regex engine jump between candidates in C
_CUE_AFTER_NON_WORD = re.compile(r"\W(" + _LOWER_TRIE + r")\b")
_CUE_AT_START = re.compile(_LOWER_TRIE + r"\b")


def cue_spans(text: str, quoted: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """The spans of ``CUE_RE.finditer(text)``, found faster in the lower-cased text; those
    starting inside a ``quoted`` span may be left out (the caller skips them anyway).

    The lower-case trie has half the branches, tried after each non-word character (and
    at the start), which is where a word boundary before a letter is.  A match is a
    whole word (a word boundary on both sides, letters only), so keeping those whose
    original spelling is a form (or its capitalised form) gives the same matches;
    lower-casing keeps every character a word character or not (checked over all of
    Unicode in the tests) and, but for one character that grows, the offsets.

    ``quoted`` holds sorted, non-overlapping quotations (opening mark to just past the
    closing one, as :class:`~annotations.engine.marks.Region`): only the stretches between
    them are scanned, each from the character before it.  A quotation mark is no word
    character, so no word runs across one and each stretch has the matches it has in
    the whole text.
    """
    low = text.lower()
    if len(low) != len(text):
        return [m.span() for m in CUE_RE.finditer(text)]
    words = _CUE_WORDS
    spans = []
    if not quoted or quoted[0][0] > 0:
        first = _CUE_AT_START.match(low)
        if first is not None:
            spans.append(first.span())
    scan = _CUE_AFTER_NON_WORD.finditer
    gap = 0
    for a, b in (*quoted, (len(text), len(text))):
        if a > gap:
            spans += [m.span(1) for m in scan(low, max(0, gap - 1), a)]
        gap = max(gap, b)
    return [span for span in spans if text[span[0] : span[1]] in words]


#: "according to" introduces a source without a speech verb.  The same matches as
#: ``\b[Aa]ccording to\b``, written with the letter first (a leading ``\b`` keeps the
#: regex engine from its fast scan for where a match can begin).
ACCORDING_RE = re.compile(r"[Aa](?<!\w[Aa])ccording to\b")


def _is_word_char(ch: str) -> bool:
    """What ``\\w`` matches (in a ``str`` pattern)."""
    return ch.isalnum() or ch == "_"


def according_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``ACCORDING_RE.finditer(text)``, found by ``str.find`` of "ccording to".

    The regex engine would try the pattern at every "a"; the phrase itself is rare and long,
    which ``str.find`` skips through in C.  The letter before it and the word boundaries on
    either side are then checked as the pattern checks them.
    """
    out: list[tuple[int, int]] = []
    n = len(text)
    i = text.find("ccording to", 1)
    while i >= 0:
        a, b = i - 1, i + len("ccording to")
        if text[a] in "Aa" and not (a > 0 and _is_word_char(text[a - 1])) and not (b < n and _is_word_char(text[b])):
            out.append((a, b))
        i = text.find("ccording to", b)
    return out
