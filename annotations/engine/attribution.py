"""Linking quotes to their speakers, and finding reported speech without quotation marks.

The engine is driven by two kinds of anchor found in one regex pass each: quoted
regions (:mod:`marks`) and speech verbs (:mod:`verbs`).  Each verb gets its source
phrase (:mod:`sources`), resolved to a canonical name (:mod:`people`); pronouns go to
the last named speaker.  Then every quoted region is linked to a verb by the shapes
of English news writing, tried in this order:

1. after it: ``"…," Roe said`` / ``"…," said Roe``;
2. before it: ``Roe said: "…"`` / ``Roe replied, "…"``;
3. in the same sentence of the writer's: ``Roe said she was "optimistic"``;
4. continuing the previous quote: a quote paragraph with no attribution of its own,
   the second half of a split quote, or a quote running over several paragraphs; or
   continuing the speaker of reported speech that ends the paragraph before it;
5. failing all these, at low confidence, the subject of the writer's sentence when it
   is one named person or source (never in a headline, never two people).

Verbs not used for a direct quote report an indirect clause: ``Roe said (that) …``,
``Roe told reporters …``, ``…, Roe said.``, ``According to Roe, …`` (any noun phrase
after "according to" is a source), ``As Roe said, …``, ``Roe asked the board to …``.

"He said" / "she said": the rules propose the subject of the last sentence, the last
named speaker or the last person mentioned (never someone the text itself titles
Ms. / Mr. for "he" / "she"); then the learned ranker of :mod:`pronouns` weighs everyone
named in the stretch before the pronoun and keeps the best.  A verb inside someone's
report ("Roe said that Poe shows charm") leaves the reporter the last speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from typing import Sequence

from annotations.engine.marks import Region, find_regions
from annotations.engine.names import ADVERBS, DETERMINERS, NOT_NAMES, ORG_HEADS, PLACES, PRONOUNS, SOURCE_NOUNS, TITLES
from annotations.engine import pronouns
from annotations.engine.people import TITLE_BEFORE, PeopleIndex, given_name_word
from annotations.engine.scan import words_after_boundary
from annotations.engine.sentences import Sentences
from annotations.engine.sources import Source, agent_noun, appositive_head, coordinated, coordinated_desc, subject_after, subject_before
from annotations.engine.verbs import ACCORDING_RE, BELIEF, BY_A_QUOTATION, CALL, CORE, FORMS, INTRANSITIVE, OBJECT, PARTICLES, QUOTE_ONLY, TELL, according_spans, cue_spans
from annotations.model import Analysis, Quote

_PREV_WORD = re.compile(r"(\w+)([’']?)[ \u00a0]+$")
_NOUN_BEFORE = DETERMINERS | frozenset(
    "was were been being is are be am to ’s 's s whose no such many several same".split()
)
#: after "written": a passive participle ("a book written by Roe", "written on it", "written off")
_PASSIVE_NEXT = re.compile(r"[ \u00a0]+(?:by|on|in|into|off|down|for)\b")
#: before "written": a passive ("was jointly written")
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|be|is|are)[ \u00a0]+(?:\w+ly[ \u00a0]+)?$")
#: after "reported": a byline ("Costa reported from Washington.", "reporting by Jane Roe")
_BYLINE_NEXT = re.compile(r"[ \u00a0]+(?:from[ \u00a0]+[A-Z][\w.’'-]*(?:,?[ \u00a0]+[A-Z][\w.’'-]*){0,3}[ \u00a0]*(?:$|\n|[;)]|(?<=\.)[ \u00a0]+[A-Z]|\.[ \u00a0]*(?:$|\n|[A-Z]))|by[ \u00a0]+[A-Z])")
#: before a participle that takes an object: "it’s sparking fears", "are raising doubts", "and stoking fears"
_PROGRESSIVE_BEFORE = frozenset("is are was were be been being it’s that’s he’s she’s there’s what’s they’re we’re you’re and by while after".split())
#: after "support" following a share: the noun ("67 percent support among Democrats")
_PREPOSITION_NEXT = re.compile(r"[ \u00a0]*(?:[,.;:)]|(?:among|from|against|for|in|of|with|on|by)\b)")
#: quantifiers that stand for a group before a past verb ("Many said", "some wrote"), not a noun's determiners
_GROUP_SUBJECTS = frozenset("many several some both".split())
#: the head nouns of a description that stands for one person ("the Vermont senator", "the former secretary of state")
_ROLE_HEADS = (TITLES - DETERMINERS - frozenset("of the new national house white senate state campaign party former acting then top senior late junior".split())) | frozenset(
    "senator governor spokesman spokeswoman candidate nominee congressman congresswoman mayor president secretary".split()
)
#: prepositions before a noun of saying ("on comments", "of tweets"; "to" is read apart: "to say")
_PREPOSITIONS_BEFORE_NOUN = frozenset("on of about over for with after amid despite from against in into among".split())
#: "Roe is saying", "they were questioning": a progressive, the subject before the auxiliary
_PROGRESSIVE = frozenset("is are was were am been".split())
#: the closing mark ending its paragraph, a dash opening the next: a signature line
_DASH_LINE = re.compile(r"[ \t]*\n\s*[-\u2013\u2014][ \t]*(?=[A-Z])")
_CAP_MODIFIERS = re.compile(r"(?:[A-Z][\w.’'-]*[ \u00a0]+){1,2}")
_GAP_AFTER = re.compile(r"[\s,;:\u2014\u2013-]*")
_LEAD = re.compile(r"[\s\"“‘'(\[]*")
_WORDS = re.compile(r"[^\s](?:(?<=\w)\w*+(?:[.’'\-]\w+)*+|(?<!\w))")  # \w+(?:[.’'\-]\w+)*|[^\w\s], faster to scan (as sources._TOK)
_CONNECTOR = re.compile(r"(?:,?\s+(?:but|though|although|while|whereas|and|as)|,)\s*$")
_TRAIL = " \t\n,;:\u2014\u2013-"
_ENDPUNCT = ".!?…"
_OBJECT_PRONOUNS = frozenset("him her them us me it you reporters journalists".split())
_ADVERBIAL_STARTS = frozenset("in on at during after before earlier later last this yesterday today".split())
_CLOSERS = "\"”’'"
_OPENERS = "\"“‘'"
#: Quote marks the engine accepts as the final character of an indirect clause.
_QUOTE_MARKS = "\"”“’‘'"


@dataclass(slots=True)
class Cue:
    """A speech verb with its source phrase and resolved speaker."""

    start: int
    end: int
    word: str
    base: str
    source: Source | None
    inverted: bool
    speaker: str | None = None
    confidence: float = 0.0
    used: bool = False


def analyse(text: str, skip: Sequence[tuple[int, int]] = ()) -> Analysis:
    """Quotes and people in ``text``; nothing is found inside the ``skip`` spans."""
    merged: list[list[int]] = []
    for a, b in sorted((int(a), int(b)) for a, b in skip if b > a):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    skip_starts = [a for a, _ in merged]
    skip_ends = [b for _, b in merged]

    def in_skip(a: int, b: int) -> bool:
        """True when [a, b) overlaps a boilerplate span."""
        k = bisect_right(skip_starts, max(a, b - 1)) - 1
        return k >= 0 and skip_ends[k] > a

    all_regions = find_regions(text)
    sents = Sentences(text, all_regions)
    regions = [r for r in all_regions if not in_skip(r.open, r.close)] if skip else all_regions
    opens = [r.open for r in all_regions]
    closes = [r.close for r in all_regions]
    people = PeopleIndex(text)

    def inside_quote(pos: int) -> bool:
        k = bisect_right(opens, pos) - 1
        return k >= 0 and closes[k] > pos

    def close_before(pos: int, opening: bool = False) -> int:
        """The end of the quotation closed last before ``pos`` in its sentence, when it opens
        the sentence or ends in its own punctuation ('"…," Roe, a …, said'): its words are
        nobody's subject.  -1 when there is none.  With ``opening``, only a quotation that
        opens the sentence counts ('Roe, citing "the magic of it," said' has none)."""
        k = bisect_right(closes, pos) - 1
        if k < 0:
            return -1
        s0 = sents.around(pos)[0]
        if opens[k] < s0:
            return -1
        if _LEAD.match(text, s0, opens[k]).end() == opens[k]:
            return closes[k]
        r = all_regions[k]
        return closes[k] if not opening and r.end > r.start and text[r.end - 1] in ",.?!" else -1

    cues = _find_cues(text, sents, inside_quote, in_skip if skip else None, close_before, [(r.open, r.close) for r in all_regions])
    _resolve(cues, people, sents, text, inside_quote)
    _inside_reported_clause(cues, text, sents)
    cue_starts = [c.start for c in cues]

    quotes: list[Quote] = []
    _attribute_regions(text, regions, cues, cue_starts, sents, quotes, people)
    _indirect(text, cues, cue_starts, sents, all_regions, opens, quotes)
    _according(text, sents, people, cue_starts, cues, all_regions, opens, inside_quote, in_skip if skip else None, quotes)
    if ":" in text:
        _labelled(text, people, inside_quote, in_skip if skip else None, quotes)
    quotes.sort(key=lambda q: (q.start, q.end))
    _fragments_inside_reports(quotes)
    return Analysis(quotes=quotes, people=people.people())


def _fragments_inside_reports(quotes: list[Quote]) -> None:
    """A quoted fragment with no speaker inside a reported clause that has one is that
    source's words: 'Over the long term, according to the budget office, the rise "is
    mainly attributable to the aging of the population."'"""
    reports = [q for q in quotes if q.kind == "indirect" and q.speaker is not None]
    if not reports:
        return
    starts = [r.start for r in reports]  # (``quotes`` is sorted, so these are too)
    for k, q in enumerate(quotes):
        if q.kind == "partial" and q.speaker is None:
            j = bisect_right(starts, q.start) - 1
            host = None
            while j >= 0 and q.start - starts[j] < 2000:  # the nearest report that holds it
                if q.end <= reports[j].end + 2:
                    host = reports[j]
                    break
                j -= 1
            if host is not None:
                quotes[k] = replace(q, speaker=host.speaker, cue=host.cue, confidence=round(host.confidence * 0.9, 4), speaker_span=host.speaker_span, cue_span=host.cue_span)


# ---------------------------------------------------------------------- cues


def _one_of(joint: dict[str, list[str]], name: str | None, want: str) -> str | None:
    """For persons named together as speakers ("Mary Roe and Tom Lee"), the last of them whose
    first name fits the pronoun's gender (else the last of them); any other name as it is."""
    members = joint.get(name) if name else None
    if not members:
        return name
    fits = [x for x in members if pronouns.first_name_gender(x) == want]
    return fits[-1] if fits else members[-1]


