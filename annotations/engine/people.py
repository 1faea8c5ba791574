"""People: named persons, the name forms used for them, and every mention.

One pass over the capitalised runs of the text.  A run is a person when the writing
says so: a title or role before it ("Foreign Minister Jane Roe", "Ms. Roe"), a speech
verb after it (see :mod:`annotations.engine.attribution`, which calls :meth:`PeopleIndex.confirm`),
or its last word used alone elsewhere as a surname.  Organisation and place words
("House", "Ministry", "North ...") rule a run out.  Later surname-only and all-caps
mentions ("Roe", "ROE") are resolved to the full name given first.
"""

from __future__ import annotations

import re
from typing import Any
from bisect import bisect_right

from annotations.engine.scan import finditer_at
from annotations.engine.verbs import FORMS
from annotations.engine.names import GROUP_NAMES, NOT_NAMES, ORG_HEADS, PLACES, TITLES
from annotations.model import Person

# abbreviated titles and initials only: "Ohio." ending a sentence must not join the name after it
_ABBREVIATIONS = "Mr Mrs Ms Dr Sen Rep Reps Gov Gen Col Lt Capt Sgt Adm Maj Cmdr Prof Rev Hon Fr Sec Amb Atty Det Cpl Pvt Supt Insp Pres St Jr Sr".split()
_ABBREV = rf"(?:{'|'.join(_ABBREVIATIONS)}|[A-Z])\."
_TOKEN = rf"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|Mc[A-Z][a-z]+|{_ABBREV}|[A-Z]{{2,}}(?:[-'’][A-Z]+)*)"
# Two or more capitalised tokens in a row ("Jane Roe", "Secretary of State Jane Roe").
_RUN = re.compile(
    rf"\b{_TOKEN}(?:[ \u00a0](?:{_TOKEN}|(?:of|de|van|von|bin|al|da|del|la|le)(?=[ \u00a0][A-Z])))+\b"
)
# Where a run can begin: a capital after a word boundary with another capitalised word (or
# "of"/"de" … and one) after the next space.  Trying the full pattern only there finds the
# same runs as ``_RUN.finditer`` (checked on a corpus) at a fraction of the cost.
# The capital comes first and the word boundary is checked behind it ("\b[A-Z]" is the
# same test): a pattern opening with a letter class lets the regex engine skip ahead fast.
_RUN_START = re.compile(r"[A-Z](?<!\w[A-Z])(?=[\w.’'-]*+[ \u00a0](?:[A-Z]|(?:of|de|van|von|bin|al|da|del|la|le)[ \u00a0][A-Z]))")


# ``_RUN`` tried only where ``_RUN_START`` matches, as one pattern that the regex engine
# scans in C: ``_RUN_START`` (which takes the run's first capital), then ``_TOKEN`` with
# that capital already taken (each alternative in the same order, the capital checked
# behind where it names one), then the rest of ``_RUN``.
_ABBREV_TAIL = "(?:" + "".join(rf"(?<={a[0]}){a[1:]}|" for a in _ABBREVIATIONS) + r")\."
_TOKEN_TAIL = rf"(?:[a-z]+(?:[-'’][A-Z]?[a-z]+)*|(?<=M)c[A-Z][a-z]+|{_ABBREV_TAIL}|[A-Z]+(?:[-'’][A-Z]+)*)"
_RUN_AT_START = re.compile(_RUN_START.pattern + _TOKEN_TAIL + _RUN.pattern[len(rf"\b{_TOKEN}") :])


def _runs(text: str):
    """The matches of ``_RUN`` in ``text``, in order, without overlaps (as ``finditer``),
    tried only where ``_RUN_START`` matches (``_runs_prefiltered``, in one regex pass)."""
    return _RUN_AT_START.finditer(text)


def _runs_prefiltered(text: str):
    """:func:`_runs` as a loop: ``_RUN`` tried where ``_RUN_START`` matches."""
    return finditer_at(_RUN, _RUN_START, text)


