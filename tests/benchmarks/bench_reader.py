"""Reader benchmarks: open + highlight, quote cursor moves, huge articles, who-is-quoted at 10,000 articles.

Run on purpose (not collected by pytest):

    cd /work/main && .venv/bin/python tests/benchmarks/bench_reader.py

Each figure is printed beside its goal.  Times are wall-clock on a headless Textual app
(``run_test``), measured around the reader's own work: building the span index,
wrapping, and rendering every visible line with its highlights.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from textual.app import App, ComposeResult  # noqa: E402

from annotations.articles import article_from_text  # noqa: E402
from annotations.corpus import AnalysisCache, ArticleInfo  # noqa: E402
from annotations.model import Analysis, Person, Quote  # noqa: E402
from tui.screens.who_quoted import WhoQuotedScreen  # noqa: E402
from tui.widgets.reader import ArticleReader  # noqa: E402
from tui.widgets.reader_pane import ReaderPane  # noqa: E402

SIZE = (160, 48)
FIRST_NAMES = ["John", "Kamala", "Antony", "Karine", "Jake", "Xi", "Joe", "Katherine", "Wang", "Li", "Maria", "Ahmed", "Olena", "Pedro", "Aiko"]
LAST_NAMES = ["Kirby", "Harris", "Blinken", "Jean-Pierre", "Sullivan", "Jinping", "Biden", "Tai", "Yi", "Qiang", "Silva", "Khan", "Kovalenko", "Santos", "Tanaka"]


def article_with_quotes(n_quotes: int, rng: random.Random):
    """An article of ``n_quotes`` paragraphs, each with a quote, attribution, cue and a mention."""
    parts: list[str] = []
    quotes: list[tuple[int, int, str, str, tuple[int, int], tuple[int, int]]] = []
    mentions: list[tuple[int, int]] = []
    pos = 0
    for i in range(n_quotes):
        speaker = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        said = " ".join(rng.choice(["we", "will", "talk", "about", "trade", "and", "peace", "today", "never", "again"]) for _ in range(rng.randint(8, 30)))
        kind = rng.choice(["direct", "partial", "indirect"])
        lead = "Officials met again in the capital on Tuesday to discuss the relationship. "
        para = f'{lead}"{said}," {speaker} said, adding that Biden agreed.'
        q0 = pos + len(lead) + 1
        q1 = q0 + len(said)
        s0 = q1 + 3
        s1 = s0 + len(speaker)
        c0 = s1 + 1
        quotes.append((q0, q1, kind, speaker, (s0, s1), (c0, c0 + 4)))
        b = pos + para.index("Biden")
        mentions.append((b, b + 5))
        parts.append(para)
        pos += len(para) + 2
    text = "\n\n".join(parts)
    article = article_from_text(text, Path("bench.txt"))
    analysis = Analysis(
        [Quote(a, b, text[a:b], k, s, "said", 0.8, ss, cs) for a, b, k, s, ss, cs in quotes],
        [Person("Joe Biden", ["Biden"], mentions)],
    )
    return article, analysis


class Harness(App[None]):
    def compose(self) -> ComposeResult:
        yield ReaderPane()


def render_visible(reader: ArticleReader) -> None:
    """Render every visible line, as a screen update would."""
    for y in range(reader.scrollable_content_region.height):
        reader.render_line(y)


def report(name: str, value_ms: float, goal_ms: float) -> None:
    verdict = "ok" if value_ms < goal_ms else "SLOW"
    print(f"{name:<58} {value_ms:9.2f} ms   goal < {goal_ms:g} ms   {verdict}")


async def bench_open_and_move() -> None:
    rng = random.Random(7)
    article, analysis = article_with_quotes(200, rng)
    app = Harness()
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(ReaderPane)
        reader = pane.reader
        opens = []
        for _ in range(20):
            t0 = time.perf_counter()
            pane.show_article(article, analysis)
            render_visible(reader)
            opens.append((time.perf_counter() - t0) * 1000)
            await pilot.pause()
        report("open 200-quote article + render highlights (median)", statistics.median(opens), 50)
        report("open 200-quote article + render highlights (worst)", max(opens), 50)

        moves = []
        for _ in range(199):
            t0 = time.perf_counter()
            pane.action_next_quote()
            render_visible(reader)
            moves.append((time.perf_counter() - t0) * 1000)
        report("move quote cursor + re-render visible lines (median)", statistics.median(moves), 16)
        report("move quote cursor + re-render visible lines (95th percentile)", sorted(moves)[int(len(moves) * 0.95)], 16)
        report("move quote cursor + re-render visible lines (worst)", max(moves), 16)

        # Huge texts: a 1 MB paragraph and a 16 MB article (the loader's size limit).
        words = " ".join(f"word{i}" for i in range(170_000))
        big_para = article_from_text(words)
        t0 = time.perf_counter()
        pane.show_article(big_para, Analysis())
        render_visible(reader)
        report("open a 1 MB one-paragraph article + render", (time.perf_counter() - t0) * 1000, 50)
        para = "Officials said the talks would continue next week in the capital, and both sides agreed. " * 6
        huge_text = "\n\n".join(para for _ in range(16_000_000 // (len(para) + 2)))
        t0 = time.perf_counter()
        huge = article_from_text(huge_text)
        load_ms = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        pane.show_article(huge, Analysis())
        render_visible(reader)
        report(f"open a {len(huge_text) / 1e6:.0f} MB article + render (article load {load_ms:.0f} ms apart)", (time.perf_counter() - t0) * 1000, 50)
        t0 = time.perf_counter()
        reader.action_scroll_end()
        render_visible(reader)
        report("  ... jump to its end + render", (time.perf_counter() - t0) * 1000, 50)


def build_cache(folder: Path, n_articles: int) -> None:
    rng = random.Random(11)
    # A long tail of speakers, as in real news: a few very often, most once or twice.
    speakers = [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {i}" for i in range(3000)]
    weights = [1 / (i + 1) for i in range(len(speakers))]
    vocabulary = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(5000)]
    # Wire copies: a fifth of the quotes repeat an earlier one, with other quote marks and case.
    said: list[str] = []
    cache = AnalysisCache(folder, version="bench")
    for a in range(n_articles):
        quotes = []
        pos = 0
        for _ in range(rng.randint(5, 20)):
            speaker = rng.choices(speakers, weights)[0]
            if said and rng.random() < 0.2:
                text = rng.choice(said).upper()
            else:
                text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(5, 25)))
                said.append(text)
            quotes.append(Quote(pos, pos + len(text), text, rng.choice(["direct", "partial", "indirect"]), speaker, "said", 0.7, (pos + len(text) + 3, pos + len(text) + 10), None))
            pos += len(text) + 40
        cache.put(ArticleInfo(f"{a:016x}", f"Article number {a} about talks", f"/news/{a}.txt", "2023-06-19"), Analysis(quotes, []))
    cache.save()


async def bench_who_quoted(n_articles: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build_cache(folder, n_articles)
        size_mb = (folder / "analyses.json").stat().st_size / 1e6
        index_mb = (folder / "speakers.json").stat().st_size / 1e6
        app = App()
        async with app.run_test(size=SIZE) as pilot:
            t0 = time.perf_counter()
            cache = AnalysisCache(folder, version="bench")
            stats = cache.stats()
            t_stats = time.perf_counter()
            screen = WhoQuotedScreen(stats)
            await app.push_screen(screen)
            await pilot.pause()
            t_shown = time.perf_counter()
            top = screen.ranked()[0].name
            timings = []
            for _ in range(2):  # the first time reads the full cache file; the second is warm in memory
                t1 = time.perf_counter()
                screen.show_speaker(top)
                await app.workers.wait_for_complete()
                await pilot.pause()
                timings.append(time.perf_counter() - t1)
        print(f"(cache files: {size_mb:.1f} MB full, {index_mb:.1f} MB speaker index, {n_articles} articles; "
              f"statistics from the index {1000 * (t_stats - t0):.0f} ms, screen {1000 * (t_shown - t_stats):.0f} ms)")
        report(f"who-is-quoted for {n_articles} articles, warm cache -> shown", 1000 * (t_shown - t0), 1000)
        n_quotes = sum(len(g.sources) for g in screen.groups)
        report(f"  ... top speaker's {n_quotes} quotes folded + listed (1st: reads full cache)", 1000 * timings[0], 1000)
        report(f"  ... the same again (full cache in memory)", 1000 * timings[1], 1000)


def main() -> None:
    print(f"newsreader reader benchmarks · Python {sys.version.split()[0]} · {os.cpu_count()} CPUs")
    asyncio.run(bench_open_and_move())
    asyncio.run(bench_who_quoted())


if __name__ == "__main__":
    main()