def _find_cues(text, sents, inside_quote, in_skip, close_before=lambda pos, opening=False: -1, quotations=()) -> list[Cue]:
    """Every speech verb outside quotations and boilerplate, with its source phrase
    (``quotations``: their spans, not scanned for verbs)."""
    cues: list[Cue] = []
    starts, ends = sents.starts, sents.ends
    for s, e in cue_spans(text, quotations):
        if inside_quote(s) or (in_skip is not None and in_skip(s, e)):
            continue
        word = text[s:e]
        lword = word.lower()
        base = FORMS[lword]
        particle = PARTICLES.get(lword)
        if particle is not None:
            m = _PHRASAL_PARTICLE.match(text, e)
            if m is None or m.group(1) != particle or text.startswith(" to ", m.end()):
                continue  # "was shot", "went to Iowa", "at one point", "went on to work": not the phrasal verb
            e = m.end()
            word = text[s:e]
        if lword == "written" and (_PASSIVE_NEXT.match(text, e) or _PASSIVE_BEFORE.search(text, max(0, s - 12), s)):
            continue  # "a book written by Roe", "the number written on it", "was jointly written by": no one reporting
        if base == "report" and _BYLINE_NEXT.match(text, e):
            continue  # "Costa reported from Washington.", "reporting by Jane Roe": a byline, not a report
        if word[0] in "Pp" and base == "put" and not _IT_NEXT.match(text, e):
            continue  # only "as Roe put it" reports speech
        if text[e : e + 1] == "-" or (s > 1 and text[s - 1] == "-" and text[s - 2].isalpha()):
            continue  # "a talk-show host", "a call-in show": part of a hyphenated word
        if base == "call" and lword == "called" and text[e + 1 : e + 2].isupper() and _A_NOUN_BEFORE.search(text, max(0, s - 40), s):
            continue  # "a super PAC called Future 45", "a website called Harbour Watch": naming, not speech
        k = bisect_right(starts, s) - 1
        s0, s1 = max(starts[k], s - 600), min(ends[k], s + 900)
        if lword == base and base in _PERCEIVED and _PERCEIVING.search(text, max(s0, s - 120), s):
            continue  # "listening to Gov. Roe speak at a breakfast": someone heard, not a report
        if word[0].isupper() and _LEAD.match(text, s0, s).end() != s and not _title_case_line(text, s):
            continue  # a capitalised form mid-sentence is a name or title
        seg = text[max(0, s - 24) : s]
        if seg[-1:] in (" ", "\u00a0"):
            parts = seg.split()
            if parts:
                lp = parts[-1].lower()
                if lp == "as" and word.endswith("ing"):
                    quoted = _QUOTED_AS.search(text, max(s0, s - 40), s)
                    if quoted is not None:
                        # '"…," Roe is quoted as saying': the subject of "is quoted"
                        src = subject_before(text, max(s0, quoted.start() - 110), quoted.start(), s0)
                        if src is not None:
                            cues.append(Cue(s, e, word, base, src, False))
                        continue
                if lp == "to" and len(parts) >= 2 and (_THAT_NEXT.match(text, e) or _QUOTE_NEXT.match(text, e)) and parts[-2].isalpha() and parts[-2].islower() and parts[-2] not in _NOT_SAYING and (
                    parts[-2].endswith(("ed", "s")) or parts[-2] in _TO_SAY_VERBS
                ):
                    # "Roe continued to say that …", "led voters to say that …"
                    verb_at = text.rfind(parts[-2], max(0, s - 24), s)
                    src = subject_before(text, max(s0, verb_at - 110), verb_at, s0) if verb_at > 0 else None
                    if src is not None:
                        cues.append(Cue(s, e, word, base, src, False))
                    continue
                if (lp in _NOUN_BEFORE and not (lp in _PROGRESSIVE and lword.endswith("ing") and lword != base) and not (
                    lp in _GROUP_SUBJECTS and lword != base and not lword.endswith(("s", "ing"))
                )) or (lp.endswith(_POSSESSIVE_ENDS) and _POSSESSIVE_WORD.search(lp)) or (
                    len(lp) > 5 and lp.endswith(_ADJECTIVE_ENDS) and parts[-1].islower() and lp not in _NOT_ADJECTIVES
                    and base in _NOUN_LIKE
                ):
                    continue  # "the report", "was told", "Roe’s remarks": not a speaker's verb
                if base in _NOUN_LIKE and len(parts) >= 2 and parts[-2].lower() in DETERMINERS and parts[-1].isalpha() and (
                    (parts[-1].islower() and lp not in SOURCE_NOUNS and lp not in TITLES and lp.endswith(_ADJECTIVE_ENDS + ("ate", "ed", "ent", "ant", "ary", "ish", "ing")))
                    or (parts[-1][:1].isupper() and parts[-2].lower() in ("a", "an", "his", "her", "their", "its"))
                ):
                    continue  # "a passionate advocate", "an unprompted call", "a Twitter comment": a noun
                if parts[-1][:1].isupper() and lp.endswith(("ican", "atic", "ian", "ese")) and lp not in DETERMINERS and base in _NOUN_LIKE and lword != base and word.endswith("s"):
                    continue  # "Republican claims", "Democratic reports": a party or nation's adjective, then a plural noun
                if len(parts) >= 2 and (parts[-2].lower() in ("a", "an") or (parts[-2].lower() in ("the", "this", "that") and base in _NOUN_LIKE)) and lword == base and parts[-1].isalpha() and parts[-1].islower() and not lp.endswith("s") and lp not in _GROUP_WORDS and lp not in SOURCE_NOUNS:
                    continue  # "a phone call", "the golf venture": after an article and a singular noun, an uninflected form is a noun
                if lword != base and lword.endswith("s") and len(lp) > 4 and lp.endswith("ing") and parts[-1].isalpha() and parts[-1].islower() and len(parts) >= 2 and (
                    parts[-2].lower().replace("'", "’") in _PROGRESSIVE_BEFORE
                ):
                    continue  # "sparking fears among …", "raising doubts": a noun after a participle, not a verb
                if base in _NOUN_LIKE and lword == base and (lp == "percent" or lp.endswith("%")) and _PREPOSITION_NEXT.match(text, e):
                    continue  # "67 percent support among Democrats": a share of support, the noun
                if len(parts) >= 2 and (parts[-2].lower() in _POSSESSIVES or parts[-2].endswith(("’s", "'s", "s’", "s'"))) and base in _NOUN_LIKE and parts[-1].isalpha() and parts[-1].islower() and (
                    lword == base or lp.endswith(_ADJECTIVE_ENDS + ("ing", "ent", "ant", "ate"))
                ):
                    continue  # "his late support", "his scathing remarks": a noun after a possessive and its adjective
                if base in _NOUN_LIKE and lp in _PREPOSITIONS_BEFORE_NOUN:
                    continue  # "centers on comments Roe made", "a flurry of tweets": a preposition's noun
                if lword == base and base in _NOUN_LIKE and _noun_phrase_before(parts if not parts[-1][:1].isupper() else text[max(0, s - 60) : s].split()):
                    continue  # "a wake-up call", "his vague tough talk": a determiner, its modifiers, the noun
                if base in _NOUN_LIKE and lword != base and lword.endswith("s") and text[e : e + 1] == "." and not _HAS_MARK.search(text, s0, s):
                    continue  # "the probe into Clinton emails.": a plural noun ends the sentence, no quotation near
        if text.find("sked", s0, s) >= 0 and _ASKED_OPEN.match(text, _LEAD.match(text, s0, s).end()) and text.find(",", s0, s) < 0:
            continue  # "Asked whether he felt …, Roe said", "When asked whom she supported, …": a reporter's question
        bare = seg.rstrip(" \u00a0")
        ch = bare[-1:] if s - s0 > len(seg) - len(bare) else ""
        inverted = False
        if ch and ch in _QUOTE_MARKS and word.endswith("ing"):
            src = None  # '…,” telling reporters': a participle, its subject is the sentence's
        elif ch and ch in _QUOTE_MARKS:
            src = None
            if close_before(s, opening=True) < 0:
                # 'Roe, citing "the magic of it," said the plan …': the quotation sits inside an
                # appositive, the name opening the sentence is the subject
                src = appositive_head(text, s0, s)
            if src is None:
                src = subject_after(text, e, min(s1, e + 100))
                inverted = src is not None
        else:
            c0 = max(s0, close_before(s))  # the writer's clause: after any quotation before the verb
            src = subject_before(text, max(c0, s - 110), s, c0)
            if src is not None and ch == "," and text[e + 1 : e + 2].isupper() and not word.endswith("ing") and base in _SAY_NAME and text.find(",", src.end, s - 1) >= 0:
                # "…, forcing her to fend off Trump, said Brad Bannon, a pollster.": the name after
                # the verb ends the sentence, so it is the speaker, not a clause said by the phrase before
                alt = subject_after(text, e, min(s1, e + 100))
                if alt is not None and alt.kind == "person" and _INVERTED_END.match(text, alt.end):
                    src, inverted = alt, True
            if src is not None and not inverted and text.find("and", max(c0, src.start - 6), src.start) >= 0:
                if src.kind == "person":
                    src = coordinated(text, src, c0)  # "Dana Roe and Tom Lee said"
                elif src.kind == "desc":
                    src = coordinated_desc(text, src, c0)  # "teachers and union officials told"
            if src is not None and word.endswith("ing") and (src.kind == "desc" or ch == ","):
                # "keep saying", "the report concluding": not a speaker; "…, calling": the
                # participle's subject is the sentence's, found when speakers are resolved
                src = None
            if not inverted and src is None and ch == "," and not word.endswith("ing"):
                src = subject_after(text, e, min(s1, e + 100))
                if src is not None and _OBJECT_NEXT.match(text, src.end):
                    src = None  # "Roe slams Poe, praises Doe as …": an object, not an inverted subject
                inverted = src is not None
            elif src is None and word[0].isupper() and not word.endswith("ing") and word != "Asked":
                # 'Added Roe: "…"', 'Continued the minister:': an inverted verb opening the sentence
                src = subject_after(text, e, min(s1, e + 100))
                if src is not None and text[src.end : src.end + 1] not in (":", ","):
                    src = None
                inverted = src is not None
        if word == "called" and src is not None and src.kind == "desc" and _NAMED_AS_TITLE.match(text, e) and _A_BEFORE.search(text, max(0, src.start - 30), src.start) and src.text.rsplit(None, 1)[-1].lower() not in SOURCE_NOUNS:
            continue  # 'a psychology class called "Perception"': a thing and its name, no one speaking
        if word in ("read", "states", "State", "States") and not (
            src is not None and src.kind == "desc" and _DOCUMENT.search(src.text)
            and (inverted or _COLON_NEXT.match(text, e) or text[: src.start].rstrip(" \u00a0,")[-1:] in _QUOTE_MARKS)
        ):
            continue  # '"…," the statement read' / 'read the sign': a document's words; else reading
        if base == "talk" and word.lower() in ("talk", "talks") and not _TALK_NEXT.match(text, e):
            continue  # "Budget talks collapse": the noun; "Roe talks about …", "…, she talks." are speech
        if base in BY_A_QUOTATION and not (
            ch in _QUOTE_MARKS or close_before(s) >= 0 or _QUOTE_NEXT.match(text, e) or _THAT_NEXT.match(text, e)
        ):
            continue  # "the talks went on", "charged with fraud": no quotation beside the verb
        if word == "state" and not (src is not None and src.kind != "pronoun" and _CLOSED_QUOTE_BEFORE.search(text, max(0, src.start - 12), src.start)):
            continue  # '"…," the ministers state in the paper' is speech; "the state", "state law" are not
        cues.append(Cue(s, e, word, base, src, inverted))
    if len(cues) > 1:
        # "Cost estimates, he added, were …": a verb form with an attribution set off right
        # after it is the reported clause's noun, not a verb of its own
        cues = [c for c, nxt in zip(cues, cues[1:]) if not (text[c.end : c.end + 1] == "," and _ASIDE_ATTRIBUTION.fullmatch(text, c.end, nxt.start))] + cues[-1:]
    return cues


_SAY_NAME = CORE - TELL - OBJECT  # not "…, told the New Yorker", "…, remembers Mr. Bush": an object
#: after an inverted name: the sentence ends, or an apposition or relative clause follows
_INVERTED_END = re.compile(r"[ \u00a0]*(?:[.!?;]|,[ \u00a0]+[a-z])")
#: '…," the ': a quotation closed with its comma, then the subject of an attribution
_CLOSED_QUOTE_BEFORE = re.compile(r"[,?!][\"”’'][ \u00a0]+(?:[Tt]he[ \u00a0]+)?$")
_NAMED_AS_TITLE = re.compile(r"[ \u00a0]+[\"“‘']")
_A_BEFORE = re.compile(r"\b(?:[Aa]n?|[Oo]ne)[ \u00a0]+(?:[\w-]+[ \u00a0]+){0,2}$")


#: Words that end a noun phrase's modifiers: a verb follows them, not a noun
_NOT_MODIFIERS = ADVERBS | frozenset("to not would will can could should may might must shall who which that and or but".split())
_MODIFIER_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_NAME_MODIFIER = re.compile(r"[A-Z][\w&.-]*|\d[\d,.]*(?:-[a-z]+)?")


def _noun_phrase_before(parts: list[str]) -> bool:
    """Whether the words before an uninflected verb form are a determiner (or possessive)
    and up to three modifiers, so the form is a noun: "a wake-up call", "his vague tough
    talk" (not "the senators talk": a plural noun is the verb's subject)."""
    for k in (2, 3, 4, 5, 6):
        if len(parts) < k:
            return False
        if k > 4 and not all(_NAME_MODIFIER.fullmatch(m) for m in parts[-k + 1 :]):
            return False  # (longer runs only of names and numbers: "A 2014 House Intelligence Committee report")
        det = parts[-k].lower()
        mods = parts[-k + 1 :]
        if not all(
            (_MODIFIER_WORD.fullmatch(m) and (not m.endswith("s") or m == "news") and m not in _NOT_MODIFIERS)
            or (_NAME_MODIFIER.fullmatch(m) and not mods[-1].endswith("s"))
            for m in mods
        ):
            return False  # ("the AP report", "an 800-page report", "a new Pew Research report"; not "the Democrats report")
        if det in DETERMINERS or det in _POSSESSIVES or det.endswith(("’s", "'s")):
            return True
    return False


#: ", he ", ", Roe ", ", Jane Roe also ": an attribution set off by a comma, up to its verb
_ASIDE_ATTRIBUTION = re.compile(r",[ \u00a0]+(?:he|she|they|[A-Z][\w.’'-]+(?:[ \u00a0][A-Z][\w.’'-]+)?)[ \u00a0]+(?:\w+ly[ \u00a0]+|also[ \u00a0]+)?")


#: What follows the object of a verb, not an inverted subject ("praises Roe as", "thanks Roe for")
_OBJECT_NEXT = re.compile(r"[ \u00a0]+(?:as|for|over|with|of)\b")


