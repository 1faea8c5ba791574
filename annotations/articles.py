"""Loading articles: safe reading, sanitising, stable ids, titles, dates, paragraphs, boilerplate.

An :class:`Article` is built once per file and never changes.  Its ``id`` is a hash of
the normalised text, so a renamed or moved file keeps its annotations.  Everything a
later stage needs to skip or dim (link lines, app promotions, shouted headlines of other
stories) is found here by general rules and handed on as ``boilerplate`` spans.
"""

from __future__ import annotations

import codecs
import datetime
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from annotations.text import has_controls, normalise_for_id, sanitise

#: Files larger than this are refused with a message instead of being loaded.
MAX_BYTES = 16 * 1024 * 1024
#: Extensions picked up when a folder is opened (a file named explicitly may have any).
EXTENSIONS = (".txt", ".md")
#: How much of a file :func:`peek_title` reads.
PEEK_BYTES = 4096


class ArticleError(Exception):
    """A file that cannot be loaded as an article; ``str(err)`` is a one-line reason."""


@dataclass(slots=True)
class Article:
    """One news article, sanitised on load.

    ``id`` is a hash of the normalised text, so a renamed or moved file keeps its
    annotations.  All spans are ``(start, end)`` ``str`` offsets into ``text``.
    """

    id: str
    path: Path | None
    text: str
    title: str
    date: str | None = None  # ISO 8601 date when the text states one
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def source(self) -> str:
        """The file the article came from, as text (empty for text with no file)."""
        return str(self.path) if self.path is not None else ""

    def is_boilerplate(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` lies inside a boilerplate span."""
        return any(b0 <= start and end <= b1 for b0, b1 in self.boilerplate)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path that was not loaded, and why (one line, for a notification or ``--check``)."""

    path: Path
    reason: str


# --------------------------------------------------------------------------- reading


def _read_bytes(path: Path) -> bytes:
    """Read a regular file, refusing anything that could block or exhaust memory."""
    try:
        st = os.stat(path)  # follows symlinks: a dangling one raises here
    except FileNotFoundError:
        if os.path.islink(path):
            raise ArticleError("dangling symbolic link") from None
        raise ArticleError("file vanished before it could be read") from None
    except OSError as err:
        if err.errno == 40:  # ELOOP
            raise ArticleError("symbolic link loop") from None
        raise ArticleError(f"cannot read: {err.strerror or err}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ArticleError("is a folder")
    if not stat.S_ISREG(st.st_mode):
        kind = "named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else "special file"
        raise ArticleError(f"not a regular file: {kind}")
    if st.st_size > MAX_BYTES:
        raise ArticleError(f"too large: {st.st_size / 1e6:.1f} MB (limit {MAX_BYTES // (1024 * 1024)} MB)")
    try:
        # O_NONBLOCK: if the path was swapped for a FIFO after the stat, open must not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ArticleError("file vanished before it could be read") from None
    except OSError as err:
        raise ArticleError(f"cannot read: {err.strerror or err}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ArticleError("not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as err:
        raise ArticleError(f"cannot read: {err.strerror or err}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        raise ArticleError(f"too large (limit {MAX_BYTES // (1024 * 1024)} MB)")
    return data


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode file bytes to text, returning the text and any warnings.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are understood.  Binary data
    (NUL bytes outside a UTF-16/32 file) raises :class:`ArticleError`; invalid UTF-8 is
    decoded with replacement characters and flagged.
    """
    warnings: list[str] = []
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            if "\ufffd" in text:
                warnings.append(f"invalid {encoding.upper()} bytes were replaced with �")
            return text, warnings
    if b"\x00" in data[:8192]:
        raise ArticleError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), warnings
    except UnicodeDecodeError as err:
        text = data.decode("utf-8", errors="replace")
        warnings.append(f"invalid UTF-8 at byte {err.start}; bad bytes were replaced with �")
        # Mostly undecodable text is not an article but a binary file without NULs.
        if text.count("\ufffd") > max(16, len(text) // 10):
            raise ArticleError("binary file (mostly invalid UTF-8)") from None
        return text, warnings


# --------------------------------------------------------------------------- structure

_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n\s*")
_LINE = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])")

# A navigation prefix ("Also Read:", "LEARN MORE:", "WATCH:", "Related:" ...): a short
# run of words from the vocabulary of links and promotions, then a colon.
_NAV_WORDS = (
    r"also|read|more|learn|show|watch|see|related|click|subscribe|sign|download|get|follow|listen|"
    r"video|videos|photos|photo|gallery|advertisement|sponsored|trending|recommended|latest|top|"
    r"stories|story|news|opinion|live|updates|breaking|exclusive|must|now|up|here|this|the|our|app|"
    r"podcast|newsletter|join|continue|reading|check|out|don't|miss|editor's|picks|pick|in|case|you|missed|it"
)
_NAV_PREFIX = re.compile(rf"^\s*(?:(?:{_NAV_WORDS})[\s']*){{1,4}}\s*[:|>»–—-]\s*\S", re.IGNORECASE)
_PROMO = re.compile(
    r"click here|tap here|download (?:the|our) app|get the [\w ]{0,20}app\b|sign up (?:for|to)|"
    r"subscribe to (?:our|the)|follow us on|all rights reserved|^\s*(?:copyright|©)|"
    r"this (?:article|story|post) (?:was|has been) (?:added|submitted|shared|posted|originally published|first published|updated)",
    re.IGNORECASE,
)
#: Words one of which every promotion line above holds: a cheap test before the pattern.
_PROMO_KEYS = ("click", "tap here", "download", "get the", "sign up", "subscribe", "follow us", "rights reserved", "copyright", "©", "this article", "this story", "this post")
_LETTERS = re.compile(r"[^\W\d_]")
#: The ASCII lower-case letters, as bytes for ``bytes.translate``.
_ASCII_LOWER_BYTES = bytes(range(ord("a"), ord("z") + 1))
_UPPER_WORD = re.compile(r"\b[A-Z][A-Z'’.-]+\b")


def _ascii_lower_count(line: str) -> int:
    """How many characters of ``line`` are ASCII lower-case letters (``len(re.findall("[a-z]", line))``).

    Counted in C on the UTF-8 bytes, where every other character is written with bytes
    outside ASCII: deleting the letters' bytes and comparing the lengths gives the count.
    """
    data = line.encode("utf-8", "surrogatepass")
    return len(data) - len(data.translate(None, _ASCII_LOWER_BYTES))


def _is_shouted(line: str) -> bool:
    """A line in capitals: a promotional link or another story's headline."""
    if _ascii_lower_count(line) * 5 > len(line):
        return False  # plainly lower-case prose: no need to weigh every letter
    letters = _LETTERS.findall(line)
    if len(letters) < 8:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) >= 0.8 and len(_UPPER_WORD.findall(line)) >= 3


#: Boilerplate lines are short; anything longer is prose and is not inspected further.
MAX_BOILERPLATE_LINE = 300


def is_boilerplate_line(line: str) -> bool:
    """True when a line is a link, a promotion or a shouted headline, not article prose."""
    if len(line) > MAX_BOILERPLATE_LINE * 2:
        return False
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_BOILERPLATE_LINE:
        return False
    if _is_shouted(stripped):
        return True
    if len(stripped) <= 200 and _NAV_PREFIX.match(stripped):
        return True
    lowered = stripped.lower()
    for key in _PROMO_KEYS:  # (a loop, not any() over a generator: this runs for every line)
        if key in lowered:
            return _PROMO.search(stripped) is not None
    return False


def find_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blank-line separated, or one per line where the file uses single newlines."""
    spans: list[tuple[int, int]] = []
    if _BLANK_LINES.search(text):
        pos = 0
        for m in _BLANK_LINES.finditer(text):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, len(text)))
    else:
        spans = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    out: list[tuple[int, int]] = []
    for start, end in spans:
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if trail > lead:
            out.extend(_split_long(text, start + lead, start + trail))
    return out


#: A paragraph longer than this is shown as several, cut at sentence ends.
LONG_PARAGRAPH = 1200


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a wall of text (a whole article on one line) into readable paragraphs.

    Cuts fall only after a sentence end, outside double quotation marks, and at least
    ``LONG_PARAGRAPH // 3`` characters apart; a paragraph with no such place stays whole
    (the reader wraps it lazily).  Quote balance is tracked as it goes: linear time.
    """
    if end - start <= LONG_PARAGRAPH:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    piece_start = start
    counted = start  # quotation marks are counted up to here
    straight = curly = 0  # open straight marks (parity) and curly depth since piece_start
    for m in _SENTENCE_END.finditer(text, start, end):
        chunk = text[counted : m.start()]
        straight += chunk.count('"')
        curly += chunk.count("“") - chunk.count("”")
        counted = m.start()
        if m.start() - piece_start >= LONG_PARAGRAPH // 3 and straight % 2 == 0 and curly <= 0:
            pieces.append((piece_start, m.start()))
            piece_start = counted = m.end()
            straight = curly = 0
    pieces.append((piece_start, end))
    return [(a, b) for a, b in pieces if b > a]


# An inline link inside running text ("... above. SHOW: Talks resume in ..."): a
# capitalised navigation prefix at a sentence start.  Candidates are found with a cheap
# pattern (a sentence end, a capitalised run, a colon) and then checked word by word.
_INLINE_CANDIDATE = re.compile(r"[.!?][\"”’]? ([A-Z][A-Za-z' ]{0,40}): ")
_NAV_PHRASE = re.compile(rf"(?:{_NAV_WORDS})(?: (?:{_NAV_WORDS})){{0,3}}", re.IGNORECASE)
_INLINE_LINK_MAX = 110


def find_boilerplate(text: str) -> list[tuple[int, int]]:
    """Spans of boilerplate: whole lines (see :func:`is_boilerplate_line`) and inline links.

    An inline link runs from its prefix to the next sentence end, or to a word boundary
    at most ``_INLINE_LINK_MAX`` characters on when a headline runs into the next
    sentence without punctuation.
    """
    spans = []
    # the candidates in one pass over the text (none can span a line break, so they are those
    # of each line); every one holds ": "
    links = [c for c in _INLINE_CANDIDATE.finditer(text) if _NAV_PHRASE.fullmatch(c.group(1))] if ": " in text else []
    k = 0
    for m in _LINE.finditer(text):
        while k < len(links) and links[k].start() < m.start():
            k += 1  # in a line already done, or a boilerplate one
        if is_boilerplate_line(m.group()):
            spans.append((m.start(), m.end()))
            continue
        while k < len(links) and links[k].end() <= m.end():
            link = links[k]
            k += 1
            link_start, link_end = link.start(1), link.end()
            limit = min(m.end(), link_start + _INLINE_LINK_MAX)
            stop = _SENTENCE_END.search(text, link_end, limit)
            if stop:
                end = stop.start()
            elif limit == m.end():
                end = limit
            else:
                end = text.rfind(" ", link_end, limit)
                end = end if end > link_end else limit
            spans.append((link_start, end))
    return spans


# --------------------------------------------------------------------------- title and date

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
            ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
            ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}
_MONTH = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DATE_PATTERNS = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
    (re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"), ("M", "d", "y")),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(\d{{4}})\b"), ("d", "M", "y")),
)


def find_date(text: str, window: int = 3000) -> str | None:
    """The first calendar date stated near the top of the text, as ``YYYY-MM-DD``."""
    head = text[:window]
    best: tuple[int, str] | None = None
    for pattern, order in _DATE_PATTERNS:
        for m in pattern.finditer(head):
            parts = dict(zip(order, m.groups()))
            try:
                year = int(parts["y"])
                month = int(parts["m"]) if "m" in parts else _MONTHS[parts["M"].lower().rstrip(".")]
                day = int(parts["d"])
            except (KeyError, ValueError):
                continue
            try:
                valid = 1800 <= year <= 2200 and datetime.date(year, month, day) is not None
            except ValueError:
                valid = False
            if valid:
                if best is None or m.start() < best[0]:
                    best = (m.start(), f"{year:04d}-{month:02d}-{day:02d}")
                break
    return best[1] if best else None


def _shorten(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return (text[: cut if cut > limit // 2 else limit - 1]).rstrip(",;:- ") + "…"


def make_title(text: str, paragraphs: list[tuple[int, int]] | None = None) -> str:
    """A headline-like first line, else the first sentence shortened."""
    lines = [line for line in text.split("\n", 40)[:40] if line.strip()]
    # The first line that is prose: skip link lines, promotions and shouted headlines.
    body = [line for line in lines if not is_boilerplate_line(line)] or lines
    if not body:
        return "(untitled)"
    first_line = body[0].strip().lstrip("#").strip()
    stripped = text.strip()
    words = first_line.split()
    headline_like = (
        len(words) <= 20
        and len(first_line) <= 160
        and not first_line.endswith((".", ",", ";", ":"))
        and "\n" in stripped  # a one-line file is body text, not a headline
    )
    if headline_like:
        return _shorten(first_line, 120)
    m = _SENTENCE_END.search(first_line[:400])
    sentence = first_line[: m.start()] if m else first_line
    return _shorten(sentence)


def article_id(text: str) -> str:
    """The stable id of an article: 16 hex digits of the SHA-256 of its normalised text."""
    return hashlib.sha256(normalise_for_id(text).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def article_from_text(text: str, path: Path | None = None, warnings: list[str] | None = None) -> Article:
    """Build an :class:`Article` from raw text (sanitised here)."""
    warnings = list(warnings or [])
    if has_controls(text):
        warnings.append("control characters were replaced with �")
    clean = sanitise(text)
    if not clean.strip():
        raise ArticleError("empty file" if not clean else "contains only whitespace")
    paragraphs = find_paragraphs(clean)
    return Article(
        id=article_id(clean),
        path=path,
        text=clean,
        title=make_title(clean),
        date=find_date(clean),
        paragraphs=paragraphs,
        boilerplate=find_boilerplate(clean),
        warnings=warnings,
    )


def load_article(path: Path | str) -> Article:
    """Load one file as an :class:`Article`, or raise :class:`ArticleError` with the reason."""
    path = Path(path)
    text, warnings = decode(_read_bytes(path))
    return article_from_text(text, path, warnings)


def peek_title(path: Path) -> str:
    """A cheap title for the article list, read from the first few KB of the file."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return path.name
            head = os.read(fd, PEEK_BYTES)
        finally:
            os.close(fd)
        text, _ = decode(head)
    except (OSError, ArticleError):
        return path.name
    clean = sanitise(text)
    return make_title(clean) if clean.strip() else path.name


# --------------------------------------------------------------------------- discovery


def discover(paths: list[Path | str], *, check_files: bool = True) -> tuple[list[Path], list[Skipped]]:
    """Expand files and folders into article paths, in a stable order.

    Folders are walked recursively (symlinked folders followed once, loops detected) and
    yield ``.txt``/``.md`` files sorted by path; a file named explicitly is taken whatever
    its extension.  Returns the paths to load and the paths skipped with their reasons.
    Paths that do not exist are the caller's business (a usage error) and are reported
    as skipped here too.

    With ``check_files=False`` the plain regular files found in folders are not
    ``stat``-ed (their directory entry says what they are): the app starts on a big
    folder without one system call per file, and an empty or oversized file among them
    is reported when it is read instead.  FIFOs, devices and symlinks are always checked.
    """
    found: list[Path] = []
    skipped: list[Skipped] = []
    seen: set[tuple[int, int]] = set()  # (device, inode): the same file reached twice is listed once

    def consider(p: Path, st: os.stat_result | None) -> None:
        reason = _unloadable(p, st)
        if reason:
            skipped.append(Skipped(p, reason))
            return
        st = st or os.stat(p)
        key = (st.st_dev, st.st_ino)
        if key not in seen:
            seen.add(key)
            found.append(p)

    def walk(folder: Path, active: frozenset[tuple[int, int]]) -> None:
        try:
            st = os.stat(folder)
            key = (st.st_dev, st.st_ino)
            if key in active:
                skipped.append(Skipped(folder, "symbolic link loop"))
                return
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as err:
            skipped.append(Skipped(folder, f"cannot list folder: {err.strerror or err}"))
            return
        active = active | {key}
        device = st.st_dev
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                walk(Path(entry.path), active)
                continue
            if not entry.name.lower().endswith(EXTENSIONS):
                continue
            if not check_files:
                try:
                    plain = entry.is_file(follow_symlinks=False)
                except OSError:
                    plain = False
                if plain:  # a regular file, not a symlink: d_type and d_ino suffice
                    key = (device, entry.inode())
                    if key not in seen:
                        seen.add(key)
                        found.append(Path(entry.path))
                    continue
            try:
                st = entry.stat(follow_symlinks=True)
            except OSError:
                st = None
            consider(Path(entry.path), st)

    for raw in paths:
        p = Path(raw)
        if os.path.isdir(p):
            walk(p, frozenset())
        else:
            consider(p, None)
    return found, skipped


def _unloadable(p: Path, st: os.stat_result | None = None) -> str | None:
    """Why ``p`` cannot be an article file, judged from ``stat`` alone (never opens it)."""
    try:
        st = st or os.stat(p)
    except FileNotFoundError:
        return "dangling symbolic link" if os.path.islink(p) else "no such file"
    except OSError as err:
        return "symbolic link loop" if err.errno == 40 else f"cannot read: {err.strerror or err}"
    if stat.S_ISFIFO(st.st_mode):
        return "not a regular file: named pipe (FIFO)"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file"
    if st.st_size == 0:
        return "empty file"
    if st.st_size > MAX_BYTES:
        return f"too large: {st.st_size / 1e6:.1f} MB (limit {MAX_BYTES // (1024 * 1024)} MB)"
    return None