_POSSESSIVE = ("’s", "'s")
_INITIAL = re.compile(r"[A-Z]\.")  # a middle initial ("Douglas J. Band") is part of a name
# First words of place names ("North Korea", "New York"): such runs are not people.
_PLACE_STARTS = frozenset("north south east west new saint st. los las san santa great united middle upper lower central northern southern eastern western hong".split())


#: Words that rule a capitalised run out as a person's name.
_NOT_PERSON_WORDS = ORG_HEADS | NOT_NAMES | PLACES
#: common words that are also surnames, taken as one after a given name ("Ian Read", "Jane Will")
SURNAME_WORDS = frozenset("read will may watch".split())
_PLACE_BEFORE = frozenset("the in of at from to for on with by into near across".split())
_VERB_AFTER = re.compile(r"(?: (?:[a-z]+(?:ed|s)|has|had|is|was|said|told|says|wrote|also|who)|, (?:a|an|the|who|one)|, \d{1,3},) ")
_WORD_BEFORE = re.compile(r"(\w+)\s+$")


#: Titles that belong to a person ("Sen. Roe", "President Roe"), unlike the adjectives and
#: institution words in TITLES that also open names of places and things ("New", "House").
_PERSON_TITLES = TITLES - frozenset(
    """
    new national democratic republican house senate state white u.s us un u.n campaign party former acting
    incoming outgoing then top senior late junior assistant associate special homeland justice labor labour
    health education energy treasury commerce transportation agriculture veterans affairs of the congressional
    security council state-run official officials foreign defense defence interior finance trade deputy vice
    chief prime press national star player nominee candidate
    """.split()
)


#: "One local woman, ", "another friend, ", "a spokeswoman, ": a person's noun before the comma
_PERSON_NOUN_COMMA = re.compile(r"\b(?:woman|man|friend|neighbor|neighbour|resident|voter|supporter|volunteer|student|worker|owner|veteran|mother|father|wife|husband|son|daughter|spokesman|spokeswoman|spokesperson|aide|adviser|advisor|attorney|lawyer|activist|organizer|delegate|official)[ \u00a0]*,[ \u00a0]+$")


def _appositive_of_person(text: str, start: int, end: int) -> bool:
    """True for a name set off after a noun for a person: "One local woman, Jane Roe, pulled …"."""
    return text[end : end + 1] == "," and _PERSON_NOUN_COMMA.search(text, max(0, start - 24), start) is not None


def _acts(text: str, start: int, end: int) -> bool:
    """True when a name is followed by a verb ("Jane Roe expressed …", "Jane Roe, a …"): a person acting."""
    if not _VERB_AFTER.match(text, end, end + 40):
        return False
    w = _WORD_BEFORE.search(text, max(0, start - 12), start)
    return w is None or w.group(1).lower() not in _PLACE_BEFORE


def split_title(words: list[str]) -> tuple[list[str], bool]:
    """The name part of a capitalised run and whether a title or role came before it.

    Everything up to the last title word goes ("Chinese President Jane Roe",
    "Secretary of State Jane Roe"), then leading function words and initials ("The",
    "U.") that cannot start a name.
    """
    cut = -1
    titled = False
    for i, w in enumerate(words):
        lw = w.lower()
        if lw in TITLES or lw.rstrip(".") in TITLES:
            if lw not in ("of", "the", "de", "la", "le"):
                titled = True
            cut = i
    rest = words[cut + 1 :]
    k = 0
    while k < len(rest) and (rest[k].lower() in NOT_NAMES or (len(rest[k]) == 2 and rest[k][1] == ".")):
        k += 1
    return rest[k:], titled