def _title_case_line(text: str, pos: int) -> bool:
    """True when ``pos`` lies in a short headline line in title case ("Roe Says Talks Will Resume")."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    if b < 0:
        b = len(text)
    if b - a > 160 or not text[pos - 2 : pos - 1].isalpha():
        return False  # a name right before the verb ("… Roe Says")
    words = [w for w in text[a:b].split() if w[:1].isalpha()]
    if len(words) < 4:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps >= 0.8 * len(words)


_FRAME_START = re.compile(
    r"(?:In|At|On|During|After|Before|From|With|Speaking|Asked|Earlier|Later|Writing)\b"
    r"|(?:Last|This|Next)[ \u00a0]+(?:week|month|year|morning|afternoon|evening|night|weekend|spring|summer|fall|autumn|winter|time|past|[A-Z][a-z]+day)\b"
)  # (not "This is not about me")
def _is_frame(text: str, start: int, end: int) -> bool:
    """A short scene-setting phrase ("In a statement Thursday"), not something said."""
    if _ASKED_OPEN.match(text, start):
        return True  # a reporter's question ("Asked whether …", "When asked about …")
    return _FRAME_START.match(text, start) is not None and text.count(" ", start, end) < 6


#: "the racial remarks", "his repeated calls", "her personal email": the verb is a noun there
_ADJECTIVE_ENDS = ("al", "ive", "ous", "ic", "ful", "less", "ated", "ered")
_NOT_ADJECTIVES = frozenset(
    "official general criminal potential local national rival individual executive representative relative native"
    " conservative progressive operative detective critic cleric mechanic liberal radical moderate".split()
)
#: Verbs of saying that are as often nouns ("a call", "the claim", "his remarks")
#: "listening to Roe speak", "watched Roe talk": a bare infinitive after a verb of perceiving
_PERCEIVED = frozenset("speak talk".split())
_PERCEIVING = re.compile(r"\b(?:listen(?:ing|ed|s)?[ \u00a0]+to|watch(?:ing|ed|es)?|hear(?:ing|s)?|heard|saw|see(?:ing|s)?)\b[^;:!?\"“”\n]*$")
_A_NOUN_BEFORE = re.compile(r"\b(?:a|an|A|An)[ \u00a0]+(?:[\w-]+[ \u00a0]+){0,4}$")
_GROUP_WORDS = frozenset("few lot number couple majority handful minority group host series dozen".split())
_POSSESSIVES = frozenset("his her their its my our your".split())
_NOUN_LIKE = frozenset(
    "call claim report remark comment attack promise support advocate chant tweet post email reply answer demand joke"
    " quip pledge vow echo question counter signal hint rant shout yell scream label plea statement warn criticize talk venture"
    " praise boast".split()
)
#: "went on to say that", "began to say": the verbs before "to say" that keep their subject
_TO_SAY_VERBS = frozenset(
    "went began continue continues seem seems want wants try tries go goes used quick eager careful keen happy willing able ready sure".split()
)
_ASKED_OPEN = re.compile(r"(?:(?:When|After|Before|If|Once|Though|Although)[ \u00a0]+)?[Aa]sked\b")
_QUOTED_AS = re.compile(r"\b(?:is|was|were|are|been|being)[ \u00a0]+quoted[ \u00a0]+as[ \u00a0]+$")
_NOT_SAYING = frozenset("declined refused decline refuse declines refuses wouldn't not never unable afraid reluctant hesitant".split())
_THAT_NEXT = re.compile(r"\s+that\b")
_QUOTE_NEXT = re.compile(r"[,:][ \u00a0]*[\"“‘']")  # 'was prompted to say, "…"'
_ACCORDING_AFTER = re.compile(r"[\s,]*\b(?:according to|per)\s+")
_POSSESSIVE_ENDS = ("’s", "'s", "’", "'")
_POSSESSIVE_WORD = re.compile(r"[^\W\d_](?:['’]s|s['’])$")


def _resolve(cues: list[Cue], people: PeopleIndex, sents: Sentences, text: str, inside_quote) -> None:
    """Give every cue a canonical speaker and a confidence, in reading order.

    Names are registered first, so a pronoun can go to a person named as a speaker
    anywhere before it; a pronoun goes to the person last named before it outside
    quotations (the writer's own text), else to the last named speaker.
    """
    joint: dict[str, list[str]] = {}  # "Dana Roe and Tom Lee" -> the persons, named together as speakers
    for c in cues:
        if c.source is not None and c.source.kind == "person":
            c.speaker = people.confirm(c.source.words)
            if c.source.others and c.speaker:
                # "Dana Roe and Tom Lee said": both speak; each is a person of the article
                names = [people.confirm(w) or " ".join(w) for w in c.source.others] + [c.speaker]
                c.speaker = ", ".join(names[:-1]) + " and " + c.speaker
                joint[c.speaker] = names
    mentions = [m for m in people.mentions() if not inside_quote(m[0])]
    m_starts = [m[0] for m in mentions]
    if people.shared:
        # a surname two people share: the speaker is the one the mention names there
        named_at = {m[0]: m[2] for m in mentions}
        for c in cues:
            if c.speaker and c.source is not None and c.source.kind == "person" and len(c.source.words) == 1:
                c.speaker = named_at.get(c.source.start, c.speaker)
    # mentions that open their sentence ("Roe laughed.", "But Sen. Roe said"): the subjects
    # and the named sources of speech verbs ("Another delegate, Jane Roe of Ohio, explained")
    sources = {c.source.start for c in cues if c.source is not None and c.source.kind == "person" and not c.inverted}
    subjects = []
    prev_end = -1
    for m in mentions:
        if m[0] in sources:
            subjects.append(m)
        else:
            s0 = sents.around(m[0])[0]
            # the first person of the sentence ("Roe joined Poe at …": Roe, not Poe)
            if prev_end < s0 and _opens_sentence(text, s0, m[0]):
                subjects.append(m)
        prev_end = m[1]
    if subjects:
        # "Obama consultant Jane Roe, …, said": the first name is a modifier, the second the subject
        at = {m[0]: k for k, m in enumerate(mentions)}
        for j, m in enumerate(subjects):
            k = at[m[0]] + 1
            if k < len(mentions) and _ROLE_BETWEEN.fullmatch(text, m[1], mentions[k][0]):
                subjects[j] = mentions[k]
    s_starts = [m[0] for m in subjects]
    last_person: str | None = None
    last_pos = -1
    last_any: Cue | None = None
    genders: dict[str, str] | None = None
    titles: list[str | None] | None = None  # "Mr."/"Ms." before each mention, once needed
    ranker: pronouns.PronounContext | None = None
    spoken: dict[str, int] = {}  # name -> attributions resolved to them so far
    for c in cues:
        src = c.source
        weak = 0.0 if c.base in CORE else 0.1
        if src is None:
            joined = _joined(text, c.start)
            participle = c.word.endswith("ing") and (
                _comma_before(text, 0, c.start) or _PARTICIPLE_LEAD.search(text, max(0, c.start - 30), c.start) is not None
                or _COMMA_IN_QUOTE.search(text, max(0, c.start - 5), c.start) is not None
                or _OBJECT_BEFORE.search(text, max(0, c.start - 40), c.start) is not None
            )
            if not (joined or participle or c.word[0].isupper()):
                continue
            # "Roe said …, and indicated …", "…, saying …", "Adding that …": the subject
            # of the verb before in the sentence, else of the sentence, else of the one before
            s0, _ = sents.around(c.start)
            where = text.rfind(", where ", s0, c.start) if participle and not joined else -1
            if where > s0:
                # "Roe spoke at the hall, where Poe greeted the crowd, saying …": the
                # participle goes with the clause just before it
                src = subject_after(text, where + 8, c.start)
                if src is not None and src.kind in ("person", "desc", "org") and _VERB_NEXT.match(text, src.end) and not _COORDINATED.match(text, src.end):
                    c.speaker = people.confirm(src.words) if src.kind == "person" else src.text
                    c.confidence = 0.6 - weak
                    last_any = c
                    continue
            if last_any is not None and last_any.speaker and last_any.start >= s0:
                c.speaker, c.confidence = last_any.speaker, last_any.confidence - 0.05
                last_any = c
                continue
            lead = _clause_lead(text, _LEAD.match(text, s0, c.start).end(), c.start)  # "And then Roe went on the attack, saying"
            if lead < c.start and not c.word[0].isupper():
                src = None
                if joined:
                    # "Some booed, and when Rubio thanked Miami and said …": the subject of the
                    # clause the verb is joined in, after its comma or conjunction
                    inner = None
                    for inner in _INNER_CLAUSE.finditer(text, lead, c.start):
                        pass
                    if inner is not None:
                        alt = subject_after(text, inner.end(), c.start)
                        if alt is not None and alt.kind == "person" and _VERB_NEXT.match(text, alt.end) and not _COORDINATED.match(text, alt.end):
                            src = alt  # (not "Carson, Fiorina and Huckabee …": a list of names)
                if src is None:
                    src = subject_after(text, lead, c.start)
                if src is not None and len(src.words) == 1 and src.words[0].endswith("ing"):
                    src = None  # "Speaking at a rally, …": a participle, not a name
                elif src is not None and src.kind == "person" and len(src.words) == 1 and people.canonical(src.words) is None and not _VERB_AFTER_WORD.match(text, src.end):
                    src = None  # "Minutes later, she sent an email saying": a capitalised word, no one named
                if src is None or src.kind != "person":
                    # "Before the vote, Roe lobbied …, saying …": past a fronted adverbial
                    comma = text.find(", ", lead, min(c.start, lead + 60))
                    tries = 0
                    while comma > lead and tries < 3 and text.count(" ", lead, comma) < 12:
                        alt = subject_after(text, comma + 2, c.start)
                        if alt is not None and (alt.lead if alt.lead >= 0 else alt.start) == _AGE_BEFORE.match(text, comma + 2).end() and _VERB_NEXT.match(text, alt.end) and (
                            alt.kind == "person" or (alt.kind in ("desc", "org") and _POSSESSIVE_ORG.match(alt.text))
                            or (alt.kind == "pronoun" and alt.words[0] in ("he", "she"))
                        ):
                            src = alt
                            break
                        comma = text.find(", ", comma + 2, min(c.start, comma + 60))
                        tries += 1
                if src is not None and src.kind == "person":
                    c.speaker = people.confirm(src.words)
                elif src is not None and src.kind in ("desc", "org") and _POSSESSIVE_ORG.match(src.text) and _VERB_NEXT.match(text, src.end):
                    # "…, Roe’s campaign sent out a release saying": the campaign said it
                    c.speaker, c.confidence = src.text, 0.6 - weak
                elif src is not None and src.kind == "desc" and src.start == lead and src.text.rsplit(None, 1)[-1].lower() in _ROLE_HEADS and _VERB_NEXT.match(text, src.end):
                    # "The Vermont senator emailed supporters saying": the sentence's subject, a role
                    c.speaker, c.confidence = src.text, 0.55 - weak
            if src is None:
                if not joined and last_any is not None and last_any.speaker and c.start - last_any.end < 600:
                    c.speaker, c.confidence = last_any.speaker, 0.6 - weak
                    last_any = c
                continue
            c.source = src
        if src.kind == "person":
            c.confidence = 0.9 - weak
            s0, s1 = sents.around(c.start)
            if not (last_pos >= s0 and last_person != c.speaker) or _ends_sentence(text, c, s0, s1):
                # "Roe said that Poe shows charm": a second verb in the sentence of Roe's report
                # leaves Roe the last speaker, for the pronouns after it
                last_person, last_pos = c.speaker, c.start
        elif src.kind == "pronoun":
            p = src.words[0]
            if p in ("he", "she", "who"):
                before_person = last_person
                k = bisect_right(m_starts, src.start) - 1
                mention = mentions[k] if k >= 0 and src.start - m_starts[k] < 1500 else None
                k = bisect_right(s_starts, src.start) - 1
                subject = subjects[k] if k >= 0 and src.start - s_starts[k] < 2000 else None
                named = _NAME_BEFORE_WHO.search(text, max(0, src.start - 60), src.start) if p == "who" else None
                who_name = None
                if named is not None and (mention is None or mention[1] < named.start()):
                    # "a tweet from Rikkie Wells who tweeted": the name right before "who",
                    # though the article names them only there
                    words = named.group(1).split()
                    if not any(w.lower() in NOT_NAMES or w.lower() in ORG_HEADS or w.lower() in PLACES for w in words):
                        who_name = people.confirm(words)
                if who_name is not None:
                    c.speaker, c.confidence = who_name, 0.7 - weak
                elif p == "who" and mention is not None:
                    c.speaker, c.confidence = mention[2], 0.75 - weak
                elif subject is not None and (last_person is None or (subject[0] > last_pos and c.start - last_pos > 250)):
                    c.speaker, c.confidence = subject[2], 0.7 - weak
                elif last_person is not None and c.start - last_pos < 3000:
                    c.speaker, c.confidence = last_person, 0.65 - weak
                elif mention is not None:
                    c.speaker, c.confidence = mention[2], 0.5 - weak
                want = "m" if p == "he" else "f"
                if joint:
                    # "Mary Roe and Tom Lee said …" then "he said": the one of them the pronoun fits
                    c.speaker, before_person = _one_of(joint, c.speaker, want), _one_of(joint, before_person, want)
                if p != "who" and c.speaker and mentions:
                    if genders is None:
                        titles = _titles_before(text, mentions) if titles is None else titles
                        genders = _title_genders(text, mentions, titles)
                    if genders and genders.get(c.speaker, want) != want:
                        # "she said" is not the man the text calls "Mr. Roe": the nearest
                        # person it calls "Ms."/"Mrs." (or "Mr." for "he")
                        k = bisect_right(m_starts, src.start) - 1
                        while k >= 0 and src.start - m_starts[k] < 3000:
                            if genders.get(mentions[k][2]) == want:
                                c.speaker, c.confidence = mentions[k][2], 0.55 - weak
                                break
                            k -= 1
                if p != "who" and mentions and (pronouns.WEIGHTS is not None or COLLECT is not None):
                    # the learned ranker weighs everyone named before the pronoun, the rules' pick among them
                    if ranker is None:
                        titles = _titles_before(text, mentions) if titles is None else titles
                        evidence = _genders(text, mentions, inside_quote, frozenset(s_starts), titles, sents)
                        ranker = pronouns.PronounContext(text, mentions, s_starts, sents.starts, evidence)
                        ranker.spoken = spoken
                    cands = ranker.candidates(src.start, want, before_person, c.speaker)
                    if COLLECT is not None:
                        COLLECT.append((src.start, src.end, cands))
                    if cands and pronouns.WEIGHTS is not None:
                        if genders is None:
                            genders = _title_genders(text, mentions, titles)
                        # the text's own "Mr."/"Ms." rules a person out outright
                        fitting = [x for x in cands if genders.get(x[0], want) == want] or cands
                        name, prob = pronouns.best(fitting, pronouns.WEIGHTS)
                        if name != c.speaker:
                            c.speaker = name
                            c.confidence = round(0.3 + 0.4 * prob, 3) - weak
                if c.speaker:
                    last_person, last_pos = c.speaker, c.start
            elif p == "i":
                # '"…," I said': the writer, as the text names them
                c.speaker, c.confidence = src.text, 0.5
            elif p in ("they", "we", "it"):
                if last_any is not None and last_any.source is not None and last_any.source.kind in ("org", "desc") and c.start - last_any.end < 1500:
                    c.speaker, c.confidence = last_any.speaker, 0.5 - weak
                else:
                    # no organisation to refer to: the source as written, with low confidence
                    c.speaker, c.confidence = src.text, 0.3
        else:
            c.speaker = src.text
            c.confidence = (0.85 if src.kind == "org" else 0.7) - weak
            if src.words:
                people.confirm(src.words)  # "a spokesman for Jane Roe": she is named, though not speaking
        if c.speaker:
            last_any = c
            if src is not None and src.kind in ("person", "pronoun"):
                spoken[c.speaker] = spoken.get(c.speaker, 0) + 1
    for c, nxt in zip(cues, cues[1:]):
        if c.source is None and c.word[0].isupper() and c.word.endswith("ing") and nxt.source is not None and nxt.start < sents.around(c.start)[1]:
            # "Conceding that …, he warned": a participle opening the sentence shares the
            # subject of the verb after it
            c.speaker, c.confidence = nxt.speaker, max(0.0, nxt.confidence - 0.05)


def _inside_reported_clause(cues: list[Cue], text: str, sents: Sentences) -> None:
    """'Roe declared that any deal under her watch would demand …': a verb inside the clause
    another speaker reports, its subject a thing (no person, no source noun), reports no
    speech of its own; what is quoted there is the outer speaker's."""
    for k in range(1, len(cues)):
        c = cues[k]
        src = c.source
        if src is None or src.kind != "desc" or not c.speaker or c.inverted:
            continue
        words = src.text.lower().split()
        # the head is the last word, or one before what follows a head ("one of the aides for Jane Roe")
        heads = {words[-1]} | {words[n - 1] for n in range(1, len(words)) if words[n] in _AFTER_HEAD}
        if any(_source_head(head.strip(".,’'")) for head in heads):
            continue
        s0 = sents.around(c.start)[0]
        outer = cues[k - 1]
        if outer.start >= s0 and outer.speaker and outer.source is not None and outer.source.kind in ("person", "pronoun") and _THAT_IN.search(text, outer.end, src.start):
            c.speaker, c.confidence = None, 0.0


_THAT_IN = re.compile(r"\bthat\b")
_TALK_NEXT = re.compile(r"[ \u00a0]+(?:about|to|with|of|on|up|over|at|in|tough|openly|frankly|candidly)\b|[ \u00a0]*[,.:;!?]")
#: words that follow the head of a description ("aides for …", "a source close to …")
_AFTER_HEAD = frozenset("for of to close familiar with briefed".split())


def _source_head(head: str) -> bool:
    return head in SOURCE_NOUNS or head in TITLES or agent_noun(head) or (head.endswith("s") and head[:-1] in SOURCE_NOUNS)


_RELATIVE_OPEN = re.compile(r"(?:that|which|whom)\b")
#: "62-year-old " before a name opening a clause
_AGE_BEFORE = re.compile(r"(?:\d[\w-]*[ \u00a0]+)?")


#: "Roe’s campaign", "the Roe campaign": a person's organisation as a subject
_POSSESSIVE_ORG = re.compile(r"(?:[Tt]he[ \u00a0]+)?[A-Z][\w.-]*(?:[ \u00a0][A-Z][\w.-]*)?(?:’s|'s)?[ \u00a0]+(?:campaign|office|team|spokesman|spokeswoman|spokesperson|lawyers?|attorneys?|aides?|allies|staff|camp)$")
#: "…, who said", "…, who also told": a relative clause's verb
_WHO_BEFORE = re.compile(r"\b(?:who|which)[ \u00a0]+(?:(?:\w+ly|also|later|then|had|has|have|once)[ \u00a0]+)?$")
#: "… Jane Roe, who", "… Jane Roe who": a two- or three-word name right before a relative "who"
_NAME_BEFORE_WHO = re.compile(r"\b([A-Z][a-z][\w’'-]*(?:[ \u00a0][A-Z][a-z][\w’'-]*){1,2}),?[ \u00a0]+$")

#: lower-case role words between two names ("Obama consultant Jane Roe", "Roe campaign manager Jane Poe")
_ROLE_BETWEEN = re.compile(r"(?:’s|'s)?[ \u00a0]+(?:[a-z]+[ \u00a0]+){0,2}(?:consultant|adviser|advisor|aide|spokesman|spokeswoman|spokesperson|pollster|strategist|manager|lawyer|attorney|chief|director|chairman|chairwoman|secretary|surrogate|ally|supporter|backer|staffer)[ \u00a0]+(?:[A-Z][\w.’'-]*[ \u00a0]+){0,2}")


#: When a list, every "he"/"she" cue appends (start, end, candidates): the training data
#: of :mod:`annotations.engine.train_pronouns`.  None in normal use.
COLLECT: list | None = None


#: "…, after initially saying", "while saying", "– saying": a participle sharing the sentence's subject
_PARTICIPLE_LEAD = re.compile(r"(?:\b(?:while|after|before|by|when|since|without|upon)|[\u2014\u2013]|\s-)\s+(?:(?:\w+ly|first|also|later|then|even)\s+)?$")
#: "issued a statement Tuesday saying", "posted a video saying": the participle after the
#: sentence's object shares its subject
_OBJECT_BEFORE = re.compile(
    r"\b(?:statement|release|letter|video|tweet|post|message|note|email|memo|ad|advertisement|op-ed|column|interview|speech|remarks|supporters|followers|donors)"
    r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|earlier|later|late|this\s+\w+|last\s+\w+)(?:\s+(?:night|morning|afternoon|evening))?)?\s+$"
)
_ASIDE_PARTICIPLE = re.compile(r",\s*(?:while|after|before|by|when|since|without)\s+(?:(?:\w+ly|first|also|later|then|even)\s+)?$")


def _titles_before(text: str, mentions) -> list[str | None]:
    """For each mention, "m" after "Mr.", "f" after "Ms."/"Mrs.", else None (worked out once
    for both :func:`_title_genders` and :func:`_genders`)."""
    out: list[str | None] = []
    for s, _, _ in mentions:
        t = TITLE_BEFORE.search(text, max(0, s - 5), s)
        out.append(None if t is None else "m" if t.group(1) else "f")
    return out


def _title_genders(text: str, mentions, titles: list[str | None] | None = None) -> dict[str, str]:
    """"m" or "f" for people the text itself titles "Mr." or "Ms."/"Mrs." (never guessed from names)."""
    out: dict[str, str] = {}
    for (_, _, name), g in zip(mentions, _titles_before(text, mentions) if titles is None else titles):
        if g is not None:
            if out.setdefault(name, g) != g:
                out[name] = "?"  # two people merged under one name: no evidence
    return {k: v for k, v in out.items() if v != "?"}


_MALE_ROLES = frozenset(
    "congressman spokesman chairman businessman councilman actor husband father son brother grandfather uncle nephew boyfriend king prince"
    " man dad widower".split()
)
_FEMALE_ROLES = frozenset(
    "congresswoman spokeswoman chairwoman businesswoman councilwoman actress wife mother daughter sister grandmother aunt niece girlfriend"
    " widow queen princess lady woman mom".split()
)
_ROLES = _MALE_ROLES | _FEMALE_ROLES


def _role_gender(text: str, s: int) -> int:
    """0 for a male role, 1 for a female one right before the name at ``s`` ("spokeswoman
    Jane Roe", "her husband, John Roe", "the wife of Sen. Roe" not), else -1."""
    words = text[max(0, s - 50) : s].rsplit(None, 4)  # (no more than the last four words are read)
    i = len(words) - 1
    while i >= 0 and len(words) - 1 - i < 3 and words[i][:1].isupper() and words[i].lower().rstrip(",") not in _ROLES:
        if words[i].lower().rstrip(",") not in TITLES:
            return -1  # "Widow Jane Roe Defends Poe": another name between, not a title
        i -= 1  # titles between the role and the name ("spokeswoman Sen. Jane Roe")
    if i < 0:
        return -1
    w = words[i].lower().rstrip(",")
    return 0 if w in _MALE_ROLES else 1 if w in _FEMALE_ROLES else -1
_SAID_PRONOUN = re.compile(r"[ \u00a0]+(?:[a-z]+[ \u00a0]+){1,2}(?:that[ \u00a0]+)?(he|she)\b")


