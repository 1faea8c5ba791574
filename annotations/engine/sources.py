"""Who is speaking: the noun phrase on either side of a speech verb.

Reading leftwards from the verb (``Secretary of State Jane Roe on Tuesday said``) skips
adverbs, auxiliaries and time phrases, then takes a capitalised name (with its titles),
a pronoun, or a noun phrase headed by a source word ("a ministry spokeswoman",
"state media").  Reading rightwards (``," said Jane Roe.``) takes the same kinds of
phrase after an inverted verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotations.engine.names import ADVERBS, DETERMINERS, GROUP_NAMES, NOT_NAMES, ORG_HEADS, PLACES, PRONOUNS, SOURCE_NOUNS, TITLES, WEEKDAYS
from annotations.engine.people import SURNAME_WORDS, given_name_word, split_title
from annotations.engine.scan import words_after_boundary
from annotations.engine.verbs import BELIEF, FORMS

# ``\w+(?:[.’'\-]\w+)*\.?|[^\w\s]`` opening with its first character (the regex engine skips
# spaces in C), the kind of character then checked behind it; the repeats are possessive
# (``*+``: no giving back), which changes nothing here (what follows each can never start
# with a word character, and the end is optional) and saves the engine its bookkeeping
_TOK = re.compile(r"[^\s](?:(?<=\w)\w*+(?:[.’'\-]\w+)*+\.?|(?<!\w))")
_POSS = ("’s", "'s")
_PARTICLES = frozenset("of de van von bin al da del la le du".split())


@dataclass(slots=True)
class Source:
    """The source phrase of an attribution.

    ``kind`` is ``person`` (``words`` is the name without titles), ``pronoun``, ``org``
    (an organisation name) or ``desc`` (a description such as "a spokeswoman"; ``words``
    is the person it names, if any: "a spokeswoman for Jane Roe").
    """

    kind: str
    start: int
    end: int
    text: str
    words: list[str]
    lead: int = -1  # where the whole phrase starts, titles included ("top aide Jane Roe")
    #: the persons named before this one in a coordinated subject ("Dana Roe and Tom Lee said")
    others: tuple[list[str], ...] = ()


#: "Trump-style", "Kremlin-backed", "Obama-era": a name made an adjective, not a name
_NAME_ADJECTIVE_ENDS = tuple("-" + w for w in "style like esque era backed led based linked allied friendly bashing controlled owned aligned leaning sponsored funded inspired".split())


def _cap(tok: str) -> bool:
    return tok[:1].isupper() and ("-" not in tok or not tok.endswith(_NAME_ADJECTIVE_ENDS))


#: Capitalised words that open a sentence as its subject but name no one ("Another said")
_QUANTITY_WORDS = frozenset("another others several many some few most all both each one".split())


def _phrase(text: str, toks: list[re.Match], j: int, i: int) -> Source | None:
    """Classify toks[j..i] (a noun phrase ending in the head at i)."""
    words = [t.group() for t in toks[j : i + 1]]
    start, end = toks[j].start(), toks[i].end()
    if len(words[-1]) > 3 and words[-1].endswith("."):
        # a sentence's full stop, not an abbreviation ("said Jane Roe.")
        words[-1] = words[-1][:-1]
        end -= 1
    head = words[-1]
    lhead = head.lower()
    if lhead.endswith(("’s", "'s")):
        return None
    if _cap(head):
        name, titled = split_title([w for w in words if w.lower() not in DETERMINERS or _cap(w)])
        if (len(words) == 1 and lhead in SOURCE_NOUNS) or lhead.rstrip(".") in ORG_HEADS or lhead in GROUP_NAMES or head.isupper() or (bool(name) and any(w in ORG_HEADS or w in PLACES for w in name[-1].lower().split("-"))):
            s = j
            while s < i and words[s - j].lower() in NOT_NAMES and words[s - j].lower() not in DETERMINERS:
                s += 1
            return Source("org", toks[s].start(), end, text[toks[s].start() : end], [])
        if not name or (len(name) == 1 and lhead in _QUANTITY_WORDS):
            return Source("desc", start, end, text[start:end], [])  # (and "Another said": someone not named)
        # a person's name is at most four words; longer runs are organisations or titles
        if len(name) > 4:
            return Source("org", start, end, text[start:end], [])
        first = toks[i - len(name) + 1]
        return Source("person", first.start(), end, text[first.start() : end], name, start)
    if lhead in SOURCE_NOUNS or (lhead.endswith("s") and lhead[:-1] in SOURCE_NOUNS):
        return Source("desc", start, end, text[start:end], [])
    return None


def subject_before(text: str, lo: int, pos: int, sentence_start: int = -1) -> Source | None:
    """The source phrase ending just before ``pos`` (a speech verb), looking back to ``lo``.

    ``sentence_start`` (when ``lo`` is the start of the sentence) lets a name that opens
    the sentence be found behind a chain of appositives.
    """
    share = None
    a = max(lo, pos - 90)
    near = text[a:pos]  # (``in`` on the slice: cheaper than four calls of ``text.find``)
    if "percent" in near or "%" in near or " in " in near or " out of " in near:
        share = _SHARE_AT.match(text, lo, pos) if pos - lo < 90 else None
        if share is None:
            share = _SHARE.search(text, a, pos)
    if share is not None:
        # "56 percent of voters polled said", "nine in 10 say": a share of a group
        return Source("desc", share.start(1), share.end(1), share.group(1), [])
    toks = list(_TOK.finditer(text, lo, pos))
    i = len(toks) - 1
    if _may_hold_relative(text, lo, pos):  # (a cheap test first: most phrases have neither)
        rel = _relative_antecedent(text, toks, i, sentence_start)
        if rel is not None:
            return rel
    # adverbs, auxiliaries and time phrases between subject and verb
    while i >= 0:
        w = toks[i].group()
        lw = w.lower()
        if lw in _NAME_AUXILIARIES and w[:1].isupper() and i == len(toks) - 1 and _inflected_at(text, pos):
            break  # '"…," Will wrote': a modal before a past verb is a surname
        if lw in ADVERBS or (lw in _MODAL_SKIP and i > 0 and (toks[i - 1].group().islower() or (w.islower() and not _belief_at(text, pos)))) or (lw.endswith("ly") and w.islower() and len(w) > 4 and lw not in _LY_NOUNS) or (
            lw in _REFLEXIVES and i > 0
        ):
            i -= 1
            continue
        break
    if i < 0:
        return None
    if any(w in near for w in _MAY_BE_MODIFIED):
        src = _modified_source(text, toks, i)
        if src is not None:
            return src
    w = toks[i].group()
    lw = w.lower()
    if lw in PRONOUNS:
        return Source("pronoun", toks[i].start(), toks[i].end(), w, [lw])
    if w in _DASHES:
        # "Jane Roe — who has led the union since May — said": skip the aside
        while i > 0 and toks[i - 1].group() in _DASHES:
            i -= 1  # a closing "--"
        k = i - 1
        while k >= 0 and toks[k].group() not in _DASHES and i - k < 40:
            k -= 1
        while k > 0 and toks[k - 1].group() in _DASHES:
            k -= 1  # "--"
        if k <= 0 or toks[k].group() not in _DASHES:
            return None
        i = k - 1
        w = toks[i].group()
        lw = w.lower()
        if lw in PRONOUNS:
            return Source("pronoun", toks[i].start(), toks[i].end(), w, [lw])
    if w == ")":
        # "Jane Roe (D-N.Y.) said": skip the bracket
        k = i
        while k >= 0 and toks[k].group() != "(":
            k -= 1
        if k <= 0 or i - k > 30:
            return None
        i = k - 1
        w = toks[i].group()
        lw = w.lower()
    if w == ",":
        src = appositive_head(text, sentence_start, pos)
        if src is not None:
            return src
        if i >= 3 and toks[i - 1].group() == ")":
            # "…, Gov. Jane Roe (R-OH), said": the name before the bracket
            b = _before_bracket(toks, i - 1)
            src = _np_ending(text, toks, b) if b >= 0 else None
            if src is not None and src.kind == "person":
                return src
        # a name opening the clause, then appositives: "Jane Roe, 29, of Springfield, Ill., says"
        first_comma = next((x for x in range(i) if toks[x].group() == ","), None)
        if first_comma is not None and first_comma < i and 1 <= first_comma <= 4:
            head_toks = toks[:first_comma]
            if lo == sentence_start and all(_cap(t.group()) for t in head_toks) and toks[0].group().lower() not in _STOP and toks[0].start() == _clause_open(text, lo, toks[0].start()):
                src = _phrase(text, toks, 0, first_comma - 1)
                if src is not None and src.kind == "person":
                    return src
        # an appositive: "Jane Roe, a ministry spokeswoman, said"
        k = i - 1
        while k >= 0 and toks[k].group() != "," and i - k < 25:
            k -= 1
        if k <= 0 or toks[k].group() != ",":
            return None
        if (_PLACE_PART.fullmatch(text, toks[k + 1].start(), toks[i].start()) or (
            i - k <= 3 and text[toks[k + 1].start() : toks[i - 1].end()].lower() in PLACES and toks[k - 1].group()[:1].isupper()
        )) and toks[k].start() > lo:
            # "Jane Roe of Washington, D.C., said", "a woman in Worcester, Massachusetts, told":
            # the state or district ends the place
            src = subject_before(text, lo, toks[k].start(), sentence_start)
            if src is None or src.kind != "person":
                return None
            a = max(lo, src.start - 40)
            someone = _SOMEONE_FROM.search(text, a, src.start)
            if someone is not None and len(src.words) == 1:
                # "a woman in Worcester, Massachusetts, told": the place is where she is from
                return Source("desc", someone.start(), src.end, text[someone.start() : src.end], [])
            return src
        nxt = toks[k + 1].group()
        lnxt = nxt.lower()
        for t in toks[k + 1 : i]:
            lt = t.group().lower()
            if lt in ("who", "whose", "which", "that"):
                break  # "a strategist who has …": a relative clause inside the appositive
            if lt in _CLAUSE_WORDS:
                return None  # "…, the race will be tight, said": a clause, not an appositive
        if lnxt == "who" or lnxt in DETERMINERS or lnxt in TITLES or nxt.islower() or nxt[0].isdigit() or nxt.endswith(("’", "'")) or nxt.endswith(("’s", "'s")):
            b = k - 1
            if b >= 2 and toks[b].group() == ")":
                # "Jane Roe (D), a Clinton supporter, praised": the name before the bracket
                b = _before_bracket(toks, b)
                b = b if b >= 0 else k - 1
            return _np_ending(text, toks, b)
        inner = [t.group() for t in toks[k + 1 : i]]
        if 1 <= len(inner) <= 4 and all(_cap(t) for t in inner):
            # "the top diplomat for the region, Jane Roe, said": the name between the commas
            return _phrase(text, toks, k + 1, i - 1)
        src = _np_ending(text, toks, k - 1)
        return src if src is not None and src.kind == "person" else None
    j = i - 1  # the determiner: "at the time", "in his announcement speech"
    while j > i - 3 and j >= 2 and toks[j].group().lower() not in DETERMINERS and toks[j].group().isalpha() and toks[j].group().islower():
        j -= 1
    if j >= 2 and lw not in SOURCE_NOUNS and toks[j].group().lower() in DETERMINERS and toks[j - 1].group().lower() in _PP_PREPOSITIONS and (j == i - 1 or (_PERSON_BEFORE_PP.match(toks[j - 2].group()) and lw not in _NOT_HEAD_NOUNS)):
        # "Roe at the time said", "Roe in his announcement speech called": the person before
        # the phrase; "a staffer in the room wondered": the description with it
        i = j + 1
        k = i - 3
        while k >= 0 and (toks[k].group().lower() in ADVERBS or (toks[k].group().endswith("ly") and toks[k].group().islower())):
            k -= 1
        before = _np_ending(text, toks, k) if k >= 0 else None
        if before is not None and before.kind == "person":
            return before
        if before is not None and before.kind == "desc" and k == i - 3:
            return Source("desc", before.start, toks[i].end(), text[before.start : toks[i].end()], [], before.lead)
    src = _np_ending(text, toks, i)
    if src is not None and src.kind == "org" and sentence_start >= 0 and text.find(",", sentence_start, pos) >= 0:
        # "Jane Roe, the director for the Iowa Party said": the appositive's closing comma left out
        alt = appositive_head(text, sentence_start, pos)
        if alt is not None and alt.kind == "person" and not _CONJUNCTION_OR_RELATIVE.search(_TITLES_JOINED.sub(" ", text[alt.end : pos])) and text.count(",", alt.end, pos) == 1:
            return alt
    if src is not None and src.kind in ("org", "person") and i - (k := _token_before(toks, i, src.start)) <= 2 and k >= 3 and toks[k].group() == ",":
        # "Jane Roe of Springfield, Illinois says": a place, the person before "of" it
        of = k - 2 if toks[k - 2].group() == "of" else k - 3 if k >= 4 and toks[k - 3].group() == "of" else -1
        if of >= 1 and all(_cap(t.group()) for t in toks[of + 1 : k]):
            before = _np_ending(text, toks, of - 1)
            if before is not None and before.kind == "person":
                return before
    return _for_someone(text, toks, src) if src is not None and src.kind in ("person", "org") else src


#: nouns in -ly, which the adverb rule above would skip ("the family said"); a word in -ly
#: after a determiner is still an adverb ("the highly criticized plan")
_LY_NOUNS = frozenset("family ally assembly rally bully monopoly supply homily anomaly".split())


def _for_someone(text: str, toks: list[re.Match], src: Source) -> Source:
    """"A spokesman for Jane Roe", "the wife of Jane Roe", "a letter to Roe": the description
    before the name is the source, not the person it names."""
    at = src.lead if src.lead >= 0 else src.start
    k = len(toks) - 1
    while k > 0 and toks[k].start() > at:
        k -= 1
    if k < 2 or toks[k].start() != at or not _cap(toks[k].group()) or toks[k - 1].group() not in ("for", "of", "to"):
        return src  # (and "former secretary of state Jane Roe": a title)
    noun = toks[k - 2].group()
    ln = noun.lower()
    if not noun.islower() or not (ln in SOURCE_NOUNS or (ln.endswith("s") and ln[:-1] in SOURCE_NOUNS)) or ln in _FRAME_NOUNS:
        return src  # ("a statement to Wired": the paper it was given to)
    desc = _np_ending(text, toks, k - 2)
    if desc is None or desc.kind != "desc":
        return src
    return Source("desc", desc.start, src.end, text[desc.start : src.end], src.words if src.kind == "person" else [])


#: Words that open what a description of a source says of it ("a person close to the
#: campaign", "one official familiar with the talks", "a senior aide to the governor").
_MODIFIER_WORDS = frozenset(
    "familiar close involved connected knowledgeable briefed tied linked loyal allied aligned opposed sympathetic".split()
)
_MODIFIER_ALTERNATIVES = "|".join(sorted(_MODIFIER_WORDS))
#: What may stand between a source noun and its verb ("people familiar with the talks said",
#: "officials with knowledge of the plan"): a test on the text before the verb, cheaper
#: than the pattern below
_MAY_BE_MODIFIED = tuple(_MODIFIER_WORDS - {"knowledgeable"}) + ("knowledge",)
_MODIFIED_SOURCE = re.compile(
    r"([\w’'-]+)[ \u00a0]+(?:(?:" + _MODIFIER_ALTERNATIVES + r")[ \u00a0]+(?:with|to|in|on|about)"
    r"|with[ \u00a0]+(?:direct[ \u00a0]+|firsthand[ \u00a0]+|first-hand[ \u00a0]+|intimate[ \u00a0]+|inside[ \u00a0]+)?knowledge[ \u00a0]+of)"
    r"((?:[ \u00a0]+[^\s,;:!?()\"“”\u2014\u2013]+){1,7})$"
)
#: words that end the phrase after "close to", "familiar with": a clause, not a thing
_MODIFIED_STOP = frozenset("who which that said says say told is are was were has have had will would".split())


def _modified_source(text: str, toks: list[re.Match], i: int) -> Source | None:
    """"A person close to the campaign", "people familiar with the talks", "officials with
    knowledge of the plan": a source noun and what it is close to, ending at toks[i].  The
    source is the whole description, never the name inside it ("a source close to Jane
    Roe" is not Jane Roe)."""
    start_at = toks[max(0, i - 12)].start()
    m = _MODIFIED_SOURCE.search(text, start_at, toks[i].end())
    if m is None:
        return None
    head = m.group(1).lower()
    if not (head in SOURCE_NOUNS or (head.endswith("s") and head[:-1] in SOURCE_NOUNS)):
        return None
    if any(w.lower() in _MODIFIED_STOP for w in m.group(2).split()):
        return None
    h = i
    while h >= 0 and toks[h].start() > m.start(1):
        h -= 1
    if h < 0 or toks[h].start() != m.start(1):
        return None
    np = _np_ending(text, toks, h)
    start = np.start if np is not None and np.kind == "desc" else m.start(1)
    end = toks[i].end()
    if text[end - 1] == "." and len(toks[i].group()) > 4:
        end -= 1  # the sentence's full stop
    return Source("desc", start, end, text[start:end], [])


#: common irregular past forms: a verb, where a description's words would go on
_PAST_IRREGULAR = frozenset("began took made went gave came got put ran sat stood held brought thought felt kept left met paid sent spent won lost found".split())
_TITLE_OR_PLACE = TITLES | PLACES
#: auxiliaries that are also surnames ("George Will", "Theresa May")
_NAME_AUXILIARIES = frozenset("will may".split())
_WORD_AT = re.compile(r"[a-z]+")


def _inflected_at(text: str, pos: int) -> bool:
    """True when the verb at ``pos`` is a past or third-person form ("wrote", "says"), which
    no modal stands before."""
    m = _WORD_AT.match(text, pos)
    return m is not None and m.group() in FORMS and FORMS[m.group()] != m.group()


#: month abbreviations, which are also given names or surnames ("Jun", "Dec" never stand
#: without a stop or a day after them as a date: "Jun 5", "Jun.")
_MONTH_SHORT = frozenset("jun jan may".split())
_NOT_HEAD_NOUNS = frozenset("and or but nor then also who which that".split())
#: a capitalised word (a name's last) right before a prepositional phrase of three or four words
_PERSON_BEFORE_PP = re.compile(r"[A-Z][\w’'-]*")
#: "a woman in ", "one voter from ": someone described by where they are from
_SOMEONE_FROM = re.compile(r"\b(?:[Aa]n?|[Oo]ne|[Tt]he)[ \u00a0]+[a-z]+[ \u00a0]+(?:in|from|of|at)[ \u00a0]+$")
#: "president and CEO": two titles joined, inside one appositive
_TITLES_JOINED = re.compile(r"\band(?=[ \u00a0]+(?:CEO|chief|founder|chairman|chairwoman|president|director|owner|editor|publisher|partner)\b)")
_CONJUNCTION_OR_RELATIVE = re.compile(r"\b(?:and|or|but|who|which|that|whom)\b")


def _before_bracket(toks: list[re.Match], close: int) -> int:
    """The index of the token before the "(" that the ")" at ``close`` closes, within 11
    tokens (-1 when there is none)."""
    k = close
    while k > 0 and toks[k].group() != "(" and close - k < 11:
        k -= 1
    return k - 1 if k > 0 and toks[k].group() == "(" else -1


def _token_before(toks: list[re.Match], i: int, start: int) -> int:
    """The index of the last token before ``start`` (-1 when none)."""
    while i >= 0 and toks[i].start() >= start:
        i -= 1
    return i


def _relative_antecedent(text: str, toks: list[re.Match], i: int, sentence_start: int = -1) -> Source | None:
    """The phrase a relative clause or participle before the verb hangs on.

    "Roe, who has in the past described …", "an official who spoke anonymously to discuss
    strategy said", "a source speaking to Fox News said": the verb's source is the phrase
    before "who" (or the participle), not the last noun before the verb.  "who" itself
    (a pronoun for the person named last) when nothing before it is a source.
    """
    k = i
    while k >= 0 and i - k < 12:
        t = toks[k].group()
        lt = t.lower()
        if lt in ("who", "which") or (lt == "whose" and i - k > 2):
            break  # (and "The officials whose laws were struck down say": not "the man whose lawyers say")
        if lt in _LINKING_PARTICIPLES and k > 0 and k < i and toks[k + 1].group().lower() in ("to", "with"):
            break
        if not (t.isalnum() or (t[0].isalnum() and t[-1].isalnum())) or lt in _CLAUSE_BREAKS:
            return None  # punctuation, a conjunction: the clause before is not this verb's
        k -= 1
    else:
        return None
    if k < 0 or k == i:
        return None
    lt = toks[k].group().lower()
    if lt in ("who", "which") and k + 1 <= i:
        nxt = toks[k + 1].group()
        ln = nxt.lower()
        if ln in _PRONOUN_AFTER_WHO or ln in DETERMINERS or _cap(nxt) or (
            k + 1 == i and (ln in SOURCE_NOUNS or ln in _QUANTIFIERS or (ln.endswith("s") and ln[:-1] in SOURCE_NOUNS))
        ):
            return None  # "which Roe had called", "who an aide said", "which officials said": the clause has its own subject
    j = k - 1
    if j >= 0 and toks[j].group() == ",":
        j -= 1  # "Roe, who …"
    src = _np_ending(text, toks, j) if j >= 0 else None
    if src is not None and src.kind == "desc" and sentence_start >= 0 and text[: src.start].rstrip(" \u00a0").endswith(","):
        # "Nate Roe, the polling guru who founded the site, tweeted": the name the description is of
        name = appositive_head(text, sentence_start, toks[k].start())
        if name is not None and name.kind == "person":
            return name
    if src is not None and src.kind != "pronoun":
        return src
    if lt == "who":
        return Source("pronoun", toks[k].start(), toks[k].end(), toks[k].group(), ["who"])
    return None


def _may_hold_relative(text: str, lo: int, pos: int) -> bool:
    """False when :func:`_relative_antecedent` finds nothing in text[lo:pos] for want of its
    words: "who", "which" or a linking participle, in any case.

    A token that lower-cases to one of them is inside the lower-cased text, so ``in``
    on that string (searched in C) tests what a case-insensitive regex search did.
    """
    low = text[lo:pos].lower()
    return "who" in low or "which" in low or "speaking" in low or "talking" in low or "writing" in low


_LINKING_PARTICIPLES = frozenset("speaking talking writing".split())
_CLAUSE_BREAKS = frozenset("and or but that when while because if as than so whom whose".split())
_PRONOUN_AFTER_WHO = frozenset("he she they i we it you".split())


_REFLEXIVES = frozenset("himself herself themselves itself".split())  # "Roe himself acknowledged"
#: auxiliaries between a subject and its verb that :data:`names.ADVERBS` leaves out ("they should add")
_MODAL_SKIP = frozenset("should can could may might must shall were are".split())
_WORD_AT = re.compile(r"[a-z]+")


def _belief_at(text: str, pos: int) -> bool:
    """Whether the verb at ``pos`` is one of belief (or "question"): after a name and a modal
    ("Audiences can expect", "Judicial Watch could question Roe") it guesses, where
    "Dana Roe could only quip:" reports."""
    m = _WORD_AT.match(text, pos)
    return m is not None and (FORMS.get(m.group()) in BELIEF or FORMS.get(m.group()) == "question")


_PP_PREPOSITIONS = frozenset("at in on during for from with inside outside near after before without among".split())


_FRONTED_WORDS = frozenset(
    "in on at after before during speaking asked earlier later last when while since with despite following writing "
    "appearing addressing responding interviewed meanwhile however still yet and but so then now for just".split()
)
_BRACKET = re.compile(r"\s*\([^()]{0,40}\)")


def appositive_head(text: str, sentence_start: int, pos: int) -> Source | None:
    """The name a chain of appositives hangs on: "Jane Roe, R-Ky., said", "Jane Roe, now
    81 and retired in Cambridge, Mass., said", "In May, Sen. Jane Roe (D-Mo.), who …, said".

    The clause is read from its start (the sentence's, or the end of a quotation before
    the name); a fronted adverbial up to its comma is skipped.  The name must stand
    alone before the first comma, and the parts between it and the verb must be
    appositives, not clauses.
    """
    if sentence_start < 0 or pos - sentence_start > 400:
        lo = max(0, pos - 300) if sentence_start < 0 else max(sentence_start, pos - 300)
    else:
        lo = sentence_start
    head = _SPACES.match(text, lo, pos).end()
    if text.startswith(("\"", "“", "''"), head):
        # '"…," Senate Majority Leader Jane Roe, R-Ky., said': the clause begins after the quotation
        for mark in ('"', "”", "''"):
            k = text.rfind(mark, head + 1, pos)
            if k >= 0:
                lo = max(lo, k + len(mark))
    lo = _OPEN_PUNCT.match(text, lo, pos).end()
    conj = _CONJUNCTION_OPEN.match(text, lo, pos)
    if conj is not None:
        lo = conj.end()  # "But Jane Roe, who …, added": the conjunction, not a fronted phrase
    for _ in range(4):
        first = _FIRST_WORD.match(text, lo, pos)
        if first is None:
            break
        comma = text.find(",", lo, pos)
        place = comma > lo and _PLACE_PART.fullmatch(text, lo, comma) is not None and text[lo:comma].strip(". ").lower() not in ("mr", "mrs", "ms", "dr")
        if first.group(1).lower() not in _FRONTED_WORDS and not place:
            break  # "…, in Berea, OH, after winning …, Gov. Jane Roe said": places are skipped too
        comma = text.find(",", lo, pos)
        if comma < 0 or comma - lo > 90:
            return None
        lo = _OPEN_PUNCT.match(text, comma + 1, pos).end()
    comma = text.find(",", lo, pos)
    if comma <= lo or comma >= pos - 1:
        return None
    head_end = comma
    b = _BRACKET.search(text, lo, comma)
    if b is not None and b.end() == comma:
        head_end = b.start()  # "Sen. Jane Roe (D-Mo.),"
    elif not text[comma + 1 : pos].strip(" ,\u00a0"):
        return None  # "Roe, said Poe, …": an inverted attribution, no appositive
    toks = list(_TOK.finditer(text, lo, head_end))
    of = next((x for x in range(2, len(toks) - 1) if toks[x].group() == "of"), None)
    if of is not None:
        toks = toks[:of]  # "Rep. Jane Roe of New York, a …, said"
    if len(toks) == 1 and (toks[0].group().endswith(".") or toks[0].group().lower() in PLACES):
        return None  # "…, Va., Roe said": a place, not the name
    if not 1 <= len(toks) <= 7 or not all(_cap(t.group()) or t.group().lower() in _PARTICLES for t in toks):
        return None
    if toks[0].group().lower() in NOT_NAMES and toks[0].group().lower() not in ("mr.", "mrs.", "ms.", "dr."):
        return None
    src = _phrase(text, toks, 0, len(toks) - 1)
    if src is None or src.kind != "person":
        return None
    # everything between the name and the verb: appositives ("a senator", "29", "R-Ky.",
    # "who has led the union since May"), never a clause of its own
    rest = text[comma + 1 : pos]
    for part in rest.split(","):
        words = part.split()
        if not words:
            continue
        for x in words:
            lx = x.lower()
            if lx in ("who", "whose", "which", "whom", "that"):
                break  # a relative clause inside the appositive
            if lx in _CLAUSE_WORDS:
                return None
    return src


_CONJUNCTION_OPEN = re.compile(r"(?:And|But|So|Yet|Or|Then|Still|Now|As)\b,?[ \u00a0]+(?=[A-Z])")
_PLACE_PART = re.compile(r"[A-Z]{2}|[A-Z][a-z]{1,4}\.(?:[ \u00a0]?[A-Z][a-z]?\.)?|[A-Z]\.[A-Z]\.")
_SPACES = re.compile(r"[\s]*")
_OPEN_PUNCT = re.compile(r"[\s\"“”‘’'(\[,.;:\u2014\u2013-]*")
_FIRST_WORD = re.compile(r"(\w+)")


_OPENING = re.compile(r"[\s\"“”‘’'(\[,.;:\u2014-]*$")


#: what joins names in a coordinated subject: " and " before the last one, ", " before the others
_AND_BEFORE = re.compile(r"(?:,?[ \u00a0]+and|,)[ \u00a0]+$")


#: a dateline opening the sentence: "PORTVILLE — ", "WASHINGTON (AP) -- ", "DES MOINES, Iowa — "
_DATELINE = re.compile(r"[\s\"“]*[A-Z][A-Z.'’ -]+(?:,[ \u00a0]+[A-Z][\w.]*(?:[ \u00a0][A-Z][\w.]*)?)?(?:[ \u00a0]*\([^()\n]{1,30}\))?[ \u00a0]*(?:[\u2014\u2013]|--?)[ \u00a0]*")


def coordinated(text: str, src: Source, clause_start: int) -> Source:
    """``src`` (a person) with the persons named before it in the same subject, when the
    first of them opens the clause: "Dana Roe and Tom Lee said", "Roe, Poe and Lee told".
    Else ``src`` as it is ("met Dana Roe and Tom Lee said": Roe is no subject)."""
    a = src.lead if src.lead >= 0 else src.start
    sep = _AND_BEFORE.search(text, max(clause_start, a - 6), a)
    if sep is None or "and" not in sep.group():
        return src
    dateline = _DATELINE.match(text, clause_start, a)
    if dateline is not None:
        clause_start = dateline.end()  # "PORTVILLE — Dana Roe and Tom Lee said"
    firsts: list[Source] = []
    while sep is not None and len(firsts) < 4:
        prev = subject_before(text, max(clause_start, sep.start() - 60), sep.start(), clause_start)
        if prev is None or prev.kind != "person" or prev.end != sep.start() or prev.others:
            return src
        firsts.insert(0, prev)
        a = prev.lead if prev.lead >= 0 else prev.start
        if _clause_open(text, clause_start, a) == a:
            return Source("person", prev.start, src.end, text[prev.start : src.end], src.words, a, tuple(p.words for p in firsts))
        sep = _AND_BEFORE.search(text, max(clause_start, a - 2), a)
        if sep is not None and sep.group() != ", ":
            return src
    return src


#: a plural noun and "and" before a description: "teachers and union officials told"
_DESC_AND = re.compile(r"(?<![\w’'-])([A-Za-z][\w-]*)[ \u00a0]+and[ \u00a0]+$")


def coordinated_desc(text: str, src: Source, clause_start: int) -> Source:
    """A description with the group joined to it by "and" when that group opens the clause
    or follows its comma: "teachers and union officials told", "Democrats and civil rights
    groups say" (not "met teachers and union officials said")."""
    m = _DESC_AND.search(text, max(clause_start, src.start - 30), src.start)
    if m is None:
        return src
    w = m.group(1).lower()
    if not (w.endswith(("s", "men")) and w.isalpha() and w not in _STOP and w not in ADVERBS):
        return src  # a plural group: "teachers", "Fishermen", "Democrats"
    a = m.start(1)
    before = text[max(clause_start, a - 3) : a].rstrip(" \u00a0")
    if _clause_open(text, clause_start, a) != a and before[-1:] not in (",", ";", ":", "(", "\u2014"):
        return src
    return Source("desc", a, src.end, text[a : src.end], [], src.lead)


def _clause_open(text: str, lo: int, pos: int) -> int:
    """``pos`` when only punctuation and quotation marks stand between ``lo`` and it."""
    return pos if _OPENING.match(text, lo, pos) else -1


def _person_before_of(text: str, toks: list[re.Match], j: int, of: int) -> Source | None:
    """The person named by toks[j..of) when they are a name of two or more words (titles aside)."""
    run = [t.group() for t in toks[j:of]]
    names = [w for w in run if w.lower().rstrip(".") not in TITLES]
    if len(names) >= 2 and all(_cap(w) for w in names) and not any(w.lower() in ORG_HEADS or w.lower() in NOT_NAMES for w in names):
        src = _phrase(text, toks, j, of - 1)
        if src is not None and src.kind == "person":
            return src
    return None


def _common_word_as_name(text: str, toks: list[re.Match], i: int) -> bool:
    """True when a capitalised word that is usually no name ends one here: an
    organisation's last word ("Judicial Watch"), a surname after a given name ("Ian Read"),
    a name that is also a month, with no stop or day after it ("Ai Jun wrote")."""
    w = toks[i].group()
    lw = w.lower()
    prev = toks[i - 1].group() if i > 0 else ""
    if lw in ORG_HEADS and _cap(prev) and prev.lower() not in NOT_NAMES:
        return True
    if lw in SURNAME_WORDS and prev and given_name_word(prev):
        return True
    end = toks[i].end()
    return lw in _MONTH_SHORT and not w.endswith(".") and text[end : end + 1] == " " and not text[end + 1 : end + 2].isdigit()


def _np_ending(text: str, toks: list[re.Match], i: int) -> Source | None:
    """The noun phrase whose head is toks[i], extended leftwards."""
    if i < 0:
        return None
    w = toks[i].group()
    lw = w.lower()
    if lw in PRONOUNS:
        return Source("pronoun", toks[i].start(), toks[i].end(), w, [lw])
    if _cap(w):
        if lw in _GROUP_QUANTIFIERS and (i == 0 or not _cap(toks[i - 1].group())):
            return Source("desc", toks[i].start(), toks[i].end(), w, [])  # "Many said …", like "but many said"
        if lw in NOT_NAMES and (lw not in DETERMINERS or i == 0 or not _cap(toks[i - 1].group())) and not _common_word_as_name(text, toks, i):
            return None  # "That was likely welcome news": a determiner alone is no source
        j = i
        while j > 0:
            p = toks[j - 1].group()
            lp = p.lower()
            if p.endswith(_POSS) and j < i:
                break  # "Iowa State University's Jane Roe": the name is after the possessive
            if _cap(p) and lp not in NOT_NAMES:
                j -= 1
            elif lp in _PARTICLES and j - 2 >= 0 and _cap(toks[j - 2].group()):
                j -= 1
            elif lp in ("for", "on") and j - 2 >= 0 and _cap(toks[j - 2].group()) and toks[j - 2].group().lower() in ORG_HEADS:
                j -= 1  # "the Center for Nonproliferation Studies", "the Council on Foreign Relations": one name
            elif p.islower() and lp in TITLES and lp not in ("of", "the"):
                j -= 1  # "press secretary Jane Roe", "coordinator Jane Roe"
            elif lp in ("the",):
                if j >= 3 and toks[j - 2].group() == "of" and _cap(toks[j - 3].group()) and i - j < 8:
                    j -= 2  # "Jane Roe of the Harbour Trust of Boston": the run goes on before "of the"
                    continue
                j -= 1
                break
            else:
                break
        ofs = [x for x in range(j + 1, i) if toks[x].group() == "of"]
        for at_of in ofs if len(ofs) > 1 else ():
            # "Archbishop Jane Roe of the Patriarchate of Jerusalem": the name before the first "of"
            src = _person_before_of(text, toks, j, at_of)
            if src is not None:
                return src
        of = ofs[-1] if ofs else None
        if of is not None and (i - of <= 3 or (i - of <= 7 and toks[of + 1].group() in ("the", "The"))):
            # "Rep. Jane Roe of New York": the name is before "of", the place after it
            src = _person_before_of(text, toks, j, of)
            if src is not None:
                return src
        return _phrase(text, toks, j, i)
    if lw in ("them", "us", "those") and i >= 2 and toks[i - 1].group().lower() == "of":
        q = toks[i - 2].group()
        if q.lower() in _QUANTIFIERS or q.isdigit():
            # "most of them said", "two of those"
            return Source("desc", toks[i - 2].start(), toks[i].end(), text[toks[i - 2].start() : toks[i].end()], [])
        return None
    known = lw in SOURCE_NOUNS or (lw.endswith("s") and lw[:-1] in SOURCE_NOUNS)
    if not known and lw.endswith("ed") and i > 0 and toks[i - 1].group().lower() in SOURCE_NOUNS:
        return _np_ending(text, toks, i - 1)  # "a report issued earlier this year reported": the noun, not its participle
    if not known and i >= 2 and toks[i - 1].group() == "of" and w.isalpha() and w.islower() and lw not in _STOP:
        head = toks[i - 2].group().lower()
        if head in SOURCE_NOUNS or (head.endswith("s") and head[:-1] in SOURCE_NOUNS):
            # "Several supporters of reform said": the source noun, then what it is of
            inner = _np_ending(text, toks, i - 2)
            if inner is not None and inner.kind == "desc":
                k = next((x for x in range(i - 2, -1, -1) if toks[x].start() < inner.start), -1)  # the word before it
                if k < 0 or toks[k].group().lower() not in _CLAUSE_WORDS:
                    # (not "while she was secretary of state pleaded": a predicate, no subject)
                    return Source("desc", inner.start, toks[i].end(), text[inner.start : toks[i].end()], inner.words)
    if known or (w.replace("-", "").isalnum() and w.islower() and lw not in _STOP and lw not in ADVERBS and (len(w) > 2 or w.isdigit())):
        # "a ministry spokeswoman", "the billionaire business mogul", "Roe’s campaign"
        j = i
        steps = 0
        found_det = False
        while j > 0 and steps < 5:
            p = toks[j - 1].group()
            lp = p.lower()
            if lp in DETERMINERS or lp in ("another", "one"):
                if lp == "that" and (lw.endswith("s") or j < i):
                    found_det = True  # "noted that experts say": the conjunction, not a determiner
                    break
                j -= 1
                found_det = True
                break
            if p.endswith(("’s", "'s")):
                j -= 1
                found_det = True
                k = j
                while k > 0 and j - k < 5 and (_cap(toks[k - 1].group()) or (toks[k - 1].group() in TITLES and k > 1 and _cap(toks[k - 2].group()))) and (
                    toks[k - 1].group().lower() not in NOT_NAMES and not toks[k - 1].group().endswith(_POSS)
                ):
                    k -= 1  # ("the State Department inspector general's report": the whole owner)
                if k < j:
                    # "Jane Roe’s top aide", "the White House’s spokesman": the whole name owns
                    # the description, and a person's is named
                    name = [t.group() for t in toks[k : j + 1]] if given_name_word(toks[k].group()) else []
                    if name:
                        name[-1] = name[-1][:-2]
                    return Source("desc", toks[k].start(), toks[i].end(), text[toks[k].start() : toks[i].end()], name)
                break
            if p in ("’", "'") and j >= 2 and toks[j - 2].end() == toks[j - 1].start() and toks[j - 2].group().endswith("s") and _cap(toks[j - 2].group()):
                j -= 2  # "Sanders’ campaign": the possessive of a name ending in s
                found_det = True
                break
            if (_cap(p) and lp not in NOT_NAMES) or (p.replace("-", "").isalpha() and (p.islower() or (p[:1].islower() and "-" in p)) and lp not in ADVERBS and lp not in _STOP):
                j -= 1
                steps += 1
                continue
            break
        if not known and (not found_det or i - j > 3 or any(t.group().lower() in _MODALS for t in toks[j:i])):
            # "many backers", "several observers", "21 percent", "one in four"
            if not (lw.endswith("s") or lw == "percent" or lw in _NUMBERS) or i - j > 2 or any(
                t.group().lower() in _MODALS for t in toks[j:i]
            ):
                return None
        if j >= 2 and toks[j - 1].group() == "of" and toks[j - 2].group().lower() in _COLLECTIVES and toks[j - 2].group().islower():
            # "a wide array of economists", "a handful of aides": the whole group
            k = j - 2
            while k > 0 and i - k < 8 and toks[k - 1].group().isalpha() and (
                toks[k - 1].group().lower() in DETERMINERS or (toks[k - 1].group().islower() and toks[k - 1].group() not in _STOP)
            ):
                k -= 1
                if toks[k].group().lower() in DETERMINERS:
                    break
            j = k
        elif found_det and j >= 2 and toks[j - 1].group() == "of" and toks[j - 2].group().lower() in _QUANTIFIERS:
            j -= 2  # "one of the prosecutors", "some of his aides": the share of the group
        elif found_det and j >= 2 and toks[j - 1].group() == "of" and toks[j - 2].group().isalpha() and toks[j - 2].group().islower():
            # "the organizer of a rally": take the head before "of" and its determiner
            k = j - 2
            while k > 0 and i - k < 10 and toks[k - 1].group().lower() not in DETERMINERS and toks[k - 1].group().isalpha() and toks[k - 1].group().lower() not in _STOP:
                k -= 1
            if k > 0 and toks[k - 1].group().lower() in DETERMINERS:
                j = k - 1
        return Source("desc", toks[j].start(), toks[i].end(), text[toks[j].start() : toks[i].end()], [])
    return None


_CLAUSE_WORDS = frozenset("is are was were be been will would can could should has have had said says told do does did not".split())
_DASHES = frozenset("\u2014 \u2013 -".split())
_COLLECTIVES = frozenset("array number majority minority handful host lot couple series variety range slew raft chorus group coalition dozens hundreds scores".split())
_GROUP_QUANTIFIERS = frozenset("some many most several few others".split())
_QUANTIFIERS = frozenset("most many some all several both few none each either neither half one two three four five six seven eight nine ten".split())
_NUMBERS = frozenset("two three four five six seven eight nine ten 10 majority half third quarter most many some few another".split())  # (and "another says")
_MODALS = frozenset("should would could will can may might must shall to not stop keep".split())
_STOP = frozenset(
    """
    and or but that which who whom whose when while as if because since after before than then so
    to of in on at by for from with about into over under against between through during without
    is are was were be been being has have had do does did not no nor said says told
    where whereas whether why how what
    """.split()
)


_AFTER_STOP = _STOP | frozenset("who whose said says told added tuesday monday wednesday thursday friday saturday sunday".split())


#: a quoted title after a determiner, then perhaps its noun: 'the "Medicare for all" document'
_TITLE_NEXT = re.compile(r"[ \u00a0]*[\"“‘](?=[A-Z])(?P<title>[^\"“”‘’\n]{1,60}?)[\"”’](?:[ \u00a0]+(?P<noun>[a-z]{3,})\b)?")


def through_title(text: str, src: Source, hi: int) -> Source:
    """A phrase cut short by a quoted title after its determiner, carried through it and its noun."""
    last = src.text.rsplit(None, 1)[-1].lower() if src.text.strip() else ""
    if last not in DETERMINERS:
        return src
    m = _TITLE_NEXT.match(text, src.end, hi)
    if m is None:
        return src
    end = m.end()
    noun = m.group("noun")
    if noun is not None and (m.group("title")[-1] in ",." or noun in _AFTER_STOP or noun in DETERMINERS or noun.endswith("ly")):
        end = m.start("noun")
        while text[end - 1] in " \u00a0":
            end -= 1
    return Source(src.kind, src.start, end, text[src.start : end].replace(",”", "”").replace(',"', '"'), src.words, src.lead)


def subject_after(text: str, pos: int, hi: int) -> Source | None:
    """The source phrase just after an inverted speech verb (``said Jane Roe``)."""
    src = _subject_after(text, pos, hi)
    last = src.text.rsplit(None, 1)[-1] if src is not None else ""
    if src is not None and src.text.endswith(".") and len(last) > 3 and "." not in last[:-1]:
        # the sentence's full stop, not an abbreviation ("according to the Ministry.")
        src.text = src.text[:-1]
        src.end -= 1
    if src is not None and (src.kind == "desc" or (src.kind == "org" and src.text.lower() in SOURCE_NOUNS)):
        src = _with_modifier(text, src, hi)  # "Attorneys for Clinton", "a person close to …"
        src = through_title(text, src, hi)  # 'the authors of the "Growth and Opportunity Project"'
    return src


_MODIFIER = re.compile(
    r"[ \u00a0]+(?:(?:" + _MODIFIER_ALTERNATIVES + r")"
    r"[ \u00a0]+(?:with|to|in|on|about)|with[ \u00a0]+(?:direct[ \u00a0]+|firsthand[ \u00a0]+)?knowledge[ \u00a0]+of|(?:to|of|at|from|for|with|inside|within|in|by|on)(?=[ \u00a0]+(?:the|a|an|his|her|their|its|one|these|those|this|that|several|two|three|economists|researchers|scholars|analysts|[A-Z]|\d)))\b"
)
#: Nouns that make the phrase after a preposition a circumstance, not part of the source.
_FRAME_NOUNS = frozenset(
    """statement interview email e-mail call conference briefing speech rally event press release letter tweet post
    video broadcast appearance hearing meeting session debate phone telephone recent recently""".split()
) | frozenset("monday tuesday wednesday thursday friday saturday sunday week month year morning night evening afternoon".split())
_MODIFIER_END = re.compile(
    r"[,;:!?()\"“”]|(?<![A-Z])\.(?!\w)|[ \u00a0](?:who|which|that|and(?![ \u00a0][A-Z])|but|because|as|when|while|after|before|said|says|told"
    r"|is|was|are|were|has|had|have|makes|made|will|would|can|could)\b|[ \u00a0][\u2014\u2013-]"
)


_POSSESSED = re.compile(r"(?:[ \u00a0]+(?!(?:and|or|but|who|which|that|said|says|told|is|was|are|were|has|had|have|by|of|in|on|at|for|from|with|to)\b)[a-z][\w-]*){1,3}")


def _with_modifier(text: str, src: Source, hi: int) -> Source:
    """A description with what follows it: "a person close to the Clintons", "an aide to Roe"."""
    m = _MODIFIER.match(text, src.end, hi)
    if m is None:
        return src
    stop = _MODIFIER_END.search(text, m.end(), hi)
    end = stop.start() if stop is not None else hi
    while end > m.end() and text[end - 1] in " \u00a0":
        end -= 1
    words = text[m.end() : end].split()
    if words and words[0][:1].isupper():
        # "for Jane Roe appeared to …": a name as the object ends where the verb begins
        k = 0
        while k < len(words) and (words[k][:1].isupper() or words[k].lower() in _PARTICLES):
            k += 1
        if 0 < k < len(words):
            words = words[:k]
            end = text.find(words[-1], m.end(), hi) + len(words[-1])
    if words and words[-1].endswith(("’s", "'s")):
        # "a report for Oxfam on Germany's energy policies": the possessive's noun belongs to it
        tail = _POSSESSED.match(text, end, hi)
        if tail is not None:
            end = tail.end()
            words = text[m.end() : end].split()
    if not words or len(words) > 10 or any(w.lower().strip(".,") in _FRAME_NOUNS for w in words):
        return src
    if stop is not None and text[stop.start()] == "." and len(words[-1]) <= 3 and ("." in words[-1] or words[-1].isupper()):
        return src  # an abbreviation cut short ("the U.S."): keep what was certain
    return Source("desc", src.start, end, text[src.start : end], [], src.lead)


_ONE_OF = frozenset("a an one another".split())
_NUMBER = r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en)"
_SHARE_GROUP = (
    r"((?:(?:[Nn]early|[Aa]bout|[Ss]ome|[Aa]lmost|[Rr]oughly|[Jj]ust|[Oo]nly|[Mm]ore than|[Ff]ewer than|[Oo]ver|[Uu]nder|[Aa]t least)[ \u00a0]+)?"
    rf"(?:{_NUMBER}[ \u00a0]*(?:percent|%)|{_NUMBER}[ \u00a0]+(?:in|out[ \u00a0]+of)[ \u00a0]+{_NUMBER})"
    r"(?:[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+|those[ \u00a0]+|all[ \u00a0]+)?[\w’'-]+(?:[ \u00a0]+[\w’'-]+){0,3}?)?)"
    r"[ \u00a0]+(?:also[ \u00a0]+|now[ \u00a0]+)?$"
)
#: "…, 56 percent of voters said", "and nine in 10 say": a share after a clause boundary
_SHARE = re.compile(words_after_boundary(*",;(\u2014\n.!?", "and", "but", "while", "whereas", "that") + r"[ \u00a0]+" + _SHARE_GROUP)
#: the same opening the clause
_SHARE_AT = re.compile(r"[\s\"“]*" + _SHARE_GROUP)
_QUANTITY_NOUNS = frozenset("hundreds thousands dozens millions scores tens dozen hundred thousand".split())
_AGENT_ENDS = ("er", "or", "ist", "ian")


