"""Across the corpus: the analysis cache, speaker statistics and deduplicated quotes.

* :class:`AnalysisCache` keeps the quote engine's findings per article, keyed by
  ``(article id, engine version)``, in one JSON file in the user's cache folder, so a
  second start needs no re-analysis.  Writes are atomic; a corrupt file is set aside and
  the cache starts empty (it only ever holds what can be recomputed).
* :class:`CorpusStats` ranks speakers by quotes and by articles and lists a speaker's
  quotes with wire copies and rewrites folded together: the same words in several
  articles are shown once, with all their sources.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from annotations.model import Analysis, Person, Quote
from annotations.spans import normalise_name

#: Version of the cache file layout (not of the engine).
CACHE_FORMAT = 1
CACHE_FILE = "analyses.json"


def default_cache_dir() -> Path:
    """``$NEWSREADER_CACHE`` if set, else the platform's user cache folder for newsreader."""
    env = os.environ.get("NEWSREADER_CACHE")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_cache_path("newsreader")


def engine_version() -> str:
    """The quote engine's version, or ``"none"`` when the engine is not installed."""
    try:
        from annotations.quotes import ENGINE_VERSION
    except ImportError:
        return "none"
    return str(ENGINE_VERSION)


# --------------------------------------------------------------------------- compact JSON form


def _quote_row(q: Quote) -> list:
    ss = list(q.speaker_span) if q.speaker_span else None
    cs = list(q.cue_span) if q.cue_span else None
    return [q.start, q.end, q.text, q.kind, q.speaker, q.cue, round(q.confidence, 3), ss, cs]


def _quote_from_row(row: list) -> Quote:
    start, end, text, kind, speaker, cue, conf, ss, cs = row
    return Quote(
        int(start), int(end), str(text), str(kind),
        speaker if speaker is None else str(speaker), cue if cue is None else str(cue), float(conf),
        tuple(ss) if ss else None, tuple(cs) if cs else None,
    )


def analysis_to_json(analysis: Analysis) -> dict:
    """The compact cache form of an analysis."""
    return {
        "q": [_quote_row(q) for q in analysis.quotes],
        "p": [[p.name, list(p.aliases), [x for m in p.mentions for x in m]] for p in analysis.people],
    }


def analysis_from_json(data: dict) -> Analysis:
    """Inverse of :func:`analysis_to_json` (raises on malformed input)."""
    quotes = [_quote_from_row(row) for row in data.get("q", ())]
    people = []
    for name, aliases, flat in data.get("p", ()):
        mentions = [(int(flat[i]), int(flat[i + 1])) for i in range(0, len(flat) - 1, 2)]
        people.append(Person(str(name), [str(a) for a in aliases], mentions))
    return Analysis(quotes, people)


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What the corpus views show about an article without opening it."""

    id: str
    title: str
    source: str = ""
    date: str | None = None


class AnalysisCache:
    """Quote-engine results per article id for one engine version, in a JSON file.

    ``cache_dir`` defaults to :func:`default_cache_dir`; ``version`` to the installed
    engine's.  Entries made by another engine version are ignored and dropped on the
    next save.  :attr:`warning` holds a one-line message when the file on disk was
    unreadable and has been set aside.
    """

    def __init__(self, cache_dir: Path | str | None = None, version: str | None = None) -> None:
        self.dir = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
        self.path = self.dir / CACHE_FILE
        self.version = version if version is not None else engine_version()
        self.warning: str | None = None
        self._entries: dict[str, dict] = {}
        self._dirty = False
        self._load()

    def _load(self) -> None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as err:
            self.warning = f"analysis cache not read ({err.strerror or err}); quotes will be found again"
            return
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT or not isinstance(data.get("articles"), dict):
                raise ValueError("unknown layout")
        except (ValueError, UnicodeDecodeError) as err:
            self._set_aside(f"analysis cache was unreadable ({type(err).__name__}); it was set aside and will be rebuilt")
            return
        if data.get("engine") != self.version:
            self._dirty = True  # results of another engine: drop them on the next save
            return
        self._entries = {k: v for k, v in data["articles"].items() if isinstance(v, dict)}

    def _set_aside(self, message: str) -> None:
        self.warning = message
        try:
            os.replace(self.path, self.path.with_suffix(".corrupt"))
        except OSError:
            pass
        self._dirty = True

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._entries

    def ids(self) -> list[str]:
        """Ids of the cached articles."""
        return list(self._entries)

    def get(self, article_id: str) -> Analysis | None:
        """The cached analysis of ``article_id``, or None (also for a damaged entry)."""
        entry = self._entries.get(article_id)
        if entry is None:
            return None
        try:
            return analysis_from_json(entry)
        except (TypeError, ValueError, KeyError, IndexError):
            del self._entries[article_id]
            self._dirty = True
            return None

    def info(self, article_id: str) -> ArticleInfo | None:
        """Title, source and date stored with the analysis."""
        entry = self._entries.get(article_id)
        if entry is None:
            return None
        return ArticleInfo(article_id, str(entry.get("title", "")), str(entry.get("source", "")), entry.get("date"))

    def put(self, info: ArticleInfo, analysis: Analysis) -> None:
        """Remember ``analysis`` for ``info.id`` (call :meth:`save` to write)."""
        entry = analysis_to_json(analysis)
        entry.update(title=info.title, source=info.source, date=info.date)
        self._entries[info.id] = entry
        self._dirty = True

    def get_or_compute(self, info: ArticleInfo, compute) -> Analysis:
        """The cached analysis, or ``compute()``'s result, cached."""
        cached = self.get(info.id)
        if cached is not None:
            return cached
        analysis = compute()
        self.put(info, analysis)
        return analysis

    def save(self) -> None:
        """Write the cache atomically (temp file + rename); silently keeps it in memory on failure."""
        if not self._dirty:
            return
        data = {"format": CACHE_FORMAT, "engine": self.version, "articles": self._entries}
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".analyses-", suffix=".tmp", dir=self.dir)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError as err:
            self.warning = f"analysis cache not saved: {err.strerror or err}"
            return
        self._dirty = False

    def stats(self, ids: Iterable[str] | None = None) -> CorpusStats:
        """Corpus statistics over the cached articles (or just ``ids``)."""
        stats = CorpusStats()
        for article_id in self._entries if ids is None else ids:
            entry = self._entries.get(article_id)
            if entry is None:
                continue
            try:
                stats.add_rows(ArticleInfo(article_id, str(entry.get("title", "")), str(entry.get("source", "")), entry.get("date")), entry.get("q", ()))
            except (TypeError, ValueError, IndexError):
                continue
        return stats