_NEXT_PRONOUN = re.compile(r"[\s\"“‘']*(?:(?:But|And|Then|Now|Still|Yet|So|Later),?[ \u00a0]+)?(?:(He|His|(?<=[ \u00a0])he|(?<=[ \u00a0])his)|(She|Her|(?<=[ \u00a0])she|(?<=[ \u00a0])her))[ \u00a0]")


def _genders(text: str, mentions, inside_quote, subject_starts, titles: list[str | None] | None = None, sents: Sentences | None = None) -> dict[str, str]:
    """"m" or "f" for the people the text itself marks as men or women, never guessed from names.

    Evidence, by weight: a title ("Mr.", "Ms.", "Mrs."), a gendered role right before the
    name ("spokeswoman Jane Roe", "her husband, John Roe"), and the subject pronoun of
    what a sentence's subject said ("Roe said she …", "Roe told reporters that he …") or
    of the sentence after it when no one else is named between ("Roe arrived. She …").
    Conflicting evidence gives nothing.  The pronoun ranker weighs it; the rules use
    titles only.
    """
    votes: dict[str, list[int]] = {}
    n = len(mentions)
    for j, ((s, e, name), title) in enumerate(zip(mentions, _titles_before(text, mentions) if titles is None else titles)):
        v = votes.setdefault(name, [0, 0])
        if title is not None:
            v[0 if title == "m" else 1] += 3
            continue
        role = _role_gender(text, s)
        if role >= 0:
            v[role] += 2
        if s in subject_starts:
            said = _SAID_PRONOUN.match(text, e)
            if said is not None and not inside_quote(said.start(1)):
                v[0 if said.group(1).lower() == "he" else 1] += 1
            elif sents is not None:
                end = sents.around(s)[1]
                nxt = _NEXT_PRONOUN.match(text, end)
                if nxt is not None and (j + 1 >= n or mentions[j + 1][0] > nxt.end()) and not inside_quote(nxt.end() - 1):
                    v[0 if nxt.group(1) else 1] += 1
    out: dict[str, str] = {}
    for name, (m, f) in votes.items():
        if m >= f + 1 and m >= 2 * f:
            out[name] = "m"
        elif f >= m + 1 and f >= 2 * m:
            out[name] = "f"
    return out


_JOINED = re.compile(words_after_boundary("and", "but", "or", "then") + r"\s+(?:\w+ly\s+|also\s+|later\s+|now\s+|still\s+|again\s+|instead\s+)?$")


def _joined(text: str, pos: int) -> bool:
    """True when the verb at ``pos`` shares the subject of the clause before ("… and added")."""
    return _JOINED.search(text, max(0, pos - 24), pos) is not None


_SENTENCE_OPENERS = re.compile(r"(?:(?:And|But|So|Then|Yet|Still|Now|Meanwhile|However|Later|Earlier),?\s+)?(?:[A-Z][a-z]*\.?\s+|[a-z]+\s+){0,4}")


_FRONTED = re.compile(
    r"(?:In|On|At|After|Before|During|Speaking|Earlier|Later|Last|When|While|Since|With|Despite|Following|Writing|Asked|As|Although|Though|Because|Once|Amid|Like|Unlike|Throughout)\b"
    r"[^,.;:\"“”]{0,90},\s+(?:[A-Z][a-z]*\.?\s+){0,3}"
)


def _opens_sentence(text: str, s0: int, pos: int) -> bool:
    """True when the name at ``pos`` is its sentence's subject (only a title or "But" before it)."""
    lead = _past_dateline(text, _LEAD.match(text, s0, pos).end(), pos)
    if lead == pos:
        return True
    if pos - lead > 120:
        return False
    m = None if pos - lead > 40 else _SENTENCE_OPENERS.match(text, lead, pos)
    if m is not None and m.end() == pos and not any(w in ("said", "told", "says") for w in text[lead:pos].split()):
        return True
    # "In an interview on Sunday, Roe laughed …": the subject after a fronted adverbial
    m = _FRONTED.match(text, lead, pos)
    return m is not None and m.end() == pos


# ---------------------------------------------------------------------- quotes


def _attribute_regions(text, regions: list[Region], cues: list[Cue], cue_starts, sents: Sentences, quotes, people: PeopleIndex) -> None:
    prev: tuple[Region, str | None, str | None, float, bool] | None = None  # region, speaker, cue, conf, direct
    first = len(quotes)
    for r in regions:
        s0, s1 = sents.around(r.open)
        speaker = None
        cue: Cue | None = None
        conf = 0.0
        how = ""
        discount = 0.0
        # 1. attribution right after the closing mark
        k = bisect_left(cue_starts, r.close)
        if k < len(cues) and cues[k].start - r.close < 120:
            c = cues[k]
            anchor = c.start if c.inverted else _phrase_start(c)
            gap = _GAP_AFTER.match(text, r.close, anchor)
            if anchor >= r.close and gap is not None and gap.end() < anchor and _CAP_MODIFIERS.fullmatch(text, gap.end(), anchor) and not any(
                w.lower() in NOT_NAMES and not w.isupper() for w in text[gap.end() : anchor].split()
            ):
                gap = _CAP_MODIFIERS.fullmatch(text, gap.end(), anchor)  # '"…!" US Senator Jane Roe said'
            if anchor >= r.close and gap is not None and gap.end() == anchor and "\n" not in text[r.close:anchor] and not _reported_by_cue_before(text, r.open, cues, cue_starts, s0):
                if (c.source is not None or c.speaker) and not _new_sentence_after(text, r, c, anchor) and not (
                    not c.inverted and r.closed and text[r.end - 1 : r.end] in (".", "?", "!") and text[anchor : anchor + 1].isupper()
                    and _COLON_BEFORE.search(text, max(0, r.open - 3), r.open) is not None
                ):
                    # ('Roe responded: "Why now?" Her critics cited it …': after a colon, the
                    # quotation is the introduction's and the capital after its stop a new sentence)
                    cue, how = c, "post"
        if cue is None and r.closed:
            dash = _DASH_LINE.match(text, r.close, min(len(text), r.close + 12))
            if dash is not None and not text[text.rfind("\n", 0, r.open) + 1 : r.open].strip(" \t" + _OPENERS):
                # '"…"\n\n- Jane Roe, Springfield.': a quotation box signed on the line below
                nl = text.find("\n", dash.end())
                src = subject_after(text, dash.end(), min(nl if nl >= 0 else len(text), dash.end() + 100))
                if src is not None and src.kind in ("person", "org", "desc"):
                    sign = _spoken_by(dash.start(), dash.end(), "-", "dash", src, True, people, 0.75)
                    cue, how = sign, "post"
        if cue is None:
            acc = _ACCORDING_AFTER.match(text, r.close, min(s1, r.close + 40))
            if acc is not None:
                # '"…," according to the ministry.'
                src = subject_after(text, acc.end(), min(s1, acc.end() + 100))
                if src is not None and src.kind in ("person", "org", "desc"):
                    acc_cue = _spoken_by(acc.start(), acc.end(), "according to", "according", src, True, people, 0.75)
                    cue, how = acc_cue, "post"
        # 2. an introduction ending in a colon or comma before the opening mark
        before = r.open - 1
        while before >= s0 and text[before] in " \u00a0\t":
            before -= 1
        intro = text[before] if before >= s0 else ""
        if cue is None and intro in ":,":
            k = bisect_left(cue_starts, r.open) - 1
            if k >= 0 and cues[k].start >= s0 and cues[k].end <= r.open:
                cue, how = cues[k], "pre"
                if intro == ":" and _SUBORDINATE.match(text, _LEAD.match(text, s0, cue.start).end()) and ", " in text[cue.end : before]:
                    # 'When Poe said …, Roe fired back: "…"': the verb is the fronted clause's
                    found = _statement_intro(text, before, sents, people, cues, cue_starts, any_verb=True)
                    if found is not None:
                        cue = found
        if cue is None and not intro:
            # 'Roe said:' ending the paragraph before, the quotation opening the next one
            b = r.open - 1
            while b >= 0 and text[b] in " \u00a0\t\n":
                b -= 1
            if b >= 0 and text[b] == ":" and "\n" in text[b : r.open]:
                k = bisect_left(cue_starts, b) - 1
                if k >= 0 and b - cues[k].end < 200 and "\n" not in text[cues[k].end : b] and cues[k].speaker and not _HAS_QUOTE_MARK.search(text, cues[k].end, b):
                    cue, how = cues[k], "pre"
                    intro = ":"
                else:
                    found = _statement_intro(text, b, sents, people, cues, cue_starts)
                    if found is not None:
                        cue, how, intro = found, "pre", ":"
        if cue is None and intro in ":," and "ccording to" in text[s0 : r.open]:
            # 'According to the campaign, "…"'
            acc = ACCORDING_RE.search(text, s0, r.open)
            if acc is not None and _LEAD.match(text, s0, acc.start()).end() == acc.start():
                src = subject_after(text, acc.end(), before)
                if src is None:
                    src = _according_phrase(text, acc.end(), before)
                rest = text[src.end : before].strip(" ,:") if src is not None else ""
                if src is not None and src.kind == "person" and _OF_PLACE.fullmatch(rest):
                    rest = ""  # 'According to Jane Roe of the Harbour Trust, "…"'
                if src is not None and src.kind in ("person", "org", "desc") and not rest:
                    acc_cue = _spoken_by(acc.start(), acc.end(), "according to", "according", src, False, people, 0.7)
                    cue, how = acc_cue, "pre"
        if cue is None:
            found = _headline_source(text, r, people)
            if found is not None:
                cue, how = found, "head"
        if cue is None and intro == ":":
            # 'Jane Roe: "…"' (a headline or transcript line) / 'More from the agency: "…"'
            src = subject_before(text, max(s0, before - 110), before)
            if src is not None and src.kind == "desc" and _FROM_BEFORE.search(text, max(s0, src.start - 12), src.start) is None:
                src = None  # 'More from the report: "…"' only; 'The plan: "…"' is no source
            if src is not None and (_OBJECT_PREPOSITION.search(text, max(s0, src.start - 12), src.start) or _OBJECT_PREPOSITION_ROLE.search(text, max(s0, src.start - 40), src.start)):
                # 'Jane Roe, R-Ky., delivered a blunt message to Poe: "…"': Poe is the object;
                # the sentence's subject speaks
                lead = _LEAD.match(text, s0, before).end()
                src = appositive_head(text, lead, before) or subject_after(text, lead, min(before, lead + 100))
                if src is not None and (src.start != lead and src.lead != lead or src.kind not in ("person", "org")):
                    src = None
            if src is not None and src.kind in ("person", "org", "desc"):
                colon = _spoken_by(before, before + 1, ":", "colon", src, False, people, 0.6)
                cue, how = colon, "pre"
            else:
                # 'Roe fired back forcefully: "…"': no verb of saying, the clause's subject speaks
                found = _statement_intro(text, before, sents, people, cues, cue_starts, any_verb=True)
                if found is not None:
                    cue, how = found, "pre"
        # 2b. 'Roe agreed. "…"': a sentence of only a source and its verb just before
        if cue is None and not intro:
            found = _short_attribution(text, r, s0, cues, cue_starts)
            if found is not None:
                cue, how = found, "pre"
        # 3. a verb in the same sentence of the writer's
        if cue is None:
            # the nearest verb of saying before it; a verb of belief only when there is none
            k = bisect_left(cue_starts, r.open) - 1
            fallback = None
            while k >= 0 and cues[k].start >= s0:
                if cues[k].speaker:
                    if cues[k].base not in BELIEF:
                        cue, how = cues[k], "in"
                        break
                    fallback = fallback or cues[k]
                k -= 1
            if cue is None and fallback is not None:
                cue, how = fallback, "in"
            if cue is None:
                k = bisect_left(cue_starts, r.close)
                while k < len(cues) and cues[k].start < s1:
                    if cues[k].speaker and cues[k].base not in BELIEF:
                        # (not "… after leaked emails showed …": what a document shows is no attribution)
                        cue, how = cues[k], "in"
                        break
                    k += 1
        if cue is None and not intro and (prev is None or "\n" in text[prev[0].close : r.open]):
            # 2c. 'Roe touted her record. "…"': the sentence before, when this one has no verb
            found = _sentence_before(text, r, s0, cues, cue_starts, sents)
            if found is not None:
                # (across a paragraph break the verb keeps its own reported clause: not "used")
                cue, how, discount = found, ("para" if "\n" in text[found.end : r.open] else "pre"), 0.25
        at_start = _LEAD.match(text, s0, r.open).end() == r.open
        direct = at_start or intro == ":" or (how == "pre") or (intro in _CLOSERS) or not r.closed
        if prev is not None and prev[0].close >= r.open - 3 and not prev[0].closed:
            direct = True
        if cue is not None:
            speaker, conf = cue.speaker, cue.confidence - discount
            if how in ("post", "pre") and direct:
                cue.used = True
            elif how == "post" and (at_start or len(text[s0 : r.open].split()) <= 2):
                cue.used = True  # 'Yet, "…," Roe added': the quotation is what was said
            if how == "in":
                conf *= 0.9
        elif prev is not None and prev[1] and (direct or at_start):
            # 4. continuation of the previous quote
            gap = text[prev[0].close : r.open]
            breaks = gap.count("\n")
            if not prev[0].closed or breaks == 0 or (breaks <= 2 and gap.strip(" \n\t" + _CLOSERS).count("\n") == 0 and len(gap) < 300) or _stage_directions(gap, prev[1]):
                speaker, conf = prev[1], max(0.3, prev[3] - 0.1)
                cue = None
                cue_word = prev[2]
                quotes.append(_quote(text, r.start, r.end, "direct" if direct else "partial", speaker, cue_word, conf, None))
                prev = (r, speaker, cue_word, conf, direct)
                continue
        elif prev is not None and prev[1] and "\n" not in text[prev[0].close : r.open] and not _is_term(text, r) and (direct or len(text[r.start : r.end].split()) > 2):
            # a quoted fragment later in the same paragraph, with no verb of its own (a
            # phrase of one or two words there is as often the writer's scare quote: it
            # needs a speaker of its own below)
            speaker, conf = prev[1], max(0.3, prev[3] - 0.3)
            quotes.append(_quote(text, r.start, r.end, "direct" if direct else "partial", speaker, prev[2], conf, None))
            prev = (r, speaker, prev[2], conf, direct)
            continue
        if cue is None and at_start and r.closed:
            # 'Roe said that the plan was dead.\n\n"We tried everything."': a quote paragraph
            # with no attribution of its own, right after a paragraph that reports someone's
            # speech, continues that speaker (lower confidence: no verb says so)
            k = bisect_left(cue_starts, r.open) - 1
            if k >= 0 and cues[k].speaker and cues[k].base not in BELIEF and (prev is None or prev[0].close < cues[k].start):
                gap = text[cues[k].end : r.open]
                head = text[s0 : r.open]
                if 0 < len(gap) < 400 and not head.strip(" \t" + _OPENERS) and gap.rstrip(" \t\"“‘'").endswith("\n") and gap.strip().count("\n") == 0 and not _HAS_QUOTE_MARK.search(gap) and not _NEXT_SENTENCE.search(gap):
                    speaker, conf = cues[k].speaker, max(0.3, cues[k].confidence - 0.3)
                    quotes.append(_quote(text, r.start, r.end, "direct", speaker, cues[k].word, conf, None))
                    prev = (r, speaker, cues[k].word, conf, True)
                    continue
        if not direct and _is_term(text, r) and (cue is None or how != "in" or cue.base not in CALL or _NAMED_AS.search(text, max(0, r.open - 16), r.open)):
            continue  # a scare-quoted term: the quotation before it still leads what follows
        if _is_title(text, r) and how != "head" and (not direct or _WORK_BEFORE.search(text, max(0, r.open - 40), r.open) or _BY_AUTHOR.match(text, r.close)) and not (
            how == "in" and cue is not None and cue.base not in CALL and text[r.end - 1 : r.end] in ("!", "?") and not text[cue.end : r.open].strip(" \u00a0")
        ):
            continue  # 'the show "Winter Harbour"', 'in her memoir, "Tough Choices."', '"Salt Roads," by Jane Roe': a title, not speech
        if not direct and speaker is None and len(text[r.start : r.end].split(None, 2)) <= 1:
            continue  # a scare-quoted term with no one saying it
        if text[r.open - 1 : r.open] == "=":
            continue  # an attribute value in markup ('id="123"')
        if speaker is None and cue is None:
            speaker, conf = _possessive_speech(text, r, s0, cues, cue_starts, people)
            if speaker is None:
                speaker, conf = _fallback_speaker(text, r, s0, cues, cue_starts, people)
        if speaker is None and len(text[r.start : r.end].split(None, 4)) <= 3 and (
            not direct or (cue is None and text[r.end - 1 : r.end] not in (".", "?", "!") and not _verb_right_after(text, r, cue_starts))
        ):
            # 'the "fiscal cliff"', 'a "binary choice"': a scare-quoted phrase no one is said
            # to say; '"Friends" has been a hit', '"Related:"': a title or a label (but
            # '"Nobody expected this."' is a sentence someone said)
            continue
        kind = "direct" if direct else "partial"
        q = _quote(text, r.start, r.end, kind, speaker, cue.word if cue else None, conf, cue)
        quotes.append(q)
        prev = (r, speaker, cue.word if cue else None, conf, direct)
    # a quote running over paragraphs is attributed once, usually in its last paragraph:
    # earlier open-ended pieces take that speaker
    for i in range(len(quotes) - 2, first - 1, -1):
        q, nxt = quotes[i], quotes[i + 1]
        if q.speaker is None and nxt.speaker and q.kind == "direct" and q.end == _para_end(text, q.end) and _next_para_opens(text, q.end, nxt.start):
            quotes[i] = replace(q, speaker=nxt.speaker, cue=nxt.cue, confidence=nxt.confidence * 0.9)
        elif (
            q.speaker is None and nxt.speaker and q.kind == "direct" and nxt.kind == "direct" and nxt.speaker_span is not None
            and _whole_paragraph(text, q) and _next_para_opens(text, _para_end_after_marks(text, q.end), nxt.start)
            and not q.text.rstrip().endswith("?")
        ):
            # '"Not only can Roe win …"\n\n"He may be the only one," Poe notes.': a quote
            # paragraph of its own, then one its speaker signs (lower confidence)
            quotes[i] = replace(q, speaker=nxt.speaker, cue=nxt.cue, confidence=nxt.confidence * 0.6)