_NOT_AGENTS = frozenset("other others number order matter corner center centre water power error never later rather either neither whether together former latter".split())


def agent_noun(word: str) -> bool:
    """A noun for someone who does something ("narrator", "organizer", "columnist")."""
    w = word.rstrip(".")
    if w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return len(w) > 4 and w.isalpha() and w.endswith(_AGENT_ENDS) and w not in _NOT_AGENTS


def _role_word(word: str) -> bool:
    """A title or an agent noun ("front-runner", "strategist") before a name."""
    lw = word.lower()
    return lw in TITLES or (len(lw) > 4 and lw.endswith(_AGENT_ENDS))


_SHARE_OF = re.compile(
    r"[\w]+[ \u00a0]+of[ \u00a0]+(?:(?:the|those|these|his|her|their|its|our|two|three|four|five|several|many|[A-Z][\w.&-]*(?:['’]s)?)[ \u00a0]+){0,3}"
    r"(?:[a-z][\w-]*[ \u00a0]+){0,2}?(?P<noun>[a-z][\w-]*s)\b"
)


def _subject_after(text: str, pos: int, hi: int) -> Source | None:
    toks = list(_TOK.finditer(text, pos, hi))
    if len(toks) > 2 and toks[1].group() == "," and toks[0].group().lower() in NOT_NAMES:
        toks = toks[2:]  # "However, Jane Roe …"
    if not toks:
        return None
    w = toks[0].group()
    lw = w.lower()
    if lw in PRONOUNS and lw not in ("it", "who"):
        return Source("pronoun", toks[0].start(), toks[0].end(), w, [lw])
    if lw in _QUANTIFIERS and len(toks) > 2 and toks[1].group() == "of":
        m = _SHARE_OF.match(text, toks[0].start(), hi)
        if m is not None:
            noun = m.group("noun").lower()
            if noun[:-1] in SOURCE_NOUNS or noun in SOURCE_NOUNS or agent_noun(noun):
                # "said one of those advisers", "said one of two witnesses who …": a member of a group
                return Source("desc", m.start(), m.end(), m.group(), [])
    n = len(toks)
    # the phrase runs to punctuation or a function word ("said Jane Roe, a ...",
    # "said one Republican strategist in ...", "said former adviser Jane Roe.")
    j = 0
    seen_cap = False
    while j < n and j < 12:
        t = toks[j].group()
        lt = t.lower()
        bare = lt.rstrip(".")
        if lt == "and" and 0 < j < n - 1 and toks[j - 1].group().lower().rstrip(".") in TITLES and (
            toks[j - 1].group()[:1].isupper() or (_cap(toks[j + 1].group()) and toks[j + 1].group().lower().rstrip(".") in _TITLE_OR_PLACE)
        ):
            j += 1  # "former Ohio Gov. and party Chairman Jane Roe": two titles, one person
            continue
        if seen_cap and t[:1].islower() and bare not in TITLES and bare not in _PARTICLES and bare not in DETERMINERS and bare not in SOURCE_NOUNS:
            # "the Post's bureau chief Jane Roe", "Republican presidential front-runner Jane
            # Roe": lower-case role words ending in a title or an agent noun, then the name
            k = j
            while k < n and k - j < 3 and toks[k].group().rstrip(".").replace("-", "").isalpha() and toks[k].group().islower() and toks[k].group() not in _AFTER_STOP and toks[k].group() not in DETERMINERS and not toks[k].group().endswith("ed"):
                k += 1
            if k > j and k < n and _cap(toks[k].group()) and (
                _role_word(toks[k - 1].group()) or (k + 1 < n and _cap(toks[k + 1].group()) and toks[k].group().lower() not in NOT_NAMES)
            ):
                j = k  # "Virginia delegate Beau Correll": any role word before a full name
                continue
            if k == j + 1 and k + 1 < n and toks[k].group() == "," and _cap(toks[k + 1].group()):
                # "another leading Supreme Court advocate, Jane Roe of …": the name after the comma
                m = k + 1
                while m < n and (_cap(toks[m].group()) or toks[m].group().lower() in _PARTICLES) and m - k <= 4:
                    m += 1
                while m - 1 > k + 1 and toks[m - 1].group().lower() in _PARTICLES:
                    m -= 1  # "Jane Roe of the firm": not the "of"
                name = _phrase(text, toks, k + 1, m - 1)
                if name is not None and name.kind == "person" and len(name.words) >= 2:
                    return name
            while k > j + 1 and not (toks[k - 1].group().lower() in SOURCE_NOUNS or _role_word(toks[k - 1].group())) and (
                toks[k - 2].group().lower() in SOURCE_NOUNS or _role_word(toks[k - 2].group())
            ):
                k -= 1  # "The GOP presidential candidate sent …": the role word ends the phrase, the verb is not in it
            last = toks[k - 1].group().lower().rstrip(".") if k > j else ""
            if k > j and (toks[0].group().lower() in DETERMINERS or toks[0].group().lower() in _ONE_OF or toks[0].group()[:1].isdigit()) and (
                last in SOURCE_NOUNS or last in TITLES or agent_noun(last)
            ) and (k == n or not _cap(toks[k].group())):
                # "a former U.S. law enforcement official", "a 2008 Clinton veteran", "a Pentagon readout"
                j = k
                break
            if k > j and k - j <= 2 and last in SOURCE_NOUNS and last.endswith("s") and last not in TITLES and (k == n or toks[k].group() in (",", ".", ";", ":")):
                # "White House pool reports", "Pentagon officials": the organisation's people or papers
                j = k
                break
            break  # "Jane Roe met …": the name ends where the verb begins
        if t[:1].isupper() and lt not in DETERMINERS:
            seen_cap = True
        elif j > 1 and not seen_cap and (bare.endswith("ed") or bare in _PAST_IRREGULAR) and bare not in TITLES and toks[j - 1].group().lower().rstrip(".") in TITLES and toks[j - 1].group().islower():
            break  # "the former secretary of state mocked Roe", "the billionaire businessman began by": the role ends, its verb begins
        elif j > 0 and not seen_cap and t[:1].islower() and toks[j - 1].group().lower() in SOURCE_NOUNS and bare not in _PARTICLES and bare not in SOURCE_NOUNS and bare not in TITLES and not agent_noun(bare) and not (
            bare.endswith("ed") and j + 1 < n and toks[j + 1].group().lower() in _PP_PREPOSITIONS | {"by", "last", "this"}
        ):
            break  # "the committee released a …": the noun was the head, the verb begins (not "figures released on Monday")
        if lt in WEEKDAYS and j > 0 and toks[j - 1].group().lower() in DETERMINERS:
            j += 1  # "a Wednesday editorial"
            continue
        if lt == "of" and 0 < j < n - 1 and toks[j - 1].group().lower().rstrip(".") in TITLES and (
            _cap(toks[j + 1].group()) or toks[j + 1].group().lower() in TITLES
        ):
            j += 1  # "Secretary of State Jane Roe", "former secretary of state Jane Roe": a title with "of"
            continue
        if lt == "of" and not seen_cap and 0 < j < n - 3 and toks[j + 1].group().isalpha() and toks[j + 1].group().islower() and toks[j + 1].group() not in _AFTER_STOP and (
            _cap(toks[j + 2].group()) and _cap(toks[j + 3].group())
        ) and (toks[j - 1].group().islower() and (toks[j - 1].group() in TITLES or toks[j - 1].group() in SOURCE_NOUNS or toks[j - 1].group() == "head" or agent_noun(toks[j - 1].group()))):
            j += 2  # "master of ceremonies Jane Roe", "director of communications Jane Roe": a role with "of", then the name
            continue
        if not (t[0].isalnum()) or lt in _AFTER_STOP:
            if t == "." and j > 0 and len(toks[j - 1].group()) <= 3 and toks[j - 1].group()[:1].isupper():
                j += 1  # "Mass." / "Jr." / an initial
                continue
            break
        j += 1
    if j == 0:
        return None
    i = j - 1
    while i > 0 and toks[i].group().lower() in _PARTICLES | DETERMINERS:
        i -= 1
    head = toks[i].group()
    if i == 0 and head.lower() in _QUANTITY_NOUNS and n > 2 and toks[1].group() == "of":
        # "Hundreds of pro-Roe demonstrators marched": the group up to its verb
        m = 2
        while m < n and m < 8 and toks[m].group()[0].isalnum() and toks[m].group().lower() not in _AFTER_STOP and not (
            toks[m].group().islower() and toks[m].group().endswith("ed")
        ):
            m += 1
        if m > 2:
            return Source("desc", toks[0].start(), toks[m - 1].end(), text[toks[0].start() : toks[m - 1].end()], [])
    if head[:1].isupper():
        if i == 0 and head.lower() in NOT_NAMES and head.lower() not in DETERMINERS:
            return None  # "It", "This": no source
        k = i
        while k > 0 and (toks[k - 1].group()[:1].isupper() or toks[k - 1].group().lower() in _PARTICLES):
            k -= 1
        src = _phrase(text, toks, k, i)
        if src is not None and src.kind == "person" and len(src.words) == 1 and k > 0 and toks[0].group().lower() in _ONE_OF:
            # "one well-connected Democrat", "a Trump": a description, not a person's name
            src = Source("desc", toks[0].start(), src.end, text[toks[0].start() : src.end], [])
        if src is not None and src.kind in ("org", "desc") and k > 0:
            # "a spokeswoman for the Ministry" / "the Foreign Ministry": keep the whole phrase
            return Source(src.kind, toks[0].start(), toks[i].end(), text[toks[0].start() : toks[i].end()], [])
        return src
    lh = head.lower()
    if lh.rstrip(".").endswith("-year-old"):
        # "said the 46-year-old": an age for a person
        end = toks[i].end() - (1 if lh.endswith(".") else 0)
        return Source("desc", toks[0].start(), end, text[toks[0].start() : end], [])
    if i > 0 and lh in _MODIFIER_WORDS and toks[i - 1].group().lower() in SOURCE_NOUNS:
        i -= 1  # "a person close to …": the head is the noun, the rest is its modifier
        head = toks[i].group()
        lh = head.lower()
    stop = lh.endswith(".")  # "said a senior official.": the sentence's full stop
    if stop:
        lh = lh[:-1]
    agent = toks[0].group().lower() in DETERMINERS | _ONE_OF and (agent_noun(lh) or lh in TITLES)
    if lh in SOURCE_NOUNS or (lh.endswith("s") and lh[:-1] in SOURCE_NOUNS) or agent:
        # "a spokeswoman for the ministry": keep the "for/of ..." part; "says a narrator"
        end = toks[i].end() - (1 if stop else 0)
        if not stop and i + 2 < n and toks[i + 1].group() in ("for", "of", "at", "with") and (toks[i + 2].group()[:1].isupper() or toks[i + 2].group().lower() in DETERMINERS):
            k = i + 2
            det = toks[k].group().lower() in DETERMINERS
            while k + 1 < n and (toks[k + 1].group()[:1].isupper() or toks[k + 1].group().lower() in _PARTICLES
                                 or (det and k - i < 5 and toks[k + 1].group().rstrip(".").isalpha() and toks[k + 1].group().islower() and toks[k + 1].group().rstrip(".") not in _AFTER_STOP)):
                k += 1
            end = toks[k].end()
            if toks[k].group().endswith(".") and len(toks[k].group()) > 4:
                end -= 1
        elif not stop and i + 2 < n and toks[i + 1].group() == "of" and toks[i + 2].group().rstrip(".").isalpha() and toks[i + 2].group().islower() and toks[i + 2].group().rstrip(".") not in _AFTER_STOP and (
            i + 3 == n or not toks[i + 3].group()[:1].isalnum()
        ):
            # "said the master of ceremonies.", "the head of security": the role's "of" and its noun
            end = toks[i + 2].end() - (1 if toks[i + 2].group().endswith(".") else 0)
        return Source("desc", toks[0].start(), end, text[toks[0].start() : end], [])
    return None