# --------------------------------------------------------------------------- statistics

_QUOTE_MARKS = str.maketrans({c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"} | {c: "-" for c in "‐‑‒–—―"})
_NON_WORD = re.compile(r"[^\w]+")


def quote_key(text: str) -> str:
    """The form two quotes are compared in: case, quote marks, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_MARKS).casefold()
    return _NON_WORD.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class SpeakerStat:
    """One speaker across the corpus."""

    name: str
    quotes: int
    articles: int


@dataclass(frozen=True, slots=True)
class QuoteSource:
    """Where one copy of a quote appears."""

    article_id: str
    title: str
    source: str
    date: str | None
    start: int
    end: int


@dataclass(slots=True)
class QuoteGroup:
    """One quote as said once, with every article that carries it."""

    text: str
    speaker: str
    kind: str
    sources: list[QuoteSource] = field(default_factory=list)


@dataclass(slots=True)
class _Ref:
    article: int
    start: int
    end: int
    text: str
    kind: str


class CorpusStats:
    """Speakers ranked by quotes and by articles; a speaker's quotes, deduplicated.

    Names are compared normalised (case, spacing); a one-word name ("Kirby") is merged
    into the one longer name ending with it ("John Kirby") when there is exactly one.
    """

    def __init__(self) -> None:
        self.articles: list[ArticleInfo] = []
        self._refs: dict[str, list[_Ref]] = {}
        self._names: dict[str, str] = {}
        self._merged: dict[str, str] | None = None

    def add(self, info: ArticleInfo, analysis: Analysis) -> None:
        """Count the quotes of one article."""
        self.add_rows(info, [_quote_row(q) for q in analysis.quotes])

    def add_rows(self, info: ArticleInfo, rows: Iterable[list]) -> None:
        """Count quotes given in the cache's compact row form."""
        n = len(self.articles)
        self.articles.append(info)
        for row in rows:
            start, end, text, kind, speaker = row[0], row[1], row[2], row[3], row[4]
            if not speaker:
                continue
            key = normalise_name(speaker)
            if not key:
                continue
            self._names.setdefault(key, speaker)
            self._refs.setdefault(key, []).append(_Ref(n, int(start), int(end), str(text), str(kind)))
        self._merged = None

    def _merge_map(self) -> dict[str, str]:
        """Short name key -> full name key, where the short name is one word of exactly one full name."""
        if self._merged is None:
            by_last: dict[str, list[str]] = {}
            for key in self._refs:
                words = key.split()
                if len(words) > 1:
                    by_last.setdefault(words[-1], []).append(key)
            merged = {}
            for key in self._refs:
                if " " not in key and len(by_last.get(key, ())) == 1:
                    merged[key] = by_last[key][0]
            self._merged = merged
        return self._merged

    def _groups(self) -> dict[str, list[_Ref]]:
        merged = self._merge_map()
        out: dict[str, list[_Ref]] = {}
        for key, refs in self._refs.items():
            out.setdefault(merged.get(key, key), []).extend(refs)
        return out

    def speakers(self, by: str = "quotes") -> list[SpeakerStat]:
        """Every speaker, ranked by number of quotes (``by="quotes"``) or of articles."""
        stats = [
            SpeakerStat(self._names.get(key, key), len(refs), len({r.article for r in refs}))
            for key, refs in self._groups().items()
        ]
        if by == "articles":
            stats.sort(key=lambda s: (-s.articles, -s.quotes, s.name.casefold()))
        else:
            stats.sort(key=lambda s: (-s.quotes, -s.articles, s.name.casefold()))
        return stats

    def quotes_of(self, name: str) -> list[QuoteGroup]:
        """The quotes of ``name`` across the corpus, copies folded together, most sources first."""
        key = normalise_name(name)
        key = self._merge_map().get(key, key)
        refs = self._groups().get(key, [])
        display = self._names.get(key, name)
        groups: dict[str, QuoteGroup] = {}
        keys: list[str] = []
        for ref in sorted(refs, key=lambda r: (r.article, r.start)):
            k = quote_key(ref.text)
            group = groups.get(k)
            if group is None:
                group = groups[k] = QuoteGroup(ref.text, display, ref.kind)
                keys.append(k)
            info = self.articles[ref.article]
            group.sources.append(QuoteSource(info.id, info.title, info.source, info.date, ref.start, ref.end))
        merged = _merge_near(keys, groups)
        merged.sort(key=lambda g: (-len({s.article_id for s in g.sources}), g.sources[0].date or "", g.text.casefold()))
        return merged


#: Two distinct texts are the same quote when this similar (a light rewrite).
NEAR_RATIO = 0.9
#: A text inside another one is the same quote (a cut copy) from this many words on.
CUT_MIN_WORDS = 6
#: Word n-grams compared to find candidate pairs, and the most texts one n-gram may link.
SHINGLE = 4
SHINGLE_POSTINGS = 200


def _shingles(key: str) -> set[tuple[str, ...]]:
    words = key.split()
    n = min(SHINGLE, len(words))
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)} if n else set()