def _stage_directions(gap: str, speaker: str) -> bool:
    """Whether the paragraphs between two quotations are only short asides about the
    speaker ("She pauses.", "Roe laughs."), so the second quotation is still hers."""
    if len(gap) > 400:
        return False
    paras = [p.strip(" \t" + _CLOSERS) for p in gap.split("\n")[1:]]  # (the first piece ends the quotation's paragraph)
    paras = [p for p in paras if p]
    if not paras or len(paras) > 2:
        return False
    last = speaker.rsplit(None, 1)[-1]
    for p in paras:
        if len(p) > 40 or _HAS_QUOTE_MARK.search(p) or p.count(". ") or not p.endswith((".", "!")):
            return False
        first = p.split(None, 1)[0].rstrip(".,!")
        if first not in ("He", "She", "They", last) or " " not in p:
            return False  # (not "Getty.", a photo credit, nor a paragraph about someone else)
    return True


def _verb_right_after(text: str, r: Region, cue_starts) -> bool:
    """True when a verb of saying follows the closing mark ('"Hi," said @Bob'), whoever the source."""
    k = bisect_left(cue_starts, r.close)
    return k < len(cue_starts) and cue_starts[k] - r.close <= 3


def _short_attribution(text: str, r: Region, s0: int, cues, cue_starts) -> Cue | None:
    """The cue of a sentence like "Roe agreed." or "Added Roe:" right before a quotation opening its own.

    The sentence must hold nothing but the source, the verb and adverbials, and lie in
    the same paragraph as the quotation.
    """
    if _LEAD.match(text, s0, r.open).end() != r.open:
        return None
    k = bisect_left(cue_starts, s0) - 1
    if k < 0:
        return None
    c = cues[k]
    if not c.speaker or c.source is None or c.base in BELIEF or c.used:
        return None
    gap = text[c.end : s0]
    if "\n" in gap or not gap.rstrip().endswith((".", ":")) or "\n" in text[s0 : r.open]:
        return None
    stop = c.end + len(gap.rstrip()) - 1
    if not _only_adverbials(text, c.end, stop, c.base in TELL) or _HAS_MARK.search(text, c.end, stop):
        return None
    lead = _phrase_start(c)
    begin = text.rfind("\n", 0, lead) + 1
    sent = max(begin, text.rfind(". ", 0, lead) + 2 if text.rfind(". ", 0, lead) >= 0 else 0)
    head = text[sent : min(lead, c.start)].strip(" \t\"“”")
    if head and len(head.split()) > 3:
        return None  # the verb ends a longer sentence of the writer's
    return c


def _spoken_by(start: int, end: int, word: str, base: str, src: Source, inverted: bool, people: PeopleIndex, confidence: float) -> Cue:
    """A cue the rules make themselves (a colon, a dash, "according to") for ``src``, its
    speaker the canonical name of a person, else the phrase as written."""
    c = Cue(start, end, word, base, src, inverted)
    c.speaker = people.confirm(src.words) if src.kind == "person" else src.text
    c.confidence = confidence
    return c


def _statement_intro(text: str, colon: int, sents: Sentences, people: PeopleIndex, cues, cue_starts, any_verb: bool = False) -> Cue | None:
    """'Roe issued the following statement:' ending a paragraph: its subject says what follows.

    The sentence has no verb of saying, but names a statement, letter, post or the
    like before the colon; its subject (a person, an organisation or a description) is
    the source.  With ``any_verb`` (the quotation follows the colon on the same line:
    'Roe fired back: "…"', 'Roe, exasperated, shot back: "…"'), any short clause whose
    subject opens the sentence, followed by its verb, introduces what the subject said.
    """
    s0 = sents.around(colon)[0]
    if colon - s0 > 300 or _HAS_QUOTE_MARK.search(text, s0, colon):
        return None
    lead = _past_dateline(text, _LEAD.match(text, s0, colon).end(), colon)
    fronted = _FRONTED_COMMA.match(text, lead, colon)
    if fronted is None and text.startswith(("In ", "When ", "While ", "As ", "Once ", "After ", "Before ", "Following ", "For ", "Asked "), lead):
        comma = text.find(", ", lead, colon)
        if 0 < comma - lead < (160 if any_verb else 80):
            lead = comma + 2
    elif fronted is not None:
        lead = fronted.end()
    src = subject_after(text, lead, min(colon, lead + 100))
    if src is None or src.start - lead > 50 or "," in text[lead : src.start]:
        return None  # ("Republican nominee Jane Roe issued …": a role before the name)
    rest = text[src.end : colon]
    if len(rest.split()) > 16:
        return None
    if src.kind == "pronoun" and src.words[0] in ("he", "she") and _VERB_AFTER_WORD.match(text, src.end):
        # "He then listed the qualities a nominee needs:": the person who last spoke
        k = bisect_left(cue_starts, src.start) - 1
        while k >= 0 and src.start - cues[k].end < 1500:
            if cues[k].speaker and cues[k].source is not None and cues[k].source.kind in ("person", "pronoun"):
                c = Cue(colon, colon + 1, ":", "colon", src, False)
                c.speaker, c.confidence = cues[k].speaker, 0.45
                return c
            k -= 1
        return None
    if src.kind not in ("person", "org", "desc"):
        return None
    if any_verb:
        at = src.end
        of = _OF_NAME.match(text, at) if src.kind == "org" else None
        if of is not None:
            at = of.end()  # "the Illinois Board of Elections was …": the whole name
            src = Source(src.kind, src.start, at, text[src.start : at], src.words, src.lead)
        nxt = _NEXT_WORD.match(text, at)
        verb = nxt is not None and nxt.group(1) not in _NOT_VERBS
        if len(rest.split()) > 20 or not (verb or _ASIDE_VERB.match(text, at)):
            return None
        if any(cues[k].speaker for k in range(bisect_left(cue_starts, src.end), bisect_left(cue_starts, colon))):
            return None  # a verb of saying of its own in the clause ("Roe said Poe had lied:")
        return _spoken_by(colon, colon + 1, ":", "colon", src, False, people, 0.5)
    if not _STATEMENT_OBJECT.search(rest):
        return None
    return _spoken_by(colon, colon + 1, ":", "colon", src, False, people, 0.6)


_OF_NAME = re.compile(r"[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?[A-Z][\w.’'-]*(?:[ \u00a0]+[A-Z][\w.’'-]*)*")
_NEXT_WORD = re.compile(r"[ \u00a0]+([a-z]+)\b")
#: lower-case words after a subject that are not its verb
_NOT_VERBS = frozenset("of and or in on at for with to from by the a an who which that whose as than".split())
#: "Roe, exasperated, responded", "Roe, for her part, fired back": a short aside, then the verb
_ASIDE_VERB = re.compile(r"[ \u00a0]+(?:may|might|must|should)[ \u00a0]|[ \u00a0]+[a-z]{3,}[^s\W]s[ \u00a0]|,[ \u00a0]+[^,.;:\"“”]{1,30},[ \u00a0]+(?:\w+ly[ \u00a0]+)?[a-z]+\b")


#: "issued the following statement", "released a letter", "posted on Facebook", "tweeted"
_STATEMENT_OBJECT = re.compile(
    r"\b(?:issued|released|put\s+out|posted|published|sent|shared|wrote|offered)\b[^.;:]*?"
    r"\b(?:statement|letter|message|note|post|tweet|release|memo|email|remarks|response|following|Facebook|Twitter|Instagram)\b"
)


def _sentence_before(text: str, r: Region, s0: int, cues, cue_starts, sents: Sentences) -> Cue | None:
    """The cue of the sentence right before a quotation that opens its own, in the same paragraph.

    'Roe touted her record on the bill. "We need to protect workers."': the quotation
    goes on with what the sentence before reported its subject saying (a named person or
    a pronoun for one; lower confidence, no verb says so).
    """
    if s0 == 0 or _LEAD.match(text, s0, r.open).end() != r.open or "\n" in text[s0 : r.open]:
        return None
    k = bisect_left(cue_starts, s0) - 1
    b = s0  # the end of the sentence before (past any paragraph break)
    while b > 0 and text[b - 1].isspace():
        b -= 1
    while b < s0 and k > 0 and (not cues[k].speaker or cues[k].source is None or cues[k].source.kind != "person") and cues[k - 1].start >= sents.around(cues[k].start)[0] and _THAT_IN.search(text, cues[k - 1].end, cues[k].start):
        k -= 1  # (past a verb inside the reported clause: "Roe said that critics had been predicting …")
    if k < 0:
        return None
    c = cues[k]
    if not c.speaker or c.source is None or (c.source.kind != "person" and c.source.words[:1] not in (["he"], ["she"])) or c.base in BELIEF or c.used or c.inverted:
        return None
    p0 = sents.around(max(0, b - 2))[0]
    if c.start < p0 or _HAS_QUOTE_MARK.search(text, p0, s0):
        return None
    if "\n" in text[c.end : s0]:
        # 'Roe said that for decades critics had been wrong.\n\n"That is because …"': a
        # quotation opening the paragraph after one that ends reporting what the person said
        if "\n" in text[c.end : s0].rstrip() or text[c.end : s0].count("\n") > 2 or c.base in QUOTE_ONLY:
            return None
    return c


_CONJ_OPEN = re.compile(r"(?:And|But|So|Yet|Then|Still|Now|Also)(?:[ \u00a0]+then)?,?[ \u00a0]+(?=[A-Z])")
_SUBORDINATE = re.compile(r"(?:When|After|As|While|Before|Since|If|Although|Though|Because|Once|Until)\b")
_COLON_BEFORE = re.compile(r":[ \u00a0]*$")


def _new_sentence_after(text: str, r: Region, c: Cue, anchor: int) -> bool:
    """True when the attribution after a quotation ending in a stop is a sentence of its own.

    '"… unhinged." Sen. Roe called the plan "…"' starts a new sentence: a verb that names
    what was said ("called", "endorsed") has its own object there.  '"Why now?" Mrs. Roe
    asked.' and '"… missing." Roe said.' attribute the quotation.
    """
    if _COLON_NEXT.match(text, c.source.end if c.inverted and c.source is not None else c.end) and r.closed:
        return True  # '"…" Mr. Roe said: "…"': the verb introduces the next quotation
    if c.inverted or not text[anchor : anchor + 1].isupper() or r.end <= r.start:
        return False
    if text[r.end - 1] not in ".?!":
        return False
    if _COMMA_QUOTE_NEXT.match(text, c.end):
        return True  # '"Why now?" Roe then writes back, "You look cute."': the verb introduces the next quotation
    nl = text.find("\n", c.end)
    s1 = text.find(". ", c.end, nl if nl >= 0 else len(text))
    stop = s1 if s1 >= 0 else (nl if nl >= 0 else len(text))
    while stop > c.end and text[stop - 1] in ".!? \t":
        stop -= 1
    own_clause = not _only_adverbials(text, c.end, stop, c.base in TELL)
    if c.base in OBJECT and c.base not in CORE:
        return own_clause  # '… Roe called the plan "…"', but '"Grizzly Adams?" Roe repeated.'
    return text[r.end - 1] == "." and own_clause


_VERB_AFTER_WORD = re.compile(
    r"[ \u00a0]+(?:is|was|are|were|has|had|have|will|would|can|could|did|does|do|said|says|told|went|made|took|gave|got|came"
    r"|saw|knew|thought|wrote|spoke|began|left|put|ran|met|sent|felt|kept|held|brought|stood|also|then|[a-z]+ed)\b"
)
_FRONTED_COMMA = re.compile(
    r"(?:In|On|At|After|Before|During|Earlier|Later|Last|Since|With|Despite|Following|Meanwhile|However|Still|Yet|Instead|Then|[A-Z][a-z]+ly|[A-Z][a-z]{2,}ing)\b"
    r"[^,.;:\"“”]{0,60},[ \u00a0]+(?=[A-Z])"
)
_DOCUMENT = re.compile(
    r"\b(?:statement|letter|sign|signs|caption|message|note|post|tweet|headline|ad|banner|text|release|memo|email|placard|poster|website"
    r"|page|report|editorial|card|plaque|slogan|document|filing|complaint|lawsuit|ruling|motion|bill|platform|resolution|transcript|order)\b",
    re.I,
)
_GROUP_OF_PEOPLE = re.compile(r"\b(?:two|three|four|both|pair|trio|couple)\b", re.I)
_OF_PLACE = re.compile(r"of(?:[ \u00a0]+(?:the|[A-Z][\w.’'&-]*))+")
_OBJECT_PREPOSITION = re.compile(r"\b(?:to|for|with|at|about|against|on|in)[ \u00a0]+(?:the[ \u00a0]+)?$")
#: "to the Dutch newspaper NRC Handelsblad:": an object named after its role
_OBJECT_PREPOSITION_ROLE = re.compile(r"\b(?:to|for|with|at|about|against)[ \u00a0]+(?:the|a|an)[ \u00a0]+(?:[A-Z]?[a-z][\w-]*[ \u00a0]+){1,2}$")
_FROM_BEFORE = re.compile(r"\b[Ff]rom\s+$")
_COMMA_QUOTE_NEXT = re.compile(r"[ \u00a0]+(?:back|again|later),[ \u00a0]*(?:[\"“‘]|'')[\s.…]*[A-Z]")
_COLON_NEXT = re.compile(r"[^\S\n]*:")


#: "WASHINGTON —", "BOCA RATON, Fla. --", "WASHINGTON, Dec. 8 (UPI) —": a dateline opening a story
_DATELINE = re.compile(r"[A-Z][A-Z.'’ -]*[A-Z]\b(?:,[^\n\u2014\u2013]{0,40}?)?[ \u00a0]*(?:\u2014|\u2013|--?)[ \u00a0]*")


#: "Washington (AFP) –", "Dec 29 (Reuters) -": a place or date in any case, then the agency
_AGENCY_DATELINE = re.compile(r"[A-Z][\w.'’ -]{1,30}?(?:,[^\n\u2014\u2013()]{0,30}?)?[ \u00a0]*\([A-Z][\w ]{1,20}\)[ \u00a0]*(?:\u2014|\u2013|--?)[ \u00a0]*")


def _clause_lead(text: str, lead: int, end: int) -> int:
    """Where a clause's subject can begin, from ``lead`` (its first word): past a dateline
    ("WASHINGTON —") and an opening conjunction ("And then", "But")."""
    lead = _past_dateline(text, lead, end)
    conj = _CONJ_OPEN.match(text, lead, end)
    return conj.end() if conj is not None else lead