def _run_shape(run: str) -> Any:
    """What a capitalised run says of itself, whatever text it stands in (remembered per run
    in ``_SHAPES``: the same names recur through an article and across articles).

    False when no name is left once titles go; else (where the name part starts in the run,
    its words, whether a title came before it, whether one of the words before a single
    name is a person's title, whether a single name may stand alone, whether a longer
    name may be a person's, the name).
    """
    words = run.split()
    delta = 0
    last = words[-1]
    if last.endswith(_POSSESSIVE):
        words[-1] = last[:-2]  # a possessive ends the name ("Roe’s visit")
    cut = next((x for x in range(len(words) - 2, -1, -1) if words[x].endswith(_POSSESSIVE)), -1) if "’s" in run or "'s" in run else -1
    if cut >= 0:
        # "Iowa State University's Jane Roe": the name starts after the possessive
        delta += sum(len(w) + 1 for w in words[: cut + 1])
        words = words[cut + 1 :]
    if len(words) > 1 and words[0].lower() in FORMS and FORMS[words[0].lower()] != words[0].lower():
        # 'Added Roe:', 'Says Roe': an inverted speech verb opening the sentence
        delta += len(words[0]) + 1
        words = words[1:]
    if "of" in words[2:-1]:
        # "Jane Roe of New York": the name ends before "of" (not "Secretary of State Jane Roe")
        at = words.index("of", 2)
        if sum(1 for w in words[:at] if w.lower().rstrip(".") not in TITLES) >= 2:
            words = words[:at]
    rest, titled = split_title(words)
    if not rest or rest[-1].lower() in GROUP_NAMES:
        return False  # (and "Americans", "African American", "Muslim Americans": a people, not a person)
    person_titled = single_ok = multi_ok = False
    if len(rest) == 1:
        w = rest[0]
        person_titled = any(x.lower().rstrip(".") in _PERSON_TITLES for x in words[: len(words) - 1])
        single_ok = len(w) > 1 and not w.isupper() and w.lower() not in NOT_NAMES and w.lower() not in ORG_HEADS and w.lower() not in PLACES
    else:
        multi_ok = not (len(rest) > 4 or rest[0].lower() in _PLACE_STARTS) and not any(
            (w.lower() in _NOT_PERSON_WORDS and not (k == len(rest) - 1 and k > 0 and w.lower() in SURNAME_WORDS and given_name_word(rest[0])))
            or (w.isupper() and len(w) > 1 and not _INITIAL.fullmatch(w))
            for k, w in enumerate(rest)
        )
    return delta, tuple(rest), titled, person_titled, single_ok, multi_ok, " ".join(rest)


#: A relative named by a first name alone: "his wife, Jane,", "Roe's son, Beau." (found
#: from the relation word, then checked before and after it: ``_relatives``)
_KIN_WORDS = tuple(w + ", " for w in "wife husband son daughter brother sister mother father widow widower partner fiancée fiancé".split())
_KIN_OWNER = re.compile(r"(?:\b(?:[Hh]is|[Hh]er|[Tt]heir)|[A-Z][\w-]+['’]s)[ \u00a0]+(?:(?:late|first|second|former|younger|older)[ \u00a0]+)?$")
_KIN_FIRST = re.compile(r"([A-Z][a-z]+)(?=[,.;)]|[ \u00a0]+(?:and|who)\b)")


def _relatives(text: str):
    """The first names in "his wife, Jane," and "Roe's son, Beau." (each found by its
    relation word with ``str.find``: cheaper than one regex over the whole text)."""
    for kin in _KIN_WORDS:
        at = text.find(kin)
        while at >= 0:
            if at > 0 and not text[at - 1].isalpha() and _KIN_OWNER.search(text, max(0, at - 40), at):
                m = _KIN_FIRST.match(text, at + len(kin))
                if m is not None:
                    yield m.group(1)
            at = text.find(kin, at + len(kin))


#: Words that introduce a person's name: "a worker named Jane Roe"
_NAMING = frozenset("named nicknamed".split())

_SHAPES: dict[str, Any] = {}  # run -> _run_shape(run)
_MEMO_SIZE = 512  # entries: enough for the names of some dozens of articles, memory stays flat


#: "Mr." / "Ms." / "Mrs." right before a name; group 1 is set for "Mr." (a man)
TITLE_BEFORE = re.compile(r"M(?<!\wM)(?:(r)|(rs|s))\.?[ \u00a0]$")  # \b(?:(Mr)|(Mrs|Ms))…, opening with its letter


def _given_name(name: str) -> bool:
    """True when the first word of ``name`` is a first name the census knows (so "Jane Roe"
    and "John Roe" are two people, but "Regarding Roe" is Roe)."""
    from annotations.engine.pronouns import first_name_gender

    return first_name_gender(name) is not None