def _same_quote(a: str, b: str) -> bool:
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if short in long_ and len(short.split()) >= CUT_MIN_WORDS:
        return True
    m = SequenceMatcher(None, a, b, autojunk=False)
    return m.real_quick_ratio() >= NEAR_RATIO and m.quick_ratio() >= NEAR_RATIO and m.ratio() >= NEAR_RATIO


def _merge_near(keys: list[str], groups: dict[str, QuoteGroup]) -> list[QuoteGroup]:
    """Fold groups whose texts are near-identical (a rewrite) or one contains the other (a cut).

    Candidate pairs share word 4-grams (found through an inverted index, so a speaker
    with thousands of quotes is not compared pairwise); candidates are then checked.
    """
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    shingles = [_shingles(k) for k in keys]
    postings: dict[tuple[str, ...], list[int]] = {}
    for i, sh in enumerate(shingles):
        for s in sh:
            postings.setdefault(s, []).append(i)
    for i, sh in enumerate(shingles):
        shared: dict[int, int] = {}
        for s in sh:
            docs = postings[s]
            if len(docs) > SHINGLE_POSTINGS:
                continue
            for j in docs:
                if j > i:
                    shared[j] = shared.get(j, 0) + 1
        for j, count in shared.items():
            if count * 2 >= min(len(sh), len(shingles[j])) and find(i) != find(j) and _same_quote(keys[i], keys[j]):
                parent[find(j)] = find(i)
    out: dict[int, QuoteGroup] = {}
    for i, k in enumerate(keys):
        root = find(i)
        if root not in out:
            out[root] = groups[k]
        else:
            kept = out[root]
            g = groups[k]
            seen = {(s.article_id, s.start) for s in kept.sources}
            kept.sources.extend(s for s in g.sources if (s.article_id, s.start) not in seen)
            if len(g.text) > len(kept.text):
                kept.text = g.text  # show the fullest version
    return list(out.values())


def summarise(analysis: Analysis, top: int = 3) -> tuple[int, tuple[str, ...]]:
    """(number of quotes, main speakers) of one article, for the article list."""
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for q in analysis.quotes:
        if q.speaker:
            key = normalise_name(q.speaker)
            counts[key] = counts.get(key, 0) + 1
            names.setdefault(key, q.speaker)
    ranked = sorted(counts, key=lambda k: (-counts[k], k))
    return len(analysis.quotes), tuple(names[k] for k in ranked[:top])