def _past_dateline(text: str, lead: int, end: int) -> int:
    """Where the sentence's words begin after a dateline at ``lead`` (``lead`` when there is none)."""
    if lead > 0 and text[lead - 1] != "\n":
        return lead
    m = _DATELINE.match(text, lead, end) if text[lead : lead + 2].isupper() else None
    if m is None and text.find("(", lead, min(end, lead + 60)) >= 0:
        m = _AGENCY_DATELINE.match(text, lead, end)
    return m.end() if m is not None else lead


#: "her remark that", "Roe’s famous promise of", "his call for": whose words a noun of saying names
_POSSESSIVE_SPEECH = re.compile(
    r"(?:\b(?P<pron>[Hh]is|[Hh]er)|(?P<name>[A-Z][\w.’'-]*(?:[ \u00a0][A-Z][\w.’'-]*){0,3})(?:’s|'s))"
    r"[ \u00a0]+(?:[\w-]+[ \u00a0]+){0,3}?"
    r"(?:comments?|remarks?|assertions?|claims?|statements?|calls?|promises?|pledges?|vows?|warnings?|words|quips?|lines?"
    r"|catch[ \u00a0]?phrase|slogan|rejection|insistence|declaration|suggestion|argument|contention|answer|reply|response"
    r"|retort|complaint|admission|charges?|accusations?|boasts?|jabs?|tweets?|messages?|testimony|description)\b"
    r"[^\"“”.;!?]{0,40}$"
)


def _possessive_speech(text: str, r: Region, s0: int, cues, cue_starts, people: PeopleIndex) -> tuple[str | None, float]:
    """The owner of a noun of saying right before a quotation no verb attributes: 'after
    her March comment that "…"', 'Roe’s catch phrase was that Poe "would say anything"',
    'his call for "a total ban"'.  A name goes to its person; "his"/"her" to the person
    the clause opens with ("Roe has pushed his promise of"), else to the speaker of the
    last attribution to a person before it.  Low confidence: no verb says so."""
    m = _POSSESSIVE_SPEECH.search(text, max(s0, r.open - 90), r.open)
    if m is None or _AS_BEFORE.search(text, m.end() - 4, r.open):
        return None, 0.0  # ('described Roe’s remarks as "…"': someone else's words for them)
    name = m.group("name")
    if name is not None:
        words = [w for w in name.split() if w.lower().rstrip(".") not in TITLES]
        canon = people.canonical(words[-1:]) if words else None
        return (canon, 0.45) if canon is not None else (None, 0.0)
    want = "m" if m.group("pron").lower() == "his" else "f"
    lead = _clause_lead(text, _LEAD.match(text, s0, m.start()).end(), m.start())
    src = subject_after(text, lead, min(m.start(), lead + 100)) if lead < m.start() else None
    if src is not None and src.kind == "person" and src.start == lead and _VERB_AFTER_WORD.match(text, src.end):
        # 'Roe has pushed his promise of "free college"': the clause's subject owns the words
        canon = people.canonical(src.words)
        if canon is not None and pronouns.first_name_gender(canon) in (None, want):
            return canon, 0.45
    return _last_person_speaker(cues, cue_starts, m.start(), want)


def _last_person_speaker(cues, cue_starts, pos: int, want: str | None = None) -> tuple[str | None, float]:
    """The speaker of the last attribution to a person (named or "he"/"she") within 1,500
    characters before ``pos``, low confidence; with ``want`` ("m"/"f"), skipping one whose
    pronoun or first name says otherwise."""
    k = bisect_left(cue_starts, pos) - 1
    while k >= 0 and pos - cues[k].end < 1500:
        c = cues[k]
        if c.speaker and c.source is not None and c.source.kind in ("person", "pronoun"):
            if want is None:
                return c.speaker, 0.35
            said = c.source.words[0] if c.source.kind == "pronoun" else None
            g = ("m" if said == "he" else "f" if said == "she" else None) or pronouns.first_name_gender(c.speaker)
            if g is None or g == want:
                return c.speaker, 0.35
        k -= 1
    return None, 0.0


_AS_BEFORE = re.compile(r"[ \u00a0]as[ \u00a0]+$")


#: "The Florida senator’s answer was", "Roe’s response was": a subject that is someone's words
_OWNER_OF_WORDS = re.compile(
    r"((?:[Tt]he[ \u00a0]+)?(?:[\w.-]+[ \u00a0]+){0,3}[\w.-]+)(?:’s|'s)[ \u00a0]+(?:\w+[ \u00a0]+)?"
    r"(?:answer|response|reply|retort|comment|remark|message|argument|explanation|pitch|point|rejoinder)[ \u00a0]+(?:was|is|has been)\b"
)


def _fallback_speaker(text: str, r: Region, s0: int, cues, cue_starts, people: PeopleIndex) -> tuple[str | None, float]:
    """A low-confidence speaker for a quotation no verb attributes.

    A quoted fragment in the writer's sentence goes to that sentence's subject when it
    is a named person or a source ("Roe also bemoaned a climate in which people
    "hate each other""); a pronoun subject goes to the speaker of the last attribution
    before it.  Otherwise there is none.
    """
    lead = _LEAD.match(text, s0, r.open).end()
    if lead >= r.open or _headline(text, lead):
        return None, 0.0  # a quotation opening its sentence, or a headline: no subject to go by
    lead = _clause_lead(text, lead, r.open)
    fronted = _FRONTED_COMMA.match(text, lead, r.open)
    if fronted is not None:
        lead = fronted.end()  # "On Monday, Roe tried to turn the tables, portraying …"
    owner = _OWNER_OF_WORDS.match(text, lead, r.open)
    if owner is not None:
        # "The Florida senator’s answer was that "…"": the owner of the words said them
        words = owner.group(1).split()
        if words[-1][:1].isupper():
            canon = people.canonical([w for w in words if w.lower().rstrip(".") not in TITLES][-1:])
            if canon is not None:
                return canon, 0.4
        elif words[0].lower() in DETERMINERS and words[-1].lower() in _ROLE_HEADS:
            return owner.group(1), 0.35
    src = subject_after(text, lead, min(r.open, lead + 100))
    if src is None or (src.start != lead and src.lead != lead) or _COORDINATED.match(text, src.end) or (len(src.words) == 1 and src.words[0].endswith("ing")):
        # no subject, or two people ("Roe and Poe met to keep the "lines open"")
        return _reported_before(text, r, s0, cues, cue_starts)
    if src.kind == "person":
        if len(src.words) == 1 and people.canonical(src.words) is None and not _VERB_AFTER_WORD.match(text, src.end):
            # "Hours later, …", "Good information …": a capitalised word, no one named
            return _reported_before(text, r, s0, cues, cue_starts)
        return people.confirm(src.words), 0.4
    if src.kind in ("org", "desc"):
        if _GROUP_OF_PEOPLE.search(src.text):
            return None, 0.0  # "The two leaders met to keep …": several people, none of them said it
        if src.text.lower() in DETERMINERS:
            return None, 0.0  # 'The "90 percent" figure came from …': the quotation is inside the subject
        return src.text, 0.35
    if src.words[0] in ("he", "she"):
        return _last_person_speaker(cues, cue_starts, lead, "m" if src.words[0] == "he" else "f")
    return None, 0.0


def _reported_before(text: str, r: Region, s0: int, cues, cue_starts) -> tuple[str | None, float]:
    """The speaker of a sentence ending in its attribution ("…, he said.") just before, in the
    same paragraph: the writer going on with what was reported ("Good information can drive
    out bad, but only when "the truth is sexier"").  None when there is no such sentence."""
    k = bisect_left(cue_starts, s0) - 1
    if k < 0 or s0 == 0:
        return None, 0.0
    c = cues[k]
    gap = text[c.end : s0]
    if not c.speaker or c.base in BELIEF or "\n" in gap or "\n" in text[s0 : r.open]:
        return None, 0.0
    if _THAT_NEXT.match(text, c.end) and not _NEXT_SENTENCE.search(text, c.end, s0 - 1) and c.source is not None and c.source.kind != "pronoun":
        # 'Brill has argued that the law was crippled …. As a result, there's still "a very
        # powerful industry …"': the writer goes on with the report of the sentence before
        return c.speaker, 0.3
    if not _only_adverbials(text, c.end, c.end + len(gap.rstrip(" .")), c.base in TELL):
        return None, 0.0
    if not (c.inverted or _comma_before_phrase(text, max(0, c.start - 200), _phrase_start(c))):
        return None, 0.0
    return c.speaker, 0.3


def _phrase_start(c: Cue) -> int:
    """Where the cue's source phrase begins, titles included (the verb itself when there is none)."""
    if c.source is None:
        return c.start
    return c.source.lead if c.source.lead >= 0 else c.source.start


#: "Jane Roe: …", "Jane Roe on the levy: …" opening a headline
_HEADLINE_SOURCE = re.compile(r"((?:(?!On[ \u00a0])[A-Z][\w.’'-]*[ \u00a0]){0,3}[A-Z][\w.’'-]*)([ \u00a0]+[Oo]n[ \u00a0](?:[^:\n\"“”‘’]|’(?=\w)){1,80})?:[ \u00a0]")


def _headline_source(text: str, r: Region, people: PeopleIndex) -> Cue | None:
    """The source a title-case headline names before its colon, for a quotation after it.

    "Jane Roe: Poe's 'Reckless Plan' Must Go", "Jane Roe on the levy: 'It Will Pass.'":
    the headline reports what the person before the colon said.
    """
    lo = max(0, r.open - 300)
    a = text.rfind("\n", lo, r.open) + 1
    if a == 0 and lo > 0:
        return None  # a headline is a short line: this one runs on
    m = _HEADLINE_SOURCE.match(text, a, r.open)
    if m is None or not (_headline(text, r.open) or (a == 0 and 0 <= text.find("\n", r.open) < 200)):
        return None  # a title-case line, or the text's first line (its title) in any case
    src = subject_after(text, m.start(1), m.end(1))
    if src is None or src.end != m.end(1) or src.kind not in (("person", "org", "desc") if m.group(2) else ("person", "org")):
        return None  # ("Network President On Roe:" names its source by a role)
    return _spoken_by(m.end() - 2, m.end() - 1, ":", "colon", src, False, people, 0.6)


