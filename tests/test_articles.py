"""The article model: reading hostile files, sanitising, ids, titles, dates, paragraphs, boilerplate."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from annotations import articles
from annotations.articles import (
    ArticleError,
    article_from_text,
    discover,
    find_boilerplate,
    is_boilerplate_line,
    load_article,
)
from annotations.text import sanitise

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

STORY = (
    "Council approves harbour plan after long debate\n"
    "\n"
    "Published March 3, 2021\n"
    "\n"
    'The city council on Tuesday approved the harbour plan. "It is a good day," said Mayor Ana Ruiz.\n'
    "\n"
    "READ MORE: Harbour tolls to rise next spring\n"
    "\n"
    "Opponents said the vote came too fast.\n"
)


@pytest.fixture
def no_hang():
    """Fail instead of hanging forever if a read blocks (a FIFO opened without care)."""

    def boom(signum, frame):
        raise TimeoutError("read blocked")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(5)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# ---------------------------------------------------------------------- sanitising


def test_sanitise_replaces_controls_one_for_one():
    raw = "a\x1b[2Jb\x07c\x00d\x7fe\x9bf\tg\nh"
    clean = sanitise(raw)
    assert clean == "a\ufffd[2Jb\ufffdc\ufffdd\ufffde\ufffdf\tg\nh"
    assert len(clean) == len(raw)


def test_sanitise_normalises_newlines():
    assert sanitise("a\r\nb\rc\n") == "a\nb\nc\n"


def test_osc_sequences_cannot_reach_the_terminal(tmp_path):
    osc52 = "\x1b]52;c;aGVsbG8=\x07"
    osc8 = "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\"
    article = load_article(write(tmp_path, "a.txt", f"Title {osc52}\n\nBody {osc8} text.\x1bc\n"))
    assert "\x1b" not in article.text and "\x07" not in article.text
    assert "\x1b" not in article.title
    assert any("control characters" in w for w in article.warnings)


# ---------------------------------------------------------------------- ids


def test_id_is_stable_across_rename_move_and_line_endings(tmp_path):
    a = load_article(write(tmp_path, "one.txt", STORY))
    (tmp_path / "sub").mkdir()
    b = load_article(write(tmp_path / "sub", "renamed.md", STORY.replace("\n", "\r\n") + "\n\n"))
    assert a.id == b.id and len(a.id) == 16
    c = load_article(write(tmp_path, "edited.txt", STORY.replace("too fast", "too slow")))
    assert c.id != a.id


# ---------------------------------------------------------------------- title, date, paragraphs


def test_title_is_the_headline_line():
    assert article_from_text(STORY).title == "Council approves harbour plan after long debate"


def test_title_falls_back_to_a_shortened_first_sentence():
    text = "The regional water board said on Monday that it would raise prices for the third time in two years. More follows."
    title = article_from_text(text).title
    assert title.startswith("The regional water board said on Monday")
    assert title.endswith("…") and len(title) <= 90


def test_title_skips_boilerplate_lines():
    text = "This article was added by the user . Example is not responsible.\n\nFerry service resumes on the west coast\n\nBody."
    assert article_from_text(text).title == "Ferry service resumes on the west coast"


@pytest.mark.parametrize(
    "text, iso",
    [
        ("Published March 3, 2021\nBody", "2021-03-03"),
        ("(Last Updated On: Sept. 9, 2019)\nBody", "2019-09-09"),
        ("Posted 14 February 2020\nBody", "2020-02-14"),
        ("2018-07-01 Body", "2018-07-01"),
        ("No date in here at all.", None),
        ("February 30, 2020 is not a date, 99 Foo 2020 either.", None),
    ],
)
def test_dates(text, iso):
    assert article_from_text(text).date == iso


def test_paragraphs_by_blank_lines_and_by_single_newlines():
    a = article_from_text("One.\n\nTwo.\nStill two.\n\n\nThree.")
    assert [a.text[s:e] for s, e in a.paragraphs] == ["One.", "Two.\nStill two.", "Three."]
    b = article_from_text("One.\nTwo.\nThree.")
    assert [b.text[s:e] for s, e in b.paragraphs] == ["One.", "Two.", "Three."]


def test_a_wall_of_text_is_cut_at_sentence_ends():
    sentence = "The committee met again on Friday to discuss the proposal in detail. "
    a = article_from_text(sentence * 60)
    assert len(a.paragraphs) > 3
    for start, end in a.paragraphs:
        assert a.text[start:end].endswith(".")


# ---------------------------------------------------------------------- boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "READ MORE: Harbour tolls to rise next spring",
        "Also Read: Local team wins the cup",
        "WATCH: The governor's full speech",
        "SUBSCRIBE TO OUR NEWSLETTER FOR THE LATEST HEADLINES",
        "Click here to download the Daily Planet app",
        "This story was originally published by the Gazette.",
        "Copyright 2024 Example Media. All rights reserved.",
        "MAYOR RUIZ VOWS TO 'FIGHT ON' AFTER HARBOUR VOTE",
    ],
)
def test_boilerplate_lines(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        'The city council on Tuesday approved the plan. "It is a good day," said Mayor Ana Ruiz.',
        "Read the full report here, the minister said: it shows a decline.",
        "NATO and the EU said they would respond.",
        "",
    ],
)
def test_prose_is_not_boilerplate(line):
    assert not is_boilerplate_line(line)


def test_inline_link_in_running_text_is_boilerplate():
    text = "Talks went well, the envoy said. SHOW: Envoy meets rebels in capital. Then the talks resumed."
    spans = find_boilerplate(text)
    assert [text[s:e] for s, e in spans] == ["SHOW: Envoy meets rebels in capital."]


def test_seed_corpus_boilerplate_is_marked():
    marked = []
    for path in sorted(SEEDS.glob("*.txt")):
        article = load_article(path)
        marked += [article.text[s:e] for s, e in article.boilerplate]
    assert any(m.startswith("CLICK HERE") for m in marked)
    assert any(m.startswith("Also Read:") for m in marked)
    assert any(m.startswith("This article was added by the user") for m in marked)


# ---------------------------------------------------------------------- hostile files


def test_empty_and_whitespace_files_are_refused(tmp_path):
    with pytest.raises(ArticleError, match="empty"):
        load_article(write(tmp_path, "e.txt", b""))
    with pytest.raises(ArticleError, match="whitespace"):
        load_article(write(tmp_path, "w.txt", " \n\t\n  "))


def test_binary_file_is_refused(tmp_path):
    with pytest.raises(ArticleError, match="binary"):
        load_article(write(tmp_path, "b.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))))


def test_invalid_utf8_is_replaced_and_flagged(tmp_path):
    article = load_article(write(tmp_path, "bad.txt", b"Caf\xe9 opens\n\nThe caf\xe9 opened today."))
    assert "\ufffd" in article.text
    assert any("invalid UTF-8" in w for w in article.warnings)


def test_utf16_with_bom(tmp_path):
    article = load_article(write(tmp_path, "u16.txt", "Headline here\n\nBody “quoted” text.".encode("utf-16")))
    assert article.title == "Headline here" and "“quoted”" in article.text


def test_utf8_bom_is_dropped(tmp_path):
    article = load_article(write(tmp_path, "bom.txt", "\ufeffHeadline\n\nBody.".encode("utf-8")))
    assert article.text.startswith("Headline")


def test_one_megabyte_line_loads(tmp_path):
    article = load_article(write(tmp_path, "long.txt", "word " * 200_000))
    assert article.words == 200_000


def test_too_large_file_is_refused_with_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(articles, "MAX_BYTES", 1000)
    with pytest.raises(ArticleError, match="limit"):
        load_article(write(tmp_path, "big.txt", "x" * 2000))


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", "text")

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(articles.os, "open", deny)
    with pytest.raises(ArticleError, match="Permission denied"):
        load_article(path)


def test_dangling_symlink_and_loop(tmp_path):
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(ArticleError, match="dangling"):
        load_article(tmp_path / "dangling.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    with pytest.raises(ArticleError, match="loop"):
        load_article(tmp_path / "loop.txt")


def test_fifo_does_not_block(tmp_path, no_hang):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ArticleError, match="FIFO"):
        load_article(fifo)
    found, skipped = discover([tmp_path])
    assert found == [] and "FIFO" in skipped[0].reason


def test_vanished_file(tmp_path):
    path = write(tmp_path, "gone.txt", "text")
    found, _ = discover([tmp_path])
    path.unlink()
    with pytest.raises(ArticleError, match="vanished"):
        load_article(found[0])


# ---------------------------------------------------------------------- discovery


def test_discover_is_recursive_sorted_and_filtered(tmp_path):
    for name in ["b.txt", "a.md", "c.pdf", ".hidden.txt", "sub/z.txt", "sub/a.txt"]:
        p = tmp_path / name
        p.parent.mkdir(exist_ok=True)
        p.write_text("x")
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)  # a loop
    found, skipped = discover([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.md", "b.txt", "sub/a.txt", "sub/z.txt"]
    assert any("loop" in s.reason for s in skipped)


def test_discover_reports_empty_and_missing(tmp_path):
    write(tmp_path, "empty.txt", b"")
    found, skipped = discover([tmp_path / "empty.txt", tmp_path / "missing.txt"])
    assert found == []
    assert [s.reason for s in skipped] == ["empty file", "no such file"]
