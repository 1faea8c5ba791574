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
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import orjson

from annotations.gcpause import paused_gc
from annotations.model import Analysis, Person, Quote
from annotations.spans import normalise_name

#: Version of the cache file layout (not of the engine).
CACHE_FORMAT = 1
CACHE_FILE = "analyses.json"
SUMMARY_FILE = "speakers.json"


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


def _speaker_counts(rows: Iterable[list]) -> list[list]:
    """``[[speaker, quotes], ...]`` of one article's quote rows (unattributed quotes left out)."""
    counts: dict[str, int] = {}
    for row in rows:
        speaker = row[4]
        if speaker:
            counts[speaker] = counts.get(speaker, 0) + 1
    return [[name, n] for name, n in counts.items()]


def _json_bytes(data: object) -> bytes:
    """``data`` as compact UTF-8 JSON: orjson (about five times faster), or the ``json``
    module for what orjson refuses (a lone surrogate, an integer beyond 64 bits)."""
    try:
        return orjson.dumps(data)
    except TypeError:
        return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _json_load(raw: bytes) -> object:
    """Inverse of :func:`_json_bytes` (raises ``ValueError`` for what is not JSON)."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw)  # what only the json module reads (see _json_bytes), or a real error


def _write_atomic(folder: Path, path: Path, data: object) -> None:
    """Write ``data`` as compact JSON to ``path`` atomically (the store's temp-file-and-rename writer)."""
    from annotations.storage import atomic_write_bytes

    atomic_write_bytes(path, _json_bytes(data))


class AnalysisCache:
    """Quote-engine results per article id for one engine version, in a JSON file.

    ``cache_dir`` defaults to :func:`default_cache_dir`; ``version`` to the installed
    engine's.  Entries made by another engine version are ignored and dropped on the
    next save.  :attr:`warning` holds a one-line message when the file on disk was
    unreadable and has been set aside.

    Beside the full file (``analyses.json``) a small index (``speakers.json``: title,
    source, date and speaker counts per article) is written, so the corpus statistics
    open without parsing every quote; it is trusted only while it matches the size and
    time of the full file it was made from.  The full file is read on first need.
    """

    def __init__(self, cache_dir: Path | str | None = None, version: str | None = None) -> None:
        self.dir = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
        self.path = self.dir / CACHE_FILE
        self.summary_path = self.dir / SUMMARY_FILE
        self.version = version if version is not None else engine_version()
        self.warning: str | None = None
        self._entries_: dict[str, dict] | None = None
        self._load_lock = threading.Lock()
        # Writers (put, dropping a damaged entry) and snapshots (save, the speaker index)
        # take this: copying a dict is not atomic once a copy's allocations let the cycle
        # collector run and another thread in.
        self._lock = threading.Lock()
        self._dirty = False
        #: What :meth:`quote_ids` and :meth:`rows_fingerprint` added to entries that
        #: lacked it (``{article: {"i": ids, "h": digest}}``), since the last save.
        self.derived: dict[str, dict] = {}
        self._views: dict[str, object] = {}

    # ------------------------------------------------------------------ reading

    @property
    def _entries(self) -> dict[str, dict]:
        # Read once, by whichever thread first needs it; others wait for that read.
        if self._entries_ is None:
            with self._load_lock:
                if self._entries_ is None:
                    self._entries_ = self._load()
        return self._entries_

    def _load(self) -> dict[str, dict]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as err:
            self.warning = f"analysis cache not read ({err.strerror or err}); quotes will be found again"
            return {}
        try:
            with paused_gc():
                data = _json_load(raw)  # orjson: half the time of json.loads on a 30 MB cache
            if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT or not isinstance(data.get("articles"), dict):
                raise ValueError("unknown layout")
        except (ValueError, UnicodeDecodeError) as err:
            self._set_aside(f"analysis cache was unreadable ({type(err).__name__}); it was set aside and will be rebuilt")
            return {}
        if data.get("engine") != self.version:
            self._dirty = True  # results of another engine: drop them on the next save
            return {}
        return {k: v for k, v in data["articles"].items() if isinstance(v, dict)}

    def _set_aside(self, message: str) -> None:
        self.warning = message
        try:
            os.replace(self.path, self.path.with_suffix(".corrupt"))
        except OSError:
            pass
        self._dirty = True

    def _stamp(self) -> list[int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return [st.st_size, st.st_mtime_ns]

    def _read_summary(self) -> dict | None:
        """The speaker index from disk, if it belongs to the full file as it is now."""
        try:
            data = _json_load(self.summary_path.read_bytes())
        except (OSError, ValueError, UnicodeDecodeError):
            return None
        if (
            not isinstance(data, dict)
            or data.get("format") != CACHE_FORMAT
            or data.get("engine") != self.version
            or data.get("main") != self._stamp()
            or not isinstance(data.get("articles"), list)
            or not isinstance(data.get("speakers"), list)
        ):
            return None
        return data

    def speaker_index(self) -> dict:
        """``{"articles": [[id, title, source, date], ...], "speakers": [[name, [article, quotes, ...]], ...]}``.

        Read from ``speakers.json`` while it matches the full file and nothing is unsaved
        (so the full file need not be parsed), else built from the entries in memory.
        """
        if not self._dirty:
            index = self._read_summary()
            if index is not None:
                return index
        return _speaker_index(self._snapshot())

    # ------------------------------------------------------------------ entries

    def _snapshot(self) -> list[tuple[str, dict]]:
        """The entries as a list, copied while no other thread changes them."""
        entries = self._entries
        with self._lock:
            return list(entries.items())

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._entries

    def ids(self) -> list[str]:
        """Ids of the cached articles."""
        with self._lock:
            return list(self._entries)

    def get(self, article_id: str) -> Analysis | None:
        """The cached analysis of ``article_id``, or None (also for a damaged entry)."""
        entry = self._entries.get(article_id)
        if entry is None:
            return None
        try:
            return analysis_from_json(entry)
        except (TypeError, ValueError, KeyError, IndexError):
            with self._lock:
                self._entries.pop(article_id, None)
            self._dirty = True
            return None

    def info(self, article_id: str) -> ArticleInfo | None:
        """Title, source and date stored with the analysis."""
        entry = self._entries.get(article_id)
        if entry is None:
            return None
        return ArticleInfo(article_id, str(entry.get("title", "")), str(entry.get("source", "")), entry.get("date"))

    def rows_for(self, article_ids: Iterable[str]) -> dict[str, list]:
        """The compact quote rows of each of ``article_ids`` that is cached."""
        entries = self._entries
        return {i: entries[i].get("q", []) for i in article_ids if i in entries}

    def quote_ids(self, article_id: str) -> list[str] | None:
        """The store ids (:func:`annotations.store.engine_quote_id`) of a cached article's
        quotes, in the order of its rows, or None when it is not cached (or damaged).

        Kept in the entry (``"i"``): an export lays 150,000 quotes, and hashing each one's
        id again every time was a tenth of it.  An entry without them (written before
        they were kept) gets them here, and the cache is marked for saving.
        """
        entry = self._entries.get(article_id)
        if entry is None:
            return None
        rows = entry.get("q", [])
        ids = entry.get("i")
        if type(ids) is list and type(rows) is list and len(ids) == len(rows) and (not ids or set(map(type, ids)) == _STR_ONLY):
            return ids
        try:
            ids = _quote_ids(article_id, rows)
        except (TypeError, IndexError, KeyError):
            return None
        self._derive(article_id, entry, "i", ids)
        return ids

    def rows_fingerprint(self, article_id: str) -> str | None:
        """A digest of a cached article's quote rows (``"h"`` in the entry, made once like
        :meth:`quote_ids`): equal fingerprints, equal quotes.  None when not cached."""
        entry = self._entries.get(article_id)
        if entry is None:
            return None
        h = entry.get("h")
        if type(h) is str and len(h) == 32:
            return h
        try:
            h = _rows_digest(entry.get("q", []))
        except TypeError:
            return None
        self._derive(article_id, entry, "h", h)
        return h

    def _derive(self, article_id: str, entry: dict, key: str, value: object) -> None:
        entry[key] = value
        self.derived.setdefault(article_id, {})[key] = value
        self._dirty = True

    def add_derived(self, derived: dict[str, dict]) -> None:
        """Keep what another copy of this cache derived (a forked export helper's :attr:`derived`)."""
        for article_id, fields in derived.items():
            entry = self._entries.get(article_id)
            if entry is None or not isinstance(fields, dict):
                continue
            rows = entry.get("q", ())
            ids, h = fields.get("i"), fields.get("h")
            if type(ids) is list and len(ids) == len(rows):
                self._derive(article_id, entry, "i", ids)
            if type(h) is str and len(h) == 32:
                self._derive(article_id, entry, "h", h)

    def put(self, info: ArticleInfo, analysis: Analysis, text: str | None = None) -> None:
        """Remember ``analysis`` for ``info.id`` (call :meth:`save` to write).

        ``text``, the article text the analysis is of, also renders the engine's quotes
        for each export format ahead (:mod:`annotations.exportview`): an export then lays
        the user's corrections over them instead of building every record.
        """
        entry = analysis_to_json(analysis)
        entry.update(title=info.title, source=info.source, date=info.date, s=_speaker_counts(entry["q"]))
        entry["i"] = _quote_ids(info.id, entry["q"])
        entry["h"] = _rows_digest(entry["q"])
        pieces = _export_pieces(self.version, info.id, text, entry["q"], entry["i"], info.source, entry["h"]) if text is not None else {}
        with self._lock:
            self._entries[info.id] = entry
            for fmt, (key, made) in pieces.items():
                self.view(fmt).put(info.id, key, made)
        self._dirty = True

    def view(self, fmt: str):
        """The :class:`annotations.exportview.ExportView` of export format ``fmt``, kept
        beside this cache (the same object for every caller)."""
        from annotations.exportview import ExportView, view_file

        key = "json" if fmt == "jsonl" else fmt
        view = self._views.get(key)
        if view is None:
            view = self._views.setdefault(key, ExportView(view_file(self.dir, key), key))
        return view

    def get_or_compute(self, info: ArticleInfo, compute, text: str | None = None) -> Analysis:
        """The cached analysis, or ``compute()``'s result, cached (``text`` as for :meth:`put`)."""
        cached = self.get(info.id)
        if cached is not None:
            return cached
        analysis = compute()
        self.put(info, analysis, text)
        return analysis

    def save(self) -> None:
        """Write the cache atomically (temp file + rename); keeps it in memory when that fails."""
        if not self._dirty:
            return
        entries = dict(self._snapshot())  # put() may run in another thread meanwhile
        with self._lock:
            views = [(view, view.take()) for view in self._views.values()]
        self.derived = {}
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            self._dirty = False
            _write_atomic(self.dir, self.path, {"format": CACHE_FORMAT, "engine": self.version, "articles": entries})
            summary = {"format": CACHE_FORMAT, "engine": self.version, "main": self._stamp(), **_speaker_index(list(entries.items()))}
            _write_atomic(self.dir, self.summary_path, summary)
            for view, new in views:
                view.save(new)
        except OSError as err:
            self._dirty = True
            self.warning = f"analysis cache not saved: {err.strerror or err}"

    def stats(self, ids: Iterable[str] | None = None) -> CorpusStats:
        """Corpus statistics over the cached articles (or just ``ids``).

        Built from the speaker index (totals per speaker, no quote texts); a speaker's
        quotes are read from the full cache only when :meth:`CorpusStats.quotes_of` asks.
        """
        index = self.speaker_index()
        articles = index["articles"]
        keep: list[int] | None = None
        if ids is not None:
            wanted = set(ids)
            keep = [i for i, row in enumerate(articles) if row and row[0] in wanted]
            if len(keep) == len(articles):
                keep = None  # all of them: no renumbering needed
        stats = CorpusStats(rows_for=self.rows_for)
        try:
            if keep is None:
                infos = [ArticleInfo(str(a[0]), str(a[1]), str(a[2]), a[3]) for a in articles]
                stats.add_index(infos, index["speakers"])
            else:
                renumber = {old: new for new, old in enumerate(keep)}
                infos = [ArticleInfo(str(articles[i][0]), str(articles[i][1]), str(articles[i][2]), articles[i][3]) for i in keep]
                speakers = []
                for name, flat in index["speakers"]:
                    kept = [x for k in range(0, len(flat) - 1, 2) if flat[k] in renumber for x in (renumber[flat[k]], flat[k + 1])]
                    if kept:
                        speakers.append([name, kept])
                stats.add_index(infos, speakers)
        except (TypeError, ValueError, IndexError, KeyError):
            # A damaged index: count from the entries themselves.
            stats = CorpusStats(rows_for=self.rows_for)
            for article_id, entry in self._snapshot():
                if ids is None or article_id in set(ids):
                    stats.add_rows(ArticleInfo(article_id, str(entry.get("title", "")), str(entry.get("source", "")), entry.get("date")), entry.get("q", ()))
        return stats


_STR_ONLY = {str}


def _export_pieces(
    version: str, article_id: str, text: str, rows: list, ids: list, source: str | None = None, rows_digest: str | None = None
) -> dict[str, tuple[str, list[bytes]]]:
    """Each export format's pieces of a freshly stored analysis, with their key (see
    :mod:`annotations.exportview`); none when no source file reads back as ``text``.
    ``source`` is the file's path (which W3C pieces target); ``rows_digest`` the rows'
    fingerprint (:func:`_rows_digest`, made here when not given)."""
    from annotations.export import make_pieces, piece_key, source_iri
    from annotations.exportview import VIEW_FORMATS, text_digest, view_key

    raw = text_digest(text)
    if raw is None:
        return {}
    try:
        key = view_key(version, article_id, raw, rows_digest if rows_digest is not None else _rows_digest(rows), ids)
    except TypeError:  # rows that are not JSON
        return {}
    if key is None:
        return {}
    iri = source_iri({"source": source or None, "id": article_id})
    out = {}
    for fmt in VIEW_FORMATS:
        made = make_pieces(fmt, article_id, text, rows, ids, iri)
        if made is not None:
            out[fmt] = (piece_key(fmt, key, iri), made)
    return out


def _quote_ids(article_id: str, rows: list) -> list[str]:
    """The engine quote id of each compact row (``[start, end, text, ...]``)."""
    from annotations.store import engine_quote_id

    return [engine_quote_id(article_id, r[0], r[1], r[2]) for r in rows]


def _rows_digest(rows: list) -> str:
    """The fingerprint :meth:`AnalysisCache.rows_fingerprint` keeps (raises TypeError for
    rows that are not JSON)."""
    import hashlib

    return hashlib.blake2b(orjson.dumps(rows), digest_size=16).hexdigest()


def _speaker_index(items: list[tuple[str, dict]]) -> dict:
    """Totals per speaker over cache entries, with the articles (by position) and their quote counts."""
    articles = []
    speakers: dict[str, list[int]] = {}
    for n, (article_id, entry) in enumerate(items):
        articles.append([article_id, entry.get("title", ""), entry.get("source", ""), entry.get("date")])
        for name, count in entry.get("s") or _speaker_counts(entry.get("q", ())):
            flat = speakers.get(name)
            if flat is None:
                speakers[name] = [n, count]
            else:
                flat += (n, count)
    return {"articles": articles, "speakers": [[name, flat] for name, flat in speakers.items()]}


# --------------------------------------------------------------------------- statistics

_QUOTE_MARKS = str.maketrans({c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"} | {c: "-" for c in "‐‑‒–—―"})
_NON_WORD = re.compile(r"[^\w]+")


def quote_key(text: str) -> str:
    """The form two quotes are compared in: case, quote marks, punctuation and spacing ignored."""
    if not text.isascii():  # the common ASCII case needs no normalisation
        text = unicodedata.normalize("NFKC", text).translate(_QUOTE_MARKS)
    return _NON_WORD.sub(" ", text.casefold()).strip()


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


# One quote in the statistics: (article index, start, end, text, kind).
_Ref = tuple[int, int, int, str, str]


class CorpusStats:
    """Speakers ranked by quotes and by articles; a speaker's quotes, deduplicated.

    Names are compared normalised (case, spacing); a one-word name ("Ruiz") is merged
    into the one longer name ending with it ("Ana Ruiz") when there is exactly one.
    Articles are added with their quotes (:meth:`add`, :meth:`add_rows`) or as speaker
    totals only (:meth:`add_index`); in the second case ``rows_for`` (article ids ->
    quote rows) fetches the quotes when a speaker's are listed.
    """

    def __init__(self, rows_for: Callable[[list[str]], dict[str, list]] | None = None) -> None:
        self.articles: list[ArticleInfo] = []
        self._quotes: dict[str, int] = {}
        self._arts: dict[str, list[int]] = {}
        self._refs: dict[str, list[_Ref]] = {}
        self._names: dict[str, str] = {}
        self._keys: dict[str, str] = {}  # raw speaker string -> normalised key (memo)
        self._merged: dict[str, str] | None = None
        self._rows_for = rows_for
        self._summaries_only = False

    def _key(self, speaker: object) -> str:
        key = self._keys.get(speaker)  # type: ignore[arg-type]
        if key is None:
            key = self._keys[speaker] = normalise_name(str(speaker))  # type: ignore[index]
            if key:
                self._names.setdefault(key, str(speaker))
        return key

    def add(self, info: ArticleInfo, analysis: Analysis) -> None:
        """Count the quotes of one article."""
        self.add_rows(info, [_quote_row(q) for q in analysis.quotes])

    def add_index(self, infos: list[ArticleInfo], speakers: Iterable[list]) -> None:
        """Count many articles at once from a speaker index: ``[[name, [article, quotes, ...]], ...]``.

        Article numbers in the index are positions in ``infos``.  Quotes are fetched later
        through ``rows_for``.
        """
        base = len(self.articles)
        self.articles.extend(infos)
        quotes, arts, key_of = self._quotes, self._arts, self._key
        for name, flat in speakers:
            if not name:
                continue
            key = key_of(name)
            if not key:
                continue
            where = [base + a for a in flat[0::2]]
            total = sum(flat[1::2])
            if key in quotes:
                quotes[key] += total
                arts[key] = sorted(set(arts[key]).union(where))
            else:
                quotes[key] = total
                arts[key] = where
        self._summaries_only = True
        self._merged = None

    def add_rows(self, info: ArticleInfo, rows: Iterable[list]) -> None:
        """Count quotes given in the cache's compact row form."""
        n = len(self.articles)
        self.articles.append(info)
        quotes, arts, refs, key_of = self._quotes, self._arts, self._refs, self._key
        for row in rows:
            speaker = row[4]
            if not speaker:
                continue
            key = key_of(speaker)
            if not key:
                continue
            if key in quotes:
                quotes[key] += 1
                if arts[key][-1] != n:
                    arts[key].append(n)
                refs[key].append((n, row[0], row[1], row[2], row[3]))
            else:
                quotes[key] = 1
                arts[key] = [n]
                refs[key] = [(n, row[0], row[1], row[2], row[3])]
        self._merged = None

    def _merge_map(self) -> dict[str, str]:
        """Short name key -> full name key, where the short name is one word of exactly one full name."""
        if self._merged is None:
            by_last: dict[str, list[str]] = {}
            for key in self._quotes:
                words = key.split()
                if len(words) > 1:
                    by_last.setdefault(words[-1], []).append(key)
            merged = {}
            for key in self._quotes:
                if " " not in key and len(by_last.get(key, ())) == 1:
                    merged[key] = by_last[key][0]
            self._merged = merged
        return self._merged

    def speakers(self, by: str = "quotes") -> list[SpeakerStat]:
        """Every speaker, ranked by number of quotes (``by="quotes"``) or of articles."""
        merged = self._merge_map()
        members: dict[str, list[str]] = {}  # shown name key -> the name keys counted under it
        for key in self._quotes:
            members.setdefault(merged.get(key, key), []).append(key)
        stats = []
        for key, keys in members.items():
            quotes = sum(self._quotes[k] for k in keys)
            articles = len(self._arts[keys[0]]) if len(keys) == 1 else len({a for k in keys for a in self._arts[k]})
            stats.append(SpeakerStat(self._names.get(key, key), quotes, articles))
        if by == "articles":
            stats.sort(key=lambda s: (-s.articles, -s.quotes, s.name.casefold()))
        else:
            stats.sort(key=lambda s: (-s.quotes, -s.articles, s.name.casefold()))
        return stats

    def _refs_of(self, key: str) -> list[_Ref]:
        merged = self._merge_map()
        keys = {k for k in self._quotes if merged.get(k, k) == key}
        if not self._summaries_only or self._rows_for is None:
            return [r for k in keys for r in self._refs.get(k, ())]
        indexes = sorted({a for k in keys for a in self._arts.get(k, ())})
        rows = self._rows_for([self.articles[i].id for i in indexes])
        out: list[_Ref] = []
        for i in indexes:
            for row in rows.get(self.articles[i].id, ()):
                try:
                    if row[4] and self._key(row[4]) in keys:
                        out.append((i, row[0], row[1], row[2], row[3]))
                except (IndexError, TypeError):
                    continue
        return out

    def quotes_of(self, name: str) -> list[QuoteGroup]:
        """The quotes of ``name`` across the corpus, copies folded together, most sources first."""
        with paused_gc():
            return self._quotes_of(name)

    def _quotes_of(self, name: str) -> list[QuoteGroup]:
        key = normalise_name(name)
        key = self._merge_map().get(key, key)
        display = self._names.get(key, name)
        groups: dict[str, QuoteGroup] = {}
        keys: list[str] = []
        for article, start, end, text, kind in sorted(self._refs_of(key), key=lambda r: (r[0], r[1])):
            k = quote_key(str(text))
            group = groups.get(k)
            if group is None:
                group = groups[k] = QuoteGroup(str(text), display, str(kind))
                keys.append(k)
            info = self.articles[article]
            group.sources.append(QuoteSource(info.id, info.title, info.source, info.date, int(start), int(end)))
        merged = _merge_near(keys, groups)
        merged.sort(key=lambda g: (-len({s.article_id for s in g.sources}), g.sources[0].date or "", g.text.casefold()))
        return merged


#: Two distinct texts are the same quote when this similar (a light rewrite).
NEAR_RATIO = 0.9
#: A text inside another one is the same quote (a cut copy) from this many words on.
CUT_MIN_WORDS = 6
#: Word n-grams compared to find candidate pairs, and the most texts one n-gram may link.
SHINGLE = 4
SHINGLE_POSTINGS = 64
#: Each text is checked against at most this many candidates (those sharing most n-grams).
MAX_CANDIDATES = 12


def _shingle_list(key: str) -> list[tuple[str, ...]]:
    """The word n-grams of ``key`` in order (one shorter n-gram for a short text)."""
    words = key.split()
    if len(words) < SHINGLE:
        return [tuple(words)] if words else []
    return list(zip(*(words[k:] for k in range(SHINGLE))))  # in C: no slicing per n-gram


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

    # Each text is indexed by three anchor n-grams (first, middle, last); every text then
    # probes the index with all its n-grams.  A rewrite keeps at least two anchors of the
    # other text, a cut copy all of its own: both are found without comparing every pair.
    shingles = [_shingle_list(k) for k in keys]
    anchors: dict[tuple[str, ...], list[int]] = {}
    wanted: list[int] = []
    for i, sh in enumerate(shingles):
        own = {sh[0], sh[len(sh) // 2], sh[-1]} if sh else set()
        wanted.append(min(2, len(own)))
        for a in own:
            anchors.setdefault(a, []).append(i)
    anchor_set = anchors.keys()
    hits: dict[tuple[int, int], int] = {}
    for j, sh in enumerate(shingles):
        for a in anchor_set & set(sh):
            owners = anchors[a]
            if len(owners) > SHINGLE_POSTINGS:
                continue
            for i in owners:
                if i != j:
                    hits[i, j] = hits.get((i, j), 0) + 1
    candidates: dict[int, list[tuple[int, int]]] = {}
    for (i, j), count in hits.items():
        if count >= wanted[i]:
            a, b = (i, j) if i < j else (j, i)
            candidates.setdefault(a, []).append((count, b))
    for i in sorted(candidates):
        for _, j in sorted(set(candidates[i]), reverse=True)[:MAX_CANDIDATES]:
            if find(i) != find(j) and _same_quote(keys[i], keys[j]):
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