def _headline(text: str, pos: int) -> bool:
    """True when ``pos`` lies in a line in capitals or title case (a headline, not a sentence)."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    line = text[a : b if b >= 0 else len(text)]
    words = [w for w in line.split() if w[:1].isalpha()]
    if len(words) < 3:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps >= 0.8 * len(words) or line.upper() == line


def _para_end(text: str, pos: int) -> int:
    """``pos`` when only spaces stand between it and a line end (or the text end)."""
    k = text.find("\n", pos)
    rest = text[pos:] if k < 0 else text[pos:k]
    return pos if not rest.strip() else -1


def _whole_paragraph(text: str, q: Quote) -> bool:
    """True when the quote, with its marks, is the whole of its paragraph."""
    a = text.rfind("\n", 0, q.start) + 1
    return not text[a : q.start].strip(" \t\"“‘'«„") and _para_end_after_marks(text, q.end) >= 0


def _para_end_after_marks(text: str, pos: int) -> int:
    """The paragraph end after ``pos`` when only closing marks and spaces come before it, else -1."""
    k = text.find("\n", pos)
    k = len(text) if k < 0 else k
    return k if not text[pos:k].strip(" \t\"”’'»") else -1


def _next_para_opens(text: str, end: int, nxt_start: int) -> bool:
    """True when the next quote opens the next paragraph (only blank lines and its mark between)."""
    gap = text[end : nxt_start]
    return "\n" in gap and not gap.strip(" \t\n\"“‘'«„")


def _quote(text, start, end, kind, speaker, cue_word, conf, cue: Cue | None) -> Quote:
    sp = None
    cs = None
    if cue is not None:
        cs = (cue.start, cue.end)
        if cue.source is not None and speaker:
            sp = (cue.source.start, cue.source.end)
    return Quote(
        start=start,
        end=end,
        text=text[start:end],
        kind=kind,
        speaker=speaker or None,
        cue=cue_word,
        confidence=conf if speaker else 0.0,
        speaker_span=sp,
        cue_span=cs,
    )


_TERM_BEFORE = re.compile(r"(?:\b(?:a|an|the|so-called|dubbed|termed|term|word|words|phrase|as)|[Ss]o-called)\s*$")


_NAMED_AS = re.compile(r"(?:\bknown[ \u00a0]+as|\b[Ss]o-called)[ \u00a0]*$")


def _is_term(text: str, r: Region) -> bool:
    """A scare-quoted term: one word after an article or "so-called" ('a "reset"')."""
    content = text[r.start : r.end]
    if len(content) <= 40 and len(content.split()) <= 4 and _NAMED_AS.search(text, max(0, r.open - 16), r.open):
        return True  # 'a subgenre known as "chick lit"', 'the so-called "Cadillac tax"'
    if " " in content.strip() or len(content) > 40:
        return False
    return _TERM_BEFORE.search(text, max(0, r.open - 12), r.open) is not None


#: a work whose title may follow in quotation marks
_WORK_BEFORE = re.compile(
    r"\b(?:memoir|book|books|novel|show|shows|series|movie|film|documentary|podcast|album|song|single|play|musical|program|programme"
    r"|column|essay|op-ed|headline|titled|entitled|episode|sitcom|drama|comedy|newsletter|blog|poem|opera|video)\b[,:]?[ \u00a0]*[\"“‘']*$",
    re.I,
)


#: '"Salt Roads," by Jane Roe': a work and its author after the closing mark
_BY_AUTHOR = re.compile(r"[\"”’']*[ \u00a0]+by[ \u00a0]+(?:the[ \u00a0]+)?[A-Z]")
_TITLE_SMALL_WORDS = frozenset("of the a an and in on to for & with at from by".split())


def _is_title(text: str, r: Region) -> bool:
    """A title of a work or a name in quotes: every word capitalised, no speaker."""
    words = text[r.start : r.end].split(None, 8)  # (a ninth word already rules it out: no need to split a long quote)
    if not words or len(words) > 8:
        return False
    return all(w[:1].isupper() or w.lower() in _TITLE_SMALL_WORDS for w in words) and words[0][:1].isupper()


# ---------------------------------------------------------------------- indirect


def _indirect(text, cues: list[Cue], cue_starts, sents: Sentences, regions: list[Region], opens, quotes) -> None:
    for idx, c in enumerate(cues):
        if not c.speaker or (c.base in QUOTE_ONLY and not _THAT_NEXT.match(text, c.end)):
            continue  # "answered the door": verbs that only introduce quotations
        s0, s1 = sents.around(c.start)
        e = _clause_end(text, s0, s1)
        if c.used:
            # 'The plan, Roe said, "is a disaster."': the writer's part before is reported too
            if c.inverted or c.source is None or c.word.endswith("ing") or not _QUOTE_NEXT.match(text, c.end, e) or _WHO_BEFORE.search(text, max(0, c.start - 24), c.start):
                continue  # (and "Among them was Roe, who said, "…"": the clause before names the speaker)
            lead = _phrase_start(c)
            if not _comma_before(text, s0, lead) or _RELATIVE_WORD_BEFORE.search(text, max(0, lead - 8), lead):
                continue  # (not 'what Roe said in May was "a disgrace"': a relative clause, no clause before)
            cut = text.rfind(",", max(s0, lead - 60), lead)
            start = _past_dateline(text, _LEAD_WS.match(text, s0, cut).end(), cut)  # (not "PORTVILLE — ")
            if _CAPITAL_QUOTE_NEXT.match(text, c.end, e) and _SETTING.match(text, start, cut):
                continue  # 'At a rally on Monday, Roe said, "When we …"': the scene, not what was said
            end = cut
            while end > start and text[end - 1] in _TRAIL:
                end -= 1
            if text[start : start + 1] and text[start] in _OPENERS:
                continue  # '"…," his wife, Jane Roe, wrote': the quotation is the record
            if end - start >= 12 and not _is_frame(text, start, end) and not _wholly_quoted(start, end, regions, opens):
                quotes.append(_quote(text, start, end, "indirect", c.speaker, c.word, c.confidence * 0.8, c))
            continue
        after = c.source.end if c.inverted and c.source else c.end
        if c.inverted or _ends_sentence(text, c, s0, s1):
            # "…, Roe said." / "…, said Roe.": the clause is the sentence before the comma
            if not _only_adverbials(text, after, e, c.base in TELL):
                continue
            if _WHO_BEFORE.search(text, max(0, c.start - 24), c.start):
                continue  # "Among them was Roe, who said …": the clause before names the speaker
            if _QUOTE_NEXT.match(text, after, e):
                continue  # 'he replied, "…"': introduces a quotation
            lead = c.start if c.inverted else _phrase_start(c)
            cut = text.rfind(",", max(s0, lead - 60), lead)
            if cut <= s0 or _RELATIVE_WORD_BEFORE.search(text, max(0, lead - 8), lead):
                continue  # (and not 'worsen what Roe said in May was "a disgrace"': a relative clause)
            if text[cut + 1 : lead].strip(" \u00a0\t\"”’'") and _RELATIVE_OPEN.match(text, lead):
                continue  # "…, a charge that Roe denied": a relative clause, not the closing attribution
            start = _past_dateline(text, _LEAD_WS.match(text, s0, cut).end(), cut)  # (not "PORTVILLE — ")
            end = cut
            while end > start and text[end - 1] in _TRAIL:
                end -= 1
            if not (
                _wholly_quoted(start, end, regions, opens) or end - start < 8 or _is_frame(text, start, end) or text[start] in _OPENERS
                or c.base in INTRANSITIVE
            ):
                # (not 'Her husband, Jane Roe, spoke in Ohio': "spoke" reports no clause)
                quotes.append(_quote(text, start, end, "indirect", c.speaker, c.word, c.confidence * 0.9, c))
            # "The risk, Roe said, is a clash …": the clause goes on after the attribution
            comma = text.find(",", after, e)
            if comma >= 0 and not text[after:comma].strip(" \t") or _ADVERBIAL_ONLY.fullmatch(text, after, comma if comma >= 0 else after):
                rest = _LEAD_WS.match(text, comma + 1, e).end() if comma >= 0 else e
                if c.inverted and c.source is not None:
                    rest = _continuation(text, rest, e)
                if e - rest >= 12 and not _PARTICIPLE_START.match(text, rest, e) and not _wholly_quoted(rest, e, regions, opens):
                    if text[rest] not in _OPENERS:
                        quotes.append(_quote(text, rest, e, "indirect", c.speaker, c.word, c.confidence * 0.85, c))
            continue
        start = None
        that = False
        if c.base not in CALL:
            start = _clause_start(text, c, cues, cue_starts, e)
            that = start is not None and _AFTER_THAT.search(text, max(0, start - 8), start) is not None
            if start is not None and c.base in OBJECT and not that:
                start = None  # "endorsed the plan": an object, not a clause
            elif start is not None and c.base in BELIEF and not that and not _SUBJECT_START.match(text, start, e):
                start = None  # "thinks highly of", "want to": no reported clause
            if c.base in BELIEF and c.source is not None and c.source.kind == "pronoun" and _REPORTED_BELIEF.search(text, max(0, c.source.start - 12), c.source.start):
                continue  # "said he believed …": the saying is the record
        if start is None and c.source is not None and c.base not in CALL:
            # "As Roe said (last week), the plan is dead": the clause follows the comma
            lead = _LEAD.match(text, s0, c.source.start).end()
            if _AS_INTRO.match(text, lead, c.source.start):
                comma = _AS_COMMA.match(text, c.end, e)
                if comma is not None and text[comma.end() : comma.end() + 1] not in _OPENERS:
                    start = comma.end()
        if start is None:
            if c.base in OBJECT:
                _object(text, c, e, regions, opens, quotes)
            continue
        if start >= e:
            continue
        end = e
        # a second reporting clause joined by "but" / "and" ends this one
        k = bisect_right(cue_starts, c.end)
        while k < len(cues) and cues[k].start < end:
            c2 = cues[k]
            anchor = c2.source.start if (c2.source is not None and not c2.inverted) else c2.start
            if anchor > start and (c2.inverted or (c2.source is not None and _comma_before_phrase(text, start, anchor, in_quote=True))):
                # "… the public is uneasy,'' said Roe": another source's attribution ends it
                end = anchor
                break
            if anchor > start:
                m = _CONNECTOR.search(text, start, anchor)
                if m is not None and len(text[start : m.start()].split()) < 3 and not m.group().startswith(","):
                    m = None  # "she and her supporters never doubted": a coordinated subject, not a new clause
                if m is not None and (c2.source is None or c2.source.kind != "person" or m.group().strip(" ,")):
                    if c2.source is None or m.group().strip(" ,") or c2.inverted:
                        end = m.start()
                        break
            k += 1
        acc = text.find("according to", start, end)
        if acc > start:
            end = acc
        tail = _RELATIVE_TAIL.search(text, max(start, end - 14), end)
        if tail is not None:
            end = tail.start()  # "… with the marchers, whom he described as …": the relative is the next report's
        if c.source is not None and _WHICH_BEFORE.search(text, max(0, c.source.start - 8), c.source.start):
            # "The rules, which officials said will start in May, cover …": the relative clause ends at its comma
            comma = text.find(",", start, end)
            if comma > start:
                end = comma
        if c.source is None or c.word.endswith("ing"):
            if _ASIDE_PARTICIPLE.search(text, max(0, c.start - 30), c.start):
                # "Roe, after first saying she would stay, left": the aside ends at its comma
                comma = text.find(", ", start, end)
                if comma > start:
                    end = comma
        while end > start and text[end - 1] in _TRAIL:
            end -= 1
        if end > start + 1 and text[end - 1] in _QUOTE_MARKS and text[end - 2] in ",;:":
            end -= 2  # ',"' before another attribution: the comma belongs to the quotation
            while end > start and text[end - 1] in _TRAIL:
                end -= 1
        if end - start < 8 or _wholly_quoted(start, end, regions, opens):
            continue
        quotes.append(_quote(text, start, end, "indirect", c.speaker, c.word, c.confidence * 0.9, c))


_LEAD_WS = re.compile(r"[\s]*")
_RELATIVE_WORD_BEFORE = re.compile(r"\b(?:what|which|whom|that)[ \u00a0]+$")
_INNER_CLAUSE = re.compile(r"(?:,|\b(?:when|while|after|before|because|since|once|until|as))[ \u00a0]+(?=[A-Z])")
_RELATIVE_TAIL = re.compile(r",?[ \u00a0]+(?:whom|who|which|whose)[ \u00a0]*$")
_WHICH_BEFORE = re.compile(r"\b(?:which|who)[ \u00a0]+$")
_HAS_MARK = re.compile(r"[\"“”‘’]")
_HAS_QUOTE_MARK = re.compile(r"[\"“”‘]|’(?!\w)")  # (not the apostrophe of "Roe’s")
_IT_NEXT = re.compile(r" it\b")
_PHRASAL_PARTICLE = re.compile(r"[ \u00a0]+([a-z]+)\b")
_VERB_NEXT = re.compile(r"\s*(?:\s[a-z]|\s[-\u2014\u2013(]|,\s+(?:who|a|an|the)\b)")
_COMMA_IN_QUOTE = re.compile(r",[\"”’']{1,2}\s+$")
_COORDINATED = re.compile(r"\s+(?:and|or|&)\s")
_NEXT_SENTENCE = re.compile(r"[.!?]\s+[A-Z]")
_AS_INTRO = re.compile(r"(?:[Bb]ut |[Aa]nd )?[Aa]s (?:[\w’'.-]+ ){0,6}$")
_AS_COMMA = re.compile(r"(?: [\w’'.-]+){0,4}?, ")
_REPORTED_BELIEF = re.compile(r"\b(?:said|says|told \w+|added)\s+$")
#: a fronted phrase that sets the scene: "At a rally", "Holding open a book", "Moments earlier"
_SETTING = re.compile(
    r"(?:(?:But|And|So|Then|Yet)[ \u00a0]+)?(?:(?:At|In|On|As|After|Before|During|When|While|Since|With|Without|Despite|Following|Instead|Here|Of|For|To|From|By|Upon"
    r"|Less|More|Later|Earlier|Moments|Minutes|Hours|Days|Asked|Eyebrows|Just|Last|This|Early|Late"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|[A-Z][a-z]+ing\b)"
    r"|[^,;:.]{0,40}\b(?:later|earlier|ago)[ \u00a0]*$"
)
_CAPITAL_QUOTE_NEXT = re.compile(r"[\s,:]*(?:[\"“‘]|'')[\s.…]*[A-Z]")
_QUOTE_NEXT = re.compile(r"\s*[,:]\s*[\"“‘']")
_AFTER_THAT = re.compile(r"\bthat\s*(?:,\s*)?$")
_THAT_GAP = re.compile(r" ?(?:,[ \u00a0]*(?=\w))?")
_SUBJECT_START = re.compile(r"(?:he|she|they|it|we|I|you|there|this|these|those|the|a|an|his|her|their|its|our|[A-Z][\w.’'-]*)\b")
_PARTICLE = re.compile(r"\s*(?:in\s+(?=on\b))?(?:(?:for|on|about|of|against|to|with|at|up|out|back|over)\b\s*)?")
_NP_END = re.compile(
    # [,;:!?()] | a stop not after a title or an initial | a dash or a clause word between
    # spaces; written to open with the character each begins with (a faster scan)
    r"[,;:!?().\s](?:(?<=[,;:!?()])|(?<=\.)(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bSen\.)(?<!\bRep\.)(?<!\bGov\.)(?<!\bGen\.)(?<!\b[A-Z]\.)"
    r"|(?<=\s)(?:[-\u2014\u2013]+\s|(?:and|but|while|because|after|as|who|which|when|since|though|although|even|during|before|if|until|amid|despite|saying|adding|calling|arguing)\s))"
)
_ADVERBIAL_ONLY = re.compile(r"\s*(?:(?:in|on|at|during|by|over|after|before)\s+(?:an?|the|\w+)(?:\s+\w+){0,3}|[A-Z][a-z]+day|\w+ly|later|earlier|recently|today|yesterday)\s*")
def _continuation(text: str, rest: int, e: int) -> int:
    """Where the reported clause goes on after a source set off by commas, or ``e`` when it
    does not: "…, said Roe, a Democratic pollster." is the name's apposition, not more of
    the clause; "…, said Roe, an expert at Yale, would read …" goes on after it."""
    if _CONTINUES.match(text, rest, e) or not _apposition_at(text, rest, e):
        return rest
    comma = text.find(", ", rest, e)
    return _LEAD_WS.match(text, comma + 1, e).end() if comma >= 0 and _CONTINUES.match(text, comma + 2, e) else e


def _apposition_at(text: str, pos: int, e: int) -> bool:
    """Whether a phrase describing a source begins at ``pos``: "a Democratic pollster",
    "director of the center", "52", "who …" (not "adopted a new strategy")."""
    m = _WORD_AT_POS.match(text, pos, e)
    if m is None:
        return True
    w = m.group()
    lw = w.lower()
    return (
        not w[:1].islower() or lw in DETERMINERS or lw in TITLES or lw in SOURCE_NOUNS or lw in _NOT_A_CLAUSE
        or lw in ("who", "whom", "whose", "one", "another", "both") or lw.endswith(("er", "or", "ist", "ian", "ant", "ent"))
    )


_NOT_A_CLAUSE = frozenset("with without although though while whereas compared than for from in on at by".split())
_WORD_AT_POS = re.compile(r"[\w’'-]+")
_CONTINUES = re.compile(r"(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|does|did|do|remains?|seems?|needs?|means?|makes?|not|also|still)\b")
_PARTICIPLE_START = re.compile(r"(?:[a-z]+ing|who|which|according|adding|noting|as|and|but)\b")


def _cues_between(cues, cue_starts, a, b):
    k = bisect_left(cue_starts, a)
    while k < len(cues) and cues[k].start < b:
        yield cues[k]
        k += 1


_WORDS_ONLY = re.compile(r"[\w’' \u00a0]{0,40}")


def _reported_by_cue_before(text: str, pos: int, cues: list[Cue], cue_starts: list[int], s0: int) -> bool:
    """Whether the quotation opening at ``pos`` is the clause of a speech verb before it
    ('Roe claimed on Tuesday that "Lee got off lightly," a prosecutor said': Roe's words,
    not the prosecutor's)."""
    m = _AFTER_THAT.search(text, max(s0, pos - 8), pos)
    if m is None:
        return False
    k = bisect_left(cue_starts, m.start()) - 1
    if k < 0:
        return False
    c = cues[k]
    return c.start >= s0 and c.source is not None and not c.inverted and _WORDS_ONLY.fullmatch(text, c.end, m.start()) is not None


def _comma_before(text: str, s0: int, pos: int, in_quote: bool = False) -> bool:
    """True when a comma stands before ``pos`` behind spaces; with ``in_quote``, also one
    behind the closing mark of a quotation ('that "…," a prosecutor said')."""
    i = pos - 1
    while i >= s0 and text[i] in " \u00a0":
        i -= 1
    if in_quote and i > s0 and text[i] in _CLOSERS and text[i - 1] == ",":
        return True
    return i >= s0 and text[i] == ","


_PHRASE_GAP = re.compile(r",\s*(?:[A-Za-z][\w’'.-]*\s+){0,4}$")
_GAP_STOP = frozenset("that which who and but or said says told is was are were has have had will would to of".split())


def _comma_before_phrase(text: str, s0: int, pos: int, in_quote: bool = False) -> bool:
    """True when a comma ends the clause before the source phrase ("…, union leader Jane Roe said")."""
    if _comma_before(text, s0, pos, in_quote):
        return True
    m = _PHRASE_GAP.search(text, max(s0, pos - 60), pos)
    return m is not None and not any(w.lower() in _GAP_STOP for w in m.group()[1:].split())


def _ends_sentence(text: str, c: Cue, s0: int, s1: int) -> bool:
    """Whether ``c`` is a sentence's closing attribution ("…, Roe said.", "…, said Roe."):
    the sentence before the comma is what was reported, and it is Roe's report whoever an
    earlier verb in it named."""
    after = c.source.end if c.inverted and c.source is not None else c.end
    return _only_adverbials(text, after, _clause_end(text, s0, s1), c.base in TELL) and (
        c.inverted or (c.source is not None and _comma_before_phrase(text, s0, _phrase_start(c)))
    )


def _clause_end(text: str, s0: int, s1: int) -> int:
    """The end of a reported clause: the sentence end without its final stop."""
    e = s1
    while e > s0 and text[e - 1].isspace():
        e -= 1
    if e > s0 and text[e - 1] in _ENDPUNCT:
        e -= 1
    elif e > s0 + 1 and text[e - 1] in _QUOTE_MARKS and text[e - 2] in _ENDPUNCT:
        pass  # '… "like this."': the stop belongs to the quotation
    return e


def _only_adverbials(text: str, pos: int, end: int, tell: bool) -> bool:
    """True when only adverbials ("in a statement", "on Tuesday", "told reporters as …") remain."""
    rest = text[pos:end].strip()
    if not rest:
        return True
    if rest[0] in ",(":
        return True  # "…, Roe said, adding …" / an appositive
    words = rest.split()
    i = 0
    if tell:
        # the listener: "reporters", "the Chinese leader", "CNN", "him"
        first = words[0].lower()
        if first in _OBJECT_PRONOUNS:
            i = 1
        elif first in DETERMINERS:
            i = 1
            while i < len(words) and i < 5 and words[i].lower() not in _ADVERBIAL_STARTS and words[i].lower() not in _SUBORDINATORS and words[i].lower().strip(",.") not in _DAYS:
                i += 1
        elif words[0][:1].isupper():
            while i < len(words) and words[i][:1].isupper() and words[i].lower().strip(",.") not in _DAYS:
                i += 1
    while i < len(words) and words[i].lower().strip(",.") in _DAYS | ADVERBS:
        if i > 0 and words[i].lower() in ("in", "on", "at", "during") and words[i - 1].lower().strip(",.") in _DAYS:
            return True  # "said Wednesday morning on MSNBC": the time, then a place
        i += 1
    if i >= len(words):
        return True
    w = words[i].lower()
    if w in _ADVERBIAL_STARTS or w in _SUBORDINATORS or words[i][0] in ",(":
        return True
    return len(words) - i <= 3 and w in ADVERBS


_PREPOSITIONS_BEFORE_THAT = frozenset("for of about with from by on in at to like than after before".split())
_QUESTION_WORDS = frozenset("whether if why how what when who where which".split())
_LISTENER_END = frozenset("that about on in at to whether if why how".split())
_SUBORDINATORS = frozenset("as when while after before during because since via by from with at in on amid following".split())


#: a subject pronoun or a finite auxiliary: the reported clause has begun before any "that"
_AUXILIARIES = frozenset("is are was were has have had will would can could should may might must does did".split())
_CLAUSE_BEGUN = frozenset("he she they we i there".split()) | _AUXILIARIES


def _clause_start(text: str, c: Cue, cues, cue_starts, e: int) -> int | None:
    """Where the reported clause after a forward speech verb begins (after "that")."""
    limit = min(e, c.end + 160)
    scan = _WORDS.finditer(text, c.end, limit)
    toks: list[re.Match] = []

    def have(k: int) -> bool:
        """Whether there is a k-th token: the words are read from the left as far as needed
        (most clauses are settled in a few words; the window holds some thirty)."""
        while len(toks) <= k:
            t = next(scan, None)
            if t is None:
                return False
            toks.append(t)
        return True

    if not have(0):
        return None
    first = toks[0].group()
    if first in (":", ",") or first in _OPENERS:
        return None  # introduces a direct quotation
    if first == "." or first == ";":
        return None
    # a "that" before any other speech verb or comma
    nxt_cue = cues[bisect_right(cue_starts, c.end)].start if bisect_right(cue_starts, c.end) < len(cues) else len(text)
    head: list[re.Match[str]] = []
    if text.find("that", c.end, limit) >= 0:  # (without a "that", no need to look)
        have(15)
        head = toks[:16] if text.find("that", c.end, toks[:16][-1].end()) >= 0 else []
    begun = False  # a subject or a finite verb read after the speech verb
    for n_tok, t in enumerate(head):
        g = t.group()
        if t.start() >= nxt_cue or g in (",", ":", ";", "(") or g in _OPENERS:
            break
        if g.lower() in ("but", "or"):
            break  # "said many doubted her but that …": the clause starts at the verb
        if n_tok > 0 and g.lower() in _CLAUSE_BEGUN:
            begun = True
        if g == "that":
            if n_tok > 0 and toks[n_tok - 1].group().lower() in _PREPOSITIONS_BEFORE_THAT:
                break  # "to blame anyone for that": a demonstrative
            if begun and have(n_tok + 1) and toks[n_tok + 1].group().lower() in _AUXILIARIES:
                break  # "said she has no plans … any issue that could sway her": a relative
            return _THAT_GAP.match(text, t.end()).end()  # (and "that, in 2015, the firm": after the comma)
    i = 0
    # the listener of "told", "assured", "warned" ...
    if c.base in TELL and have(i):
        g = toks[i].group()
        lg = g.lower()
        if lg in _OBJECT_PRONOUNS:
            i += 1
        elif lg in DETERMINERS:
            i += 1
            while have(i) and toks[i].group().isalpha() and toks[i].group().lower() not in _LISTENER_END:
                if toks[i].group().lower() in SOURCE_NOUNS or toks[i].group()[0].isupper():
                    i += 1
                    break
                i += 1
        elif g[:1].isupper():
            while have(i) and (toks[i].group()[:1].isupper() or toks[i].group().lower() in TITLES) and toks[i].group() not in PRONOUNS:
                i += 1
        elif c.base == "ask" and lg in _QUESTION_WORDS and c.source is not None:
            return toks[i].start()  # "Roe asked whether the vote would be delayed"
        else:
            return None  # "warned of ...", "urged calm": no clause
    listener = i > 0
    # adverbials: "on Tuesday", "later on Monday", "in a statement", "overall"
    while have(i):
        g = toks[i].group()
        lg = g.lower()
        if lg in ("in", "on", "at", "during", "after", "before") and have(i + 1):
            # a short prepositional phrase up to a capitalised day or "statement"/"interview"
            j = i + 1
            while j - i <= 5 and have(j) and toks[j].group() not in (",",) and toks[j].group().lower() not in ("that",):
                tg = toks[j].group().lower()
                if tg in ("statement", "interview", "speech", "email", "letter", "tweet", "post", "conference", "call", "briefing", "release") or tg in _DAYS:
                    break
                j += 1
            if j - i <= 5 and have(j) and toks[j].group().lower() not in ("that",) and toks[j].group() != ",":
                i = j + 1
                continue
            break
        if lg in ("this", "last", "next", "that", "each", "every") and have(i + 1) and toks[i + 1].group().lower() in _DAYS and not (have(i + 2) and toks[i + 2].group() == "of"):
            i += 2  # "this week", "last month"
            continue
        if lg in ADVERBS and lg not in ("this", "that", "has", "had", "have", "is", "was", "will", "would", "did", "does", "do", "not", "never", "even", "just", "still"):
            i += 1
            continue
        if lg == "," and i > 0:
            i += 1
            continue
        break
    if not have(i):
        return None
    g = toks[i].group()
    if c.base in TELL and listener and c.source is not None and (g == "to" or (c.base == "ask" and g in _QUESTION_WORDS)):
        return toks[i].start()  # "Roe asked the board to delay the vote", "urged voters to stay home"
    if g.lower() == "about" and have(i + 1) and _APPROXIMATED.fullmatch(toks[i + 1].group().lower()):
        return toks[i].start()  # "said about half of the cuts …": an approximation opens the clause
    if g in (".", ";", ":") or g.lower() in ("of", "about", "for", "to", "with"):
        return None  # "said of Roe", "spoke about": no clause here
    return toks[i].start()


def _object(text: str, c: Cue, e: int, regions, opens, quotes) -> None:
    """The object of a verb like "endorsed", "called for", "criticized": what was said."""
    particle = _PARTICLE.match(text, c.end, e)
    start = particle.end()
    if start >= e:
        return
    word = particle.group().split()[-1] if particle.group().strip() else ""
    if c.base in INTRANSITIVE and (not word or (c.base in ("speak", "talk") and word not in ("about", "of", "on"))):
        return  # "spoke for an hour", "speaking to Roe", "reacted angrily": no object to report
    if c.base == "call" and not word and _PHONED.match(text, start, e):
        return  # "called Haugland earlier this month", "called her at one point": a phone call
    if word == "on" and _NOT_A_TOPIC.match(text, start):
        return  # "spoke on condition of anonymity", "spoke on behalf of Roe": how, not what, was said
    m = _NP_END.search(text, start, e)
    if m is not None and c.base in CALL and text.startswith(" as ", m.start()):
        # "described his outburst as the emotions of a worried spouse": what it was called goes with it
        m = _NP_END.search(text, m.start() + 4, e)
    end = m.start() if m else e
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    if end - start < 3 or " " not in text[start:end].strip() and not text[start:end].strip()[:1].isupper():
        return
    if all(w.lower() in _DAYS or w.lower() in ADVERBS for w in text[start:end].split()):
        return  # "spoke on Monday": a time, not what was said
    k = bisect_right(opens, end + 40) - 1
    if c.base in CALL and k >= 0 and regions[k].close > start:
        return  # 'called the talks "a step forward"': the quotation is the record
    quotes.append(_quote(text, start, end, "indirect", c.speaker, c.word, c.confidence * 0.7, c))


_PHONED = re.compile(
    r"(?:him|her|them|me|us|(?!(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|St)\.)[A-Z][\w’'-]+(?:[ \u00a0][A-Z][\w’'-]+)?)[ \u00a0]*(?:[.;]|$|[ \u00a0]+(?:at|after|before|on|earlier|later|last|this|yesterday|today|from|to[ \u00a0]+(?:ask|say|tell|offer|discuss|apologize|congratulate)|and[ \u00a0]+(?:asked|said|told|offered))\b)"
)
_NOT_A_TOPIC = re.compile(r"(?:the[ \u00a0]+)?(?:condition|behalf|background|the[ \u00a0]+phone|the[ \u00a0]+record|camera|air|stage|television|radio|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_APPROXIMATED = re.compile(r"\$?\d[\d,.]*%?|half|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundred|hundreds|thousands|dozen|dozens|twice")
_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday week month year night morning".split())


def _wholly_quoted(start: int, end: int, regions: list[Region], opens) -> bool:
    """True when [start, end) is one quotation and its marks, nothing of the writer's."""
    k = bisect_right(opens, start + 1) - 1
    return k >= 0 and regions[k].open <= start + 1 and regions[k].close >= end - 1


# ---------------------------------------------------------------------- according to


def _according(text, sents, people, cue_starts, cues, regions, opens, inside_quote, in_skip, quotes) -> None:
    if "ccording to" not in text:
        return
    for a, m_end in according_spans(text):
        if inside_quote(a) or (in_skip is not None and in_skip(a, m_end)):
            continue
        s0, s1 = sents.around(a)
        e = _clause_end(text, s0, s1)
        src = subject_after(text, m_end, min(e, m_end + 100))
        if src is None:
            # "according to exit polls", "according to a report from the agency": after
            # "according to" any short noun phrase is the source
            src = _according_phrase(text, m_end, e)
            if src is None:
                continue
        if src.kind == "person":
            speaker = people.confirm(src.words)
            conf = 0.8
        elif src.kind == "pronoun":
            continue
        else:
            speaker, conf = src.text, 0.7
        lead = _LEAD.match(text, s0, a).end()
        spans: list[tuple[int, int]] = []
        if lead == a or _CONNECTIVE_ONLY.fullmatch(text, lead, a):
            # "According to the poll, …", "But, according to the poll, …", "In addition, according to …"
            comma = text.find(",", src.end, e)
            if comma < 0:
                continue
            spans.append((comma + 1, e))
        elif _comma_before(text, s0, a, True):
            end = text.rfind(",", s0, a)
            if text[end + 1 : end + 2] in _CLOSERS:
                end += 2  # 'threatening "a lawsuit," according to': the quotation ends on its comma
            spans.append((s0, end))
            comma = _COMMA_NEXT.match(text, src.end, e)
            if comma is not None:
                # "Fundraising, according to the campaign, has surged": the clause goes on after the aside
                rest = _continuation(text, _LEAD_WS.match(text, comma.end(), e).end(), e)
                if e - rest >= 12 and not _PARTICIPLE_START.match(text, rest, e) and text[rest] not in _OPENERS:
                    spans.append((rest, e))
        elif _END_NEXT.match(text, src.end, s1) and not _AFTER_PREPOSITION.search(text, max(s0, a - 12), a):
            # "… 46 percent to 39 percent according to a CBS poll.": the clause before, with no comma
            spans.append((s0, a))
        else:
            continue
        for start, end in spans:
            while start < end and text[start].isspace():
                start += 1
            start = _past_dateline(text, start, end)  # (not "PORTVILLE — ")
            while end > start and text[end - 1] in _TRAIL:
                end -= 1
            if end - start < 8 or _wholly_quoted(start, end, regions, opens):
                continue
            if any(
                c.speaker and c.base not in BELIEF and _only_adverbials(text, c.source.end if c.inverted and c.source else c.end, end, c.base in TELL)
                for c in _cues_between(cues, cue_starts, start, end)
            ):
                continue  # "…, he added, according to the agency": already attributed
            quotes.append(
                Quote(start, end, text[start:end], "indirect", speaker, "according to", conf * 0.9, (src.start, src.end), (a, m_end))
            )


_COMMA_NEXT = re.compile(r"[ \u00a0]*,")
_END_NEXT = re.compile(r"(?:[ \u00a0]+[\w’'-]+){0,4}[ \u00a0]*(?:[.!?]?[ \u00a0]*$|[.!?](?=[\s\"”’')\]]))")
_AFTER_PREPOSITION = re.compile(r"\b(?:is|are|was|were|be|been|not|and|or|but|that)[ \u00a0]+$")
_CONNECTIVE_ONLY = re.compile(
    r"(?:And|But|So|Yet|Now|Still|However|Meanwhile|Instead|Indeed|Also|Then|Today|Yesterday|In addition|In fact|Moreover|Furthermore|Additionally|Separately|Overall|For example|For instance),?[ \u00a0]*"
)
_ACC_NP = re.compile(r"(?:[\w$][\w’'.&/-]*)(?:[ \u00a0]+[\w$][\w’'.&/-]*){0,9}")
_ACC_NP_STOP = re.compile(r"[ \u00a0](?:who|which|that|when|while|because|and|but|as|since|after|before)\b")


def _according_phrase(text: str, pos: int, end: int) -> Source | None:
    """The noun phrase after "according to" when it names no person or known source word.

    "according to exit polls", "according to a fact sheet lawmakers released Monday":
    up to the next comma, bracket or clause word, at most ten words.
    """
    while pos < end and text[pos] in " \u00a0":
        pos += 1
    m = _ACC_NP.match(text, pos, end)
    if m is None:
        return None
    stop = _ACC_NP_STOP.search(text, pos, m.end())
    e = stop.start() if stop is not None else m.end()
    while e > pos and text[e - 1] in ".,;:":
        e -= 1
    phrase = text[pos:e]
    first = phrase.split(None, 1)[0].lower() if phrase.strip() else ""
    if not first or first in PRONOUNS or first in ("him", "her", "them", "me", "us", "it", "the", "a", "an") and " " not in phrase:
        return None
    return Source("desc", pos, e, phrase, [])


#: a paragraph opening with a speaker's label: "TAPPER: Do you think …", "JAKE TAPPER: …",
#: "Q: …", or a headline's "Trump: My plans aren't set in stone."
_LABEL = re.compile(r"[ \t\u00a0]*(?P<label>[A-Z][A-Za-z.'’-]*(?:[ \u00a0][A-Z][A-Za-z.'’-]*){0,3}):[ \u00a0]+(?=[^\s\"“‘'])")


def _labelled(text: str, people: PeopleIndex, inside_quote, in_skip, quotes) -> None:
    """Speech set out without quotation marks under its speaker's name: the turns of an
    interview transcript ("TAPPER: Do you think …") and a headline's "Roe: The plan is dead."

    The label must name a person of the article (or be a full name, "KATE BOULDUAN"), so
    "VIDEO:", "UPDATE:" or "Poll:" label nothing.  In a Q&A, an "A:" turn is speech whose
    speaker the label does not name; a "Q:" turn is the interviewer's question, which (like
    "Asked whether …") is not annotated.
    """
    qa = "\nQ:" in text and "\nA:" in text
    first = _LEAD_WS.match(text).end()
    colon = text.find(": ")
    done = -1
    turns: list[tuple[int, int, str]] = []  # (start, end, speaker) of each named turn, in order
    while colon >= 0:
        lo = max(0, colon - 47)
        a = text.rfind("\n", lo, colon) + 1  # the label opens its line, a few words before the colon
        far = a == 0 and lo > 0  # (no line start near: no label; the search stays within the window)
        nxt = text.find(": ", colon + 2)
        if far or colon - a > 46 or a == done:
            colon = nxt
            continue
        done = a
        colon = nxt
        lm = _LABEL.match(text, a)
        if lm is None or inside_quote(a):
            continue
        label = lm.group("label")
        e = text.find("\n", lm.end())
        e = len(text) if e < 0 else e
        start, end = lm.end(), e
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start < 8 or (in_skip is not None and in_skip(a, end)):
            continue
        caps = label.upper() == label
        words = [w[:1] + w[1:].lower() if caps else w for w in label.split()]
        if caps and label in ("Q", "A"):
            if not qa or label == "Q":
                continue  # the interviewer's question, like "Asked whether …", is not annotated
            speaker, conf = None, 0.0  # the answer: speech whose speaker the label does not name
        else:
            if not caps and (end - a > 160 or not (a == first or _headline(text, start))):
                continue  # a label in the writer's prose ("Result: …") is no speaker
            speaker = people.canonical(words)
            if speaker is None and len(words) >= 2 and given_name_word(words[0]):
                speaker = people.confirm(words)
            if speaker is None:
                continue
            conf = 0.7 if caps else 0.6
        if speaker is not None:
            turns.append((start, end, speaker))
        label_span = (lm.start("label"), lm.end("label")) if speaker is not None else None
        quotes.append(Quote(start, end, text[start:end], "indirect", speaker, ":", conf, label_span, (lm.end("label"), lm.end("label") + 1)))
    if turns:
        # "FALLIN: Well, I think …": "I" and "we" inside a turn are its speaker
        turn_starts = [t[0] for t in turns]
        for k, q in enumerate(quotes):
            if q.speaker in ("I", "we", "We"):
                j = bisect_right(turn_starts, q.start) - 1
                if j >= 0 and q.end <= turns[j][1]:
                    quotes[k] = replace(q, speaker=turns[j][2])
