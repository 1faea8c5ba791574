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
from bisect import bisect_right

from annotations.engine.names import HONORIFICS, NOT_NAMES, ORG_HEADS, TITLES
from annotations.model import Person

_RUN = re.compile(
    r"\b(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|Mc[A-Z][a-z]+|[A-Z][a-z]*\.|[A-Z]{2,}(?:[-'’][A-Z]+)*)"
    r"(?:[ \u00a0](?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|Mc[A-Z][a-z]+|[A-Z]\.|[A-Z]{2,}(?:[-'’][A-Z]+)*|(?:of|de|van|von|bin|al|da|del|la|le)(?=[ \u00a0][A-Z])))*\b"
)
_POSSESSIVE = ("’s", "'s")
# First words of place names ("North Korea", "New York"): such runs are not people.
_PLACE_STARTS = frozenset("north south east west new saint st. los las san santa great united middle upper lower central northern southern eastern western hong".split())
_TITLE_BEFORE = re.compile(r"(?:^|\W)([A-Za-z.]+)[ \u00a0]+$")


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


class PeopleIndex:
    """Persons found in one text, with lookups from any name form to the canonical name."""

    def __init__(self, text: str) -> None:
        self.text = text
        #: canonical full name -> set of name forms seen
        self.names: dict[str, list[str]] = {}
        #: lower-case surname / single name -> canonical name
        self.by_last: dict[str, str] = {}
        self.by_first: dict[str, str] = {}
        #: (start, end, words) of every capitalised run, in order, for later mention finding
        self._runs: list[tuple[int, int, list[str]]] = []
        #: mentions: sorted (start, end, canonical)
        self._mentions: list[tuple[int, int, str]] | None = None
        self._confirmed: set[str] = set()
        self._scan()

    # ------------------------------------------------------------------ scanning

    def _scan(self) -> None:
        text = self.text
        singles: dict[str, int] = {}
        candidates: list[tuple[int, int, list[str], bool]] = []
        runs = self._runs
        for m in _RUN.finditer(text):
            raw = m.group()
            start = m.start()
            if " " not in raw and "\u00a0" not in raw:
                # one capitalised word: a surname used alone, or a sentence's first word
                if raw.endswith(_POSSESSIVE):
                    raw = raw[:-2]
                runs.append((start, m.end(), [raw]))
                if len(raw) > 1 and not raw.isupper():
                    singles[raw] = singles.get(raw, 0) + 1
                continue
            words = raw.split()
            # a possessive ends the name ("Roe’s visit")
            last = words[-1]
            if last.endswith(_POSSESSIVE):
                words[-1] = last[:-2]
            runs.append((start, m.end(), words))
            rest, titled = split_title(words)
            if not rest:
                continue
            if not titled:
                before = _TITLE_BEFORE.search(text, max(0, start - 30), start)
                if before and before.group(1).lower().rstrip(".") in TITLES and before.group(1)[0].islower():
                    titled = True
            if len(rest) == 1:
                w = rest[0]
                if w.isupper() or len(w) < 2:
                    continue
                if titled and w.lower() not in NOT_NAMES and w.lower() not in ORG_HEADS:
                    candidates.append((start, m.end(), rest, True))
                continue
            if any(w.lower() in ORG_HEADS for w in rest) or rest[0].lower() in _PLACE_STARTS:
                continue
            if any(w.isupper() and len(w) > 1 for w in rest) or any(w.lower() in NOT_NAMES for w in rest):
                continue
            if len(rest) > 4:
                continue
            candidates.append((start, m.end(), rest, titled))
        self._singles = singles
        for _start, _end, rest, titled in candidates:
            name = " ".join(rest)
            if titled or singles.get(rest[-1], 0) > 0:
                self._add(name, rest)
            else:
                self._maybe: dict[str, list[str]] = getattr(self, "_maybe", {})
                self._maybe[name] = rest

    def _add(self, name: str, words: list[str]) -> None:
        if name in self.names:
            return
        last = words[-1].lower()
        if len(words) == 1:
            if last in self.by_last or last in self.by_first:
                return
            self.names[name] = [name]
            self.by_last[last] = name
            return
        old = self.by_last.get(last)
        if old is not None and old in self.names and " " not in old:
            # a single name seen first ("President Roe") gets its full form
            forms = self.names.pop(old)
            self.names[name] = [name] + [f for f in forms if f != name]
        else:
            if old is not None:
                return  # two people share a surname: keep the first
            self.names[name] = [name]
        self.by_last[last] = name
        self.by_first.setdefault(words[0].lower(), name)

    def confirm(self, words: list[str]) -> str | None:
        """Register a name the text uses as a speaker; return its canonical form."""
        if not words:
            return None
        canon = self.canonical(words)
        if canon is not None:
            return canon
        name = " ".join(words)
        maybe = getattr(self, "_maybe", {})
        if len(words) == 1:
            # a surname alone: a full name seen before it
            for full, ws in maybe.items():
                if ws[-1] == words[0]:
                    self._add(full, ws)
                    return full
        self._add(name, words)
        self._mentions = None
        return self.canonical(words) or name

    def canonical(self, words: list[str]) -> str | None:
        """The canonical name for a name form ("Roe", "Jane Roe"), or None when unknown."""
        if not words:
            return None
        last = words[-1].lower()
        if last.endswith(_POSSESSIVE):
            last = last[:-2]
        name = self.by_last.get(last)
        if name is not None:
            return name
        if len(words) == 1:
            return self.by_first.get(last)
        return None

    # ------------------------------------------------------------------ mentions

    def mentions(self) -> list[tuple[int, int, str]]:
        """(start, end, canonical name) of every mention of a known person, in order."""
        if self._mentions is not None:
            return self._mentions
        out: list[tuple[int, int, str]] = []
        by_last = self.by_last
        by_first = self.by_first
        full = self.names
        known = set(by_last) | set(by_first)
        for start, end, words in self._runs:
            if len(words) == 1:
                if words[0].lower() not in known:
                    continue
            elif not any(w.lower() in known for w in words):
                continue
            pos = start
            i = 0
            text = self.text
            n = len(words)
            while i < n:
                w = words[i]
                wpos = text.find(w, pos, end + 1)
                if wpos < 0:
                    break
                lw = w.lower()
                name = None
                span_end = wpos + len(w)
                # the longest full name starting here
                for j in range(min(n, i + 4), i + 1, -1):
                    cand = " ".join(words[i:j])
                    if cand in full:
                        name = cand
                        last_w = words[j - 1]
                        span_end = text.find(last_w, wpos, end + 1) + len(last_w)
                        i = j - 1
                        break
                if name is None:
                    if w.isupper() and len(w) > 1:
                        lw = w.lower()
                    name = by_last.get(lw) or (by_first.get(lw) if i + 1 < n and words[i + 1].lower() in by_last else None)
                    if name is None and w.isupper():
                        name = by_last.get(lw)
                if name is not None:
                    out.append((wpos, span_end, name))
                pos = span_end
                i += 1
        self._mentions = out
        return out

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
