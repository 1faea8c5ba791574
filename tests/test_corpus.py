"""The analysis cache and the corpus statistics: ranking, name merging, wire-copy dedupe."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from annotations.corpus import (
    CACHE_FILE,
    SUMMARY_FILE,
    AnalysisCache,
    ArticleInfo,
    CorpusStats,
    analysis_from_json,
    analysis_to_json,
    default_cache_dir,
    quote_key,
    summarise,
)
from annotations.model import Analysis, Person, Quote


def quote(text: str, speaker: str | None, start: int = 0, kind: str = "direct") -> Quote:
    return Quote(start, start + len(text), text, kind, speaker, "said", 0.75, (100, 105), (106, 110))


def analysis(*quotes: Quote) -> Analysis:
    return Analysis(list(quotes), [Person("John Kirby", ["Kirby"], [(1, 6), (40, 45)])])


# --------------------------------------------------------------------------- cache


def test_cache_round_trip_and_second_start(tmp_path):
    a = analysis(quote("We are talking", "John Kirby", 10), quote("No comment", None, 50, "partial"))
    cache = AnalysisCache(tmp_path, version="v1")
    info = ArticleInfo("abc", "Title [bold]", "seeds/a.txt", "2023-06-19")
    cache.put(info, a)
    cache.save()
    again = AnalysisCache(tmp_path, version="v1")
    assert again.get("abc") == a
    assert again.info("abc") == info
    assert "abc" in again and len(again) == 1
    assert again.warning is None


def test_compact_json_round_trip():
    a = analysis(quote("x", "A", 3))
    assert analysis_from_json(json.loads(json.dumps(analysis_to_json(a)))) == a


def test_other_engine_versions_are_not_served(tmp_path):
    cache = AnalysisCache(tmp_path, version="v1")
    cache.put(ArticleInfo("abc", "t"), analysis())
    cache.save()
    newer = AnalysisCache(tmp_path, version="v2")
    assert newer.get("abc") is None and len(newer) == 0
    newer.save()  # drops the stale entries from disk
    assert json.loads((tmp_path / CACHE_FILE).read_text())["engine"] == "v2"


def test_corrupt_cache_is_set_aside_not_fatal(tmp_path):
    (tmp_path / CACHE_FILE).write_text('{"format": 1, "engine": "v1", "articles": {"abc": ', encoding="utf-8")
    cache = AnalysisCache(tmp_path, version="v1")
    assert len(cache) == 0
    assert cache.warning and "set aside" in cache.warning
    assert (tmp_path / "analyses.corrupt").exists()
    cache.put(ArticleInfo("abc", "t"), analysis())
    cache.save()
    assert AnalysisCache(tmp_path, version="v1").get("abc") is not None


def test_damaged_entry_is_dropped(tmp_path):
    (tmp_path / CACHE_FILE).write_text(json.dumps({"format": 1, "engine": "v1", "articles": {"abc": {"q": [[1]]}}}))
    cache = AnalysisCache(tmp_path, version="v1")
    assert cache.get("abc") is None
    assert "abc" not in cache


def test_unwritable_cache_keeps_working_in_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = AnalysisCache(blocker / "sub", version="v1")  # a folder inside a file cannot exist
    cache.put(ArticleInfo("abc", "t"), analysis())
    cache.save()
    assert cache.warning and "not saved" in cache.warning
    assert cache.get("abc") is not None


def test_save_is_atomic_no_temp_files_left(tmp_path):
    cache = AnalysisCache(tmp_path, version="v1")
    for i in range(5):
        cache.put(ArticleInfo(str(i), "t"), analysis(quote("q", "A")))
        cache.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == [CACHE_FILE, SUMMARY_FILE]


def test_get_or_compute_computes_once(tmp_path):
    cache = AnalysisCache(tmp_path, version="v1")
    calls = []

    def compute():
        calls.append(1)
        return analysis(quote("q", "A"))

    info = ArticleInfo("abc", "t")
    assert cache.get_or_compute(info, compute) == cache.get_or_compute(info, compute)
    assert len(calls) == 1


def test_cache_dir_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSREADER_CACHE", str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c"
    assert AnalysisCache(version="v").path == tmp_path / "c" / CACHE_FILE


def test_corpus_module_does_not_import_textual():
    code = "import sys, annotations.corpus, annotations.spans; assert 'textual' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=os.path.dirname(os.path.dirname(__file__)))


# --------------------------------------------------------------------------- statistics


def make_stats() -> CorpusStats:
    stats = CorpusStats()
    stats.add(ArticleInfo("a1", "Wire story", "a1.txt", "2023-06-19"), analysis(
        quote("We are talking, and we will keep talking.", "John Kirby", 10),
        quote("Balance is hard", "Kamala Harris", 80),
    ))
    # A wire copy: other quote marks, case and spacing.
    stats.add(ArticleInfo("a2", "Same story elsewhere", "a2.txt", "2023-06-20"), analysis(
        quote("we are  talking — and we will keep talking", "Kirby", 5),
    ))
    stats.add(ArticleInfo("a3", "Third", "a3.txt", None), analysis(
        quote("Something else entirely was said here today", "john kirby", 7),
        quote("Another one", "JOHN KIRBY", 60),
        quote("Unattributed", None, 90),
    ))
    return stats


def test_speakers_ranked_by_quotes_and_by_articles():
    stats = make_stats()
    by_quotes = stats.speakers("quotes")
    assert [(s.name, s.quotes, s.articles) for s in by_quotes] == [("John Kirby", 4, 3), ("Kamala Harris", 1, 1)]
    assert stats.speakers("articles")[0].name == "John Kirby"


def test_wire_copies_are_one_quote_with_all_sources():
    groups = make_stats().quotes_of("Kirby")
    top = groups[0]
    assert top.text.startswith("We are talking")
    assert [s.article_id for s in top.sources] == ["a1", "a2"]
    assert {s.start for s in top.sources} == {10, 5}
    assert len(groups) == 3  # the two other quotes stay separate


def test_near_identical_rewrites_and_cuts_fold_together():
    stats = CorpusStats()
    long_quote = "There are still tensions and there are still things we do not agree with the Chinese about"
    stats.add(ArticleInfo("a", "A"), analysis(quote(long_quote, "Kirby")))
    stats.add(ArticleInfo("b", "B"), analysis(quote(long_quote.replace("tensions", "tension"), "Kirby")))
    stats.add(ArticleInfo("c", "C"), analysis(quote("there are still things we do not agree with the Chinese about", "Kirby")))
    stats.add(ArticleInfo("d", "D"), analysis(quote("We never agree with anyone about anything at all", "Kirby")))
    groups = stats.quotes_of("Kirby")
    assert [len(g.sources) for g in groups] == [3, 1]
    assert groups[0].text == long_quote


def test_quote_key_ignores_marks_case_and_spacing():
    assert quote_key("“It’s  FINE,” he—said") == quote_key('"it\'s fine," he - said')


def test_summarise_for_the_article_list():
    a = analysis(quote("a", "Kirby"), quote("b", "Harris"), quote("c", "kirby"), quote("d", None))
    assert summarise(a) == (4, ("Kirby", "Harris"))


def test_stats_from_the_cache(tmp_path):
    cache = AnalysisCache(tmp_path, version="v1")
    cache.put(ArticleInfo("a1", "T1"), analysis(quote("x y z", "Kirby")))
    cache.put(ArticleInfo("a2", "T2"), analysis(quote("x y z", "Kirby", 3)))
    stats = cache.stats()
    assert [(s.name, s.quotes, s.articles) for s in stats.speakers()] == [("Kirby", 2, 2)]
    assert len(stats.quotes_of("kirby")[0].sources) == 2
    assert cache.stats(["a2"]).speakers()[0].quotes == 1


def test_stats_open_from_the_speaker_index_and_fetch_quotes_on_demand(tmp_path):
    cache = AnalysisCache(tmp_path, version="v1")
    cache.put(ArticleInfo("a1", "T1", "a1.txt"), analysis(quote("x y z", "John Kirby"), quote("other words", "Harris", 20)))
    cache.put(ArticleInfo("a2", "T2", "a2.txt"), analysis(quote("x y z", "Kirby", 3)))
    cache.save()
    fresh = AnalysisCache(tmp_path, version="v1")
    stats = fresh.stats()
    assert fresh._entries_ is None  # the full file was not read for the ranking
    assert [(s.name, s.quotes, s.articles) for s in stats.speakers()] == [("John Kirby", 2, 2), ("Harris", 1, 1)]
    groups = stats.quotes_of("John Kirby")
    assert [(s.article_id, s.start) for s in groups[0].sources] == [("a1", 0), ("a2", 3)]
    assert fresh._entries_ is not None


def test_a_stale_speaker_index_is_not_trusted(tmp_path):
    cache = AnalysisCache(tmp_path, version="v1")
    cache.put(ArticleInfo("a1", "T1"), analysis(quote("x", "A")))
    cache.save()
    index = json.loads((tmp_path / SUMMARY_FILE).read_text())
    # the full file is replaced behind the index's back (another process, a crash between writes)
    other = AnalysisCache(tmp_path / "other", version="v1")
    other.put(ArticleInfo("b1", "T"), analysis(quote("y", "B")))
    other.save()
    os.replace(tmp_path / "other" / CACHE_FILE, tmp_path / CACHE_FILE)
    (tmp_path / SUMMARY_FILE).write_text(json.dumps(index))
    assert [s.name for s in AnalysisCache(tmp_path, version="v1").stats().speakers()] == ["B"]
    (tmp_path / SUMMARY_FILE).write_text("{broken")
    assert [s.name for s in AnalysisCache(tmp_path, version="v1").stats().speakers()] == ["B"]


def test_statistics_and_saves_while_another_thread_adds(tmp_path):
    import threading

    cache = AnalysisCache(tmp_path, version="v1")
    errors: list[BaseException] = []

    def writer():
        try:
            for i in range(3000):
                cache.put(ArticleInfo(f"id{i}", f"T{i}"), analysis(quote(f"words {i}", f"Speaker {i % 40}")))
                if i % 500 == 0:
                    cache.save()
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    thread = threading.Thread(target=writer)
    thread.start()
    while thread.is_alive():
        cache.stats().speakers()
    thread.join()
    cache.save()
    assert not errors
    assert len(AnalysisCache(tmp_path, version="v1").stats().articles) == 3000


def test_stats_for_some_articles_from_a_saved_index(tmp_path):
    cache = AnalysisCache(tmp_path, version="v1")
    cache.put(ArticleInfo("a1", "T1"), analysis(quote("x y z", "Kirby"), quote("more", "Kirby", 9)))
    cache.put(ArticleInfo("a2", "T2"), analysis(quote("x y z", "Kirby", 3), quote("other", "Tai", 20)))
    cache.put(ArticleInfo("a3", "T3"), analysis(quote("third", "Tai", 1)))
    cache.save()
    fresh = AnalysisCache(tmp_path, version="v1")
    stats = fresh.stats(["a2", "a3", "not-cached"])
    assert fresh._entries_ is None
    assert [a.id for a in stats.articles] == ["a2", "a3"]
    assert [(s.name, s.quotes, s.articles) for s in stats.speakers()] == [("Tai", 2, 2), ("Kirby", 1, 1)]
    assert [s.article_id for g in stats.quotes_of("Tai") for s in g.sources] == ["a2", "a3"]
