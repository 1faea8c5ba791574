"""The span index: what is styled where, quote order and lookups, search; and the wrapper."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.model import Analysis, Person, Quote
from annotations.spans import Span, SpanIndex, Track, normalise_name
from tui.widgets.reader import WrapLayout, wrap_range, wrap_words

TEXT = (
    'Kirby said "we are talking" on Tuesday.\n\n'
    "Harris argued that the talks would go on. Biden nodded.\n\n"
    'READ MORE: other story\n\n'
    '"Fine," said Kirby.'
)


def q(text: str, fragment: str, kind: str = "direct", speaker: str | None = "John Kirby", **kw) -> Quote:
    start = text.index(fragment)
    return Quote(start, start + len(fragment), fragment, kind, speaker, "said", 0.9, **kw)


def make_index() -> SpanIndex:
    paras = []
    pos = 0
    for chunk in TEXT.split("\n\n"):
        start = TEXT.index(chunk, pos)
        paras.append((start, start + len(chunk)))
        pos = start + len(chunk)
    kirby = TEXT.index("Kirby")
    said = TEXT.index("said")
    quotes = [
        q(TEXT, "Fine,"),  # out of order on purpose: the index sorts
        q(TEXT, "we are talking", speaker_span=(kirby, kirby + 5), cue_span=(said, said + 4)),
        q(TEXT, "the talks would go on", "indirect", "Kamala Harris"),
    ]
    biden = TEXT.index("Biden")
    people = [Person("Joe Biden", ["Biden"], [(biden, biden + 5)]), Person("John Kirby", ["Kirby"], [(kirby, kirby + 5)])]
    bp = TEXT.index("READ MORE")
    return SpanIndex(TEXT, paras, [(bp, bp + len("READ MORE: other story"))], Analysis(quotes, people))


def test_quotes_are_in_reading_order_and_grouped_by_speaker():
    index = make_index()
    assert [x.text for x in index.quotes] == ["we are talking", "the talks would go on", "Fine,"]
    assert index.speakers() == [("John Kirby", 2), ("Kamala Harris", 1)]
    assert index.quotes_of("john  KIRBY") == [0, 2]
    assert index.quotes_of(None) == []


def test_spans_in_a_range_by_layer():
    index = make_index()
    first_para = index.paragraphs[0]
    roles = [(s.role, TEXT[s.start : s.end]) for s in index.spans_in(*first_para)]
    # people layer first (drawn under), then quotes; the attribution is not also a plain mention
    assert roles == [("speaker", "Kirby"), ("cue", "said"), ("quote", "we are talking")]
    assert [s.role for s in index.spans_in(*first_para, layers=("quotes",))] == ["quote"]
    assert index.spans_in(*first_para, layers=()) == []
    para3 = index.paragraph_spans(2)
    assert [s.role for s in para3] == ["boilerplate"]
    second = index.paragraph_spans(1)
    assert ("quote", "indirect", "Kamala Harris") in [(s.role, s.kind, s.speaker) for s in second]
    assert ("person", "Joe Biden") in [(s.role, s.speaker) for s in second]


def test_lookups_by_offset():
    index = make_index()
    inside = TEXT.index("are talking")
    assert index.quote_at(inside) == 0
    assert index.quote_at(0) is None
    assert index.next_quote(-1) == 0
    assert index.next_quote(index.quotes[0].start) == 1
    assert index.previous_quote(index.quotes[1].start) == 0
    assert index.previous_quote(index.quotes[0].start) is None
    assert index.next_quote(index.quotes[2].start) is None
    assert index.paragraph_of(TEXT.index("Biden")) == 1
    assert index.paragraph_of(0) == 0
    assert index.paragraph_of(len(TEXT)) == len(index.paragraphs) - 1


def test_bad_offsets_from_an_engine_are_dropped_not_fatal():
    quotes = [Quote(5, 2, "", "direct"), Quote(-1, 3, "", "direct"), Quote(0, 10_000, "", "direct"), Quote(0, 5, TEXT[:5], "weird")]
    index = SpanIndex(TEXT, [], [], Analysis(quotes, [Person("X", [], [(3, 1), (0, 99_999)])]))
    assert index.dropped == 3
    assert len(index.quotes) == 1
    assert index.spans_in(0, 5)[0].kind == "direct"  # unknown kinds are drawn as direct
    assert index.paragraphs == [(0, len(TEXT))]  # no paragraphs: the whole text is one


def test_search_is_literal_and_case_insensitive():
    index = make_index()
    assert index.search("KIRBY") == 2
    assert [TEXT[m.start : m.end] for m in index.matches] == ["Kirby", "Kirby"]
    assert index.search("[@click=app.quit]") == 0  # regex characters are literal
    assert index.search(".") == TEXT.count(".")
    index.search("kirby")
    assert index.next_match(index.matches[1].start) == 0  # wraps round
    assert index.previous_match(0) == 1
    assert index.search("") == 0 and index.matches == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), st.integers(1, 60)), max_size=40), st.integers(0, 260), st.integers(1, 60))
def test_track_overlap_matches_brute_force(pairs, a, length):
    spans = [Span(s, s + n, "quote") for s, n in pairs]
    track = Track(spans)
    b = a + length
    expected = sorted((s.start, s.end) for s in spans if s.start < b and s.end > a)
    assert sorted((s.start, s.end) for s in track.overlapping(a, b)) == expected


def test_normalise_name():
    assert normalise_name("  John\u00a0 KIRBY ") == "john kirby"


# --------------------------------------------------------------------------- wrapping


def test_wrap_breaks_at_words_and_cuts_long_words():
    text = "aaa bbb ccc dddddddddddd e"
    lines = [text[a:b] for a, b in wrap_range(text, 0, len(text), 7)]
    assert lines == ["aaa bbb", "ccc", "ddddddd", "ddddd e"]
    assert all(len(line) <= 7 for line in lines)


def test_wrap_keeps_hard_newlines_and_wide_characters():
    text = "one\ntwo 漢字漢字"
    lines = [text[a:b] for a, b in wrap_range(text, 0, len(text), 6)]
    assert lines == ["one", "two", "漢字漢", "字"]
    assert wrap_range("   ", 0, 3, 5) == [(0, 0)]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n漢"), max_size=300), st.integers(1, 30))
def test_wrap_covers_every_word_in_order(text, width):
    lines = wrap_range(text, 0, len(text), width)
    shown = "".join(text[a:b] for a, b in lines)
    assert shown.replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")
    assert all(a <= b for a, b in lines)
    assert [a for a, _ in lines] == sorted(a for a, _ in lines)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab c\n\t"), max_size=200), st.integers(1, 25))
def test_fast_ascii_wrap_equals_the_word_by_word_wrap(text, width):
    assert wrap_range(text, 0, len(text), width) == wrap_words(text, 0, len(text), width)


def test_lazy_layout_of_a_huge_paragraph_matches_the_eager_one():
    rng = random.Random(4)
    words = ["w" * rng.randint(1, 12) for _ in range(80_000)]
    text = " ".join(words)  # ~0.5 MB in one paragraph, above EAGER_CHARS
    layout = WrapLayout(text, [(0, len(text))], 70)
    assert not layout.exact
    assert layout.line(0) is not None  # only the first block is wrapped
    assert sum(1 for lines in layout.lines if lines is not None) == 1
    for i in range(len(layout.blocks)):
        layout.ensure(i)
    y = layout.line_of(len(text) - 1)
    assert y == layout.total - 1
    a, b = layout.line(y)
    assert text[a:b].endswith(words[-1])
    # every line fits and every character but spaces is on some line
    assert sum(b - a for a, b in (layout.line(i) for i in range(0, layout.total, 997))) > 0


def test_quote_at_prefers_the_innermost_of_nested_quotes():
    text = 'He said that the talks were "very good" and would go on.'
    outer = Quote(13, 47, text[13:47], "indirect", "A")
    inner = Quote(29, 38, text[29:38], "partial", "A")
    index = SpanIndex(text, [], [], Analysis([outer, inner], []))
    assert index.quote_at(30) == 1
    assert index.quote_at(14) == 0
    assert {s.kind for s in index.spans_in(29, 38)} == {"indirect", "partial"}


def test_search_typed_quotes_find_curly_ones():
    text = "He said “we don’t know” — twice. We don't."
    index = SpanIndex(text, [], [], None)
    assert index.search("don't") == 2
    assert index.search('"we') == 1
    assert index.search("- twice") == 1
    assert index.search("(") == 0