def given_name_word(word: str) -> bool:
    """True when ``word`` is a first name the census knows ("Ian", "Jane")."""
    return _given_name(word + " _")


class PeopleIndex:
    """Persons found in one text, with lookups from any name form to the canonical name."""

    def __init__(self, text: str) -> None:
        self.text = text
        #: canonical full name -> set of name forms seen
        self.names: dict[str, list[str]] = {}
        #: lower-case surname / single name -> canonical name
        self.by_last: dict[str, str] = {}
        self.by_first: dict[str, str] = {}
        #: lower-case full name form -> canonical name (people who share a surname)
        self.full: dict[str, str] = {}
        self.shared = False  # whether two people share a surname
        #: mentions: sorted (start, end, canonical)
        self._mentions: list[tuple[int, int, str]] | None = None
        self._scan()

    # ------------------------------------------------------------------ scanning

    def _scan(self) -> None:
        text = self.text
        maybe: dict[str, list[str]] = {}
        self._maybe = maybe
        shapes = _SHAPES
        again: dict[str, bool] = {}  # word -> whether the text has it twice (text.count(word) > 1)
        for m in _runs(text):
            run = m.group()
            shape = shapes.get(run)
            if shape is None:
                if len(shapes) >= _MEMO_SIZE:
                    shapes.clear()  # bounded: a stream of articles keeps memory flat
                shape = shapes[run] = _run_shape(run)
            if not shape:
                continue
            delta, rest, titled, person_titled, single_ok, multi_ok, name = shape
            start = m.start() + delta
            if not titled and start > 1 and text[start - 1] == " ":
                # a lower-case role just before the name: "coordinator Jane Roe"
                cut = text.rfind(" ", max(0, start - 30), start - 1)
                word = text[cut + 1 : start - 1]
                if word[:1].islower() and (word.rstrip(".") in TITLES or word in _NAMING):
                    titled = True  # (or "a worker named Jane Roe": named as a person)
            if len(rest) == 1:
                if titled and not person_titled:
                    titled = False  # "New York", "Democratic Convention", "House Republicans": no person's title
                if titled and single_ok:
                    self._add(name, list(rest))
                continue
            if not multi_ok:
                continue
            if not titled and not (len(rest) <= 3 and (_acts(text, start, m.end()) or _appositive_of_person(text, start, m.end()))):
                last = rest[-1]  # its last word used again: a surname
                twice = again.get(last)
                if twice is None:
                    # the scan stops at the second occurrence, where a count goes on to the end
                    first = text.find(last)
                    twice = again[last] = first >= 0 and text.find(last, first + len(last)) >= 0
                if not twice:
                    maybe[name] = list(rest)
                    continue
            self._add(name, list(rest))
        for first in _relatives(text):
            low = first.lower()
            if low not in self.by_first and low not in NOT_NAMES and low not in ORG_HEADS and low not in PLACES:
                self._add(first, [first])

    def _add(self, name: str, words: list[str]) -> None:
        if name in self.names:
            return
        last = words[-1].lower()
        if len(words) == 1:
            if last in self.by_last:
                return
            full = self.by_first.get(last)
            if full is not None:
                # "Premier Lan" after "Lan Weiming": the family name comes first
                if name not in self.names[full]:
                    self.names[full].append(name)
                return
            self.names[name] = [name]
            self.by_last[last] = name
            return
        first_single = self.by_last.get(words[0].lower())
        if first_single is not None and " " not in first_single and first_single in self.names and last not in self.by_last:
            # "Premier Lan" before "Lan Weiming": one person, named family name first
            forms = self.names.pop(first_single)
            del self.by_last[words[0].lower()]
            self.names[name] = [name] + [f for f in forms if f != name]
            self.by_last[last] = name
            self.by_first.setdefault(words[0].lower(), name)
            return
        old = self.by_last.get(last)
        if old is not None and old in self.names and " " not in old:
            # a single name seen first ("President Roe") gets its full form
            forms = self.names.pop(old)
            self.names[name] = [name] + [f for f in forms if f != name]
        else:
            if old is not None:
                same = self.same_person(old, words)
                if same is not None:
                    if name not in self.names[same]:
                        self.names[same].append(name)  # "Jane Q. Roe", then "Jane Roe": one person
                    return
                new_given, old_given = _given_name(name), _given_name(old)
                if new_given and old_given:
                    # two people share a surname ("Jane Roe", then her husband "John Roe"):
                    # both are people, named in full; the surname alone stays with the first
                    self.shared = True
                    self.names[name] = [name]
                    self.full[name.lower()] = name
                    self.by_first.setdefault(words[0].lower(), name)
                elif new_given and old in self.names:
                    # "Understated Roe" (a headline's word before the surname), then "Jane Roe"
                    forms = self.names.pop(old)
                    self.names[name] = [name] + [f for f in forms if f != name]
                    self.by_last[last] = name
                    self.full[name.lower()] = name
                    self.full.pop(old.lower(), None)
                    self.by_first.setdefault(words[0].lower(), name)
                return
            self.names[name] = [name]
        self.by_last[last] = name
        self.full[name.lower()] = name
        self.by_first.setdefault(words[0].lower(), name)

    def same_person(self, known: str, words: list[str]) -> str | None:
        """The person among those sharing ``words``' surname whose first name matches it
        ("Jane Q. Roe" and "Jane Roe"; an initial matches its name), else None."""
        first = words[0].rstrip(".").lower()
        last = words[-1].lower()
        for canon in [known] + [n for n in self.names if n != known and n.rsplit(None, 1)[-1].lower() == last]:
            other = canon.split()[0].rstrip(".").lower()
            if other == first or (len(first) == 1 and other.startswith(first)) or (len(other) == 1 and first.startswith(other)):
                return canon
        return None

    def confirm(self, words: list[str]) -> str | None:
        """Register a name the text uses as a speaker; return its canonical form."""
        if not words:
            return None
        canon = self.canonical(words)
        if canon is not None:
            return canon
        name = " ".join(words)
        maybe = self._maybe
        if len(words) == 1:
            # a surname alone: a full name seen before it
            for full, ws in maybe.items():
                if ws[-1] == words[0]:
                    self._add(full, ws)
                    return full
        before = len(self.names)
        self._add(name, words)
        if len(self.names) != before:
            self._mentions = None
        return self.canonical(words) or name

    def canonical(self, words: list[str]) -> str | None:
        """The canonical name for a name form ("Roe", "Jane Roe"), or None when unknown."""
        if not words:
            return None
        last = words[-1].lower()
        if last.endswith(_POSSESSIVE):
            last = last[:-2]
        if len(words) > 1 and self.full:
            full = self.full.get(" ".join(words[:-1]).lower() + " " + last)
            if full is not None:
                return full
        name = self.by_last.get(last)
        if name is not None:
            if len(words) > 1 and " " in name:
                # "John Roe" when "Jane Roe" holds the surname: another person, or the same
                # one under another form of her name
                same = self.same_person(name, words)
                if same is not None:
                    return same
                if _given_name(" ".join(words)) and _given_name(name):
                    return None
            return name
        if len(words) == 1:
            return self.by_first.get(last)
        return None

    # ------------------------------------------------------------------ mentions

    def mentions(self) -> list[tuple[int, int, str]]:
        """(start, end, canonical name) of every mention of a known person, in order.

        A full name ("Jane Roe"), a surname alone ("Roe"), the surname in capitals in a
        headline ("ROE"), or a first name used alone when it is unique ("Jane").
        """
        if self._mentions is not None:
            return self._mentions
        # surface form -> canonical name, and full names by their first word
        forms: dict[str, str] = {}
        fulls: dict[str, list[tuple[str, str]]] = {}
        for canon, aliases in self.names.items():
            for alias in aliases:
                first = alias.split()[0]
                fulls.setdefault(first, []).append((alias, canon))
                if " " not in alias:
                    forms.setdefault(alias, canon)
                    forms.setdefault(alias.upper(), canon)
        for last, canon in self.by_last.items():
            for w in canon.split()[-1:]:
                forms.setdefault(w, canon)
                forms.setdefault(w.upper(), canon)
        # a first word used alone ("Lan" for "Lan Weiming", "Jane" for "Jane Roe") when no one else shares it
        firsts: dict[str, list[str]] = {}
        for canon in self.names:
            parts = canon.split()
            if len(parts) > 1:
                firsts.setdefault(parts[0], []).append(canon)
        for w, owners in firsts.items():
            if len(owners) == 1 and len(w) > 1 and not w.endswith(".") and w.lower() not in NOT_NAMES:
                forms.setdefault(w, owners[0])
        for group in fulls.values():
            group.sort(key=lambda f: -len(f[0]))
        surface: dict[str, str] = dict(forms)
        for group in fulls.values():
            for alias, canon in group:
                surface[alias] = canon
        text = self.text
        n = len(text)
        hits: list[tuple[int, int, str]] = []
        # str.find per name form: a C-speed scan, a few forms per article
        for alias, canon in surface.items():
            size = len(alias)
            i = text.find(alias)
            while i >= 0:
                j = i + size
                if (i == 0 or not text[i - 1].isalnum()) and (j == n or not text[j].isalnum()):
                    hits.append((i, -j, canon))
                i = text.find(alias, j)
        hits.sort()
        out: list[tuple[int, int, str]] = []
        covered = -1
        for i, neg_j, canon in hits:
            if i >= covered:  # the longest form at a position wins ("Jane Roe" over "Jane")
                out.append((i, -neg_j, canon))
                covered = -neg_j
        if self.shared:
            out = self._shared_surnames(out)
        self._mentions = out
        return out

    def _shared_surnames(self, out: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """A surname two people share ("Roe" for Jane and John Roe) goes to the one named in
        full last before it (the first named after it, when neither was yet)."""
        owners: dict[str, list[str]] = {}
        for canon in self.names:
            if " " in canon:
                owners.setdefault(canon.rsplit(None, 1)[-1].lower(), []).append(canon)
        shared = {k: set(v) for k, v in owners.items() if len(v) > 1}
        if not shared:
            return out
        from annotations.engine.pronouns import first_name_gender

        text = self.text
        latest: dict[str, tuple[str, int]] = {}  # surname -> (the person named in full last, where)
        named: dict[str, int] = {}  # person -> mentions so far
        fixed = list(out)
        for k, (i, j, canon) in enumerate(out):
            form = text[i:j]
            last = form.lower()
            if " " in form:
                last = canon.rsplit(None, 1)[-1].lower()
                if last in shared and canon in shared[last]:
                    latest[last] = (canon, i)
                    named[canon] = named.get(canon, 0) + 1
                continue
            if last not in shared:
                continue
            title = TITLE_BEFORE.search(text, max(0, i - 5), i)
            if title is not None:
                # "Mr. Roe" and "Mrs. Roe": the one whose first name fits the title
                want = "m" if title.group(1) else "f"
                fits = [c for c in shared[last] if first_name_gender(c) == want]
                if len(fits) == 1:
                    fixed[k] = (i, j, fits[0])
                    continue
            seen = latest.get(last)
            if seen is not None:
                # the one named most often so far (the article's main person of that
                # name), the one named in full last when they tie
                top = max(shared[last], key=lambda c: (named.get(c, 0), c == seen[0]))
                fixed[k] = (i, j, top)
                named[top] = named.get(top, 0) + 1
        return fixed

    def last_mention_before(self, pos: int) -> str | None:
        """The person mentioned last before ``pos``."""
        ms = self.mentions()
        starts = getattr(self, "_starts", None)
        if starts is None or len(starts) != len(ms):
            starts = self._starts = [m[0] for m in ms]
        k = bisect_right(starts, pos) - 1
        return ms[k][2] if k >= 0 else None

    def people(self) -> list[Person]:
        """Every known person with aliases and mention spans, in order of first mention."""
        ms = self.mentions()
        found: dict[str, Person] = {}
        for s, e, name in ms:
            p = found.get(name)
            if p is None:
                p = found[name] = Person(name=name)
            form = self.text[s:e]
            if form not in p.aliases:
                p.aliases.append(form)
            p.mentions.append((s, e))
        return list(found.values())
