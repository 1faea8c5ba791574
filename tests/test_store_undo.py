"""Undo and redo, checked with random sequences of every kind of change.

After any sequence, undoing step by step walks back through exactly the states seen on
the way (on disk, through a fresh store), and redoing walks forward again.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.model import Quote
from annotations.store import Store, StoreValueError

TEXT = 'Lead.\n\nThe minister said "we will act now" on Monday. Critics called it "too little, too late". Fin.\n'
ARTICLES = ["00000000000000c1", "00000000000000c2"]
TAGS = ["a", "b", "c"]


def engine() -> list[Quote]:
    out = []
    for words in ("we will act now", "too little, too late"):
        s = TEXT.index(words)
        out.append(Quote(start=s, end=s + len(words), text=words, kind="direct", speaker="X", cue="said", confidence=0.5))
    return out


def snapshot(store: Store) -> tuple:
    """Everything a user can see, without bookkeeping (ids of untouched quotes included)."""
    arts = tuple(sorted((aid, tuple(store.article_tags(aid)), store.article_note(aid)) for aid in ARTICLES))
    layers = []
    for aid in ARTICLES:
        ql = store.quote_layer(aid, TEXT, engine())
        layers.append(tuple((q.id, q.origin, q.start, q.status, q.speaker_correction, q.tags, q.note) for q in ql.quotes + ql.orphans))
        sl = store.span_layer(aid, TEXT)
        layers.append(tuple((s.id, s.start, s.end, s.tags, s.note) for s in sl.spans))
    return arts, tuple(layers)


op = st.one_of(
    st.tuples(st.just("tag_article"), st.sampled_from(ARTICLES), st.sampled_from(TAGS)),
    st.tuples(st.just("untag_article"), st.sampled_from(ARTICLES), st.sampled_from(TAGS)),
    st.tuples(st.just("article_note"), st.sampled_from(ARTICLES), st.sampled_from([None, "n1", "n2"])),
    st.tuples(st.just("tag_quote"), st.sampled_from(ARTICLES), st.integers(0, 3), st.sampled_from(TAGS)),
    st.tuples(st.just("untag_quote"), st.sampled_from(ARTICLES), st.integers(0, 3), st.sampled_from(TAGS)),
    st.tuples(st.just("status"), st.sampled_from(ARTICLES), st.integers(0, 3), st.sampled_from(["accepted", "rejected", "unreviewed"])),
    st.tuples(st.just("speaker"), st.sampled_from(ARTICLES), st.integers(0, 3), st.sampled_from([None, "Jane", "Joe"])),
    st.tuples(st.just("quote_note"), st.sampled_from(ARTICLES), st.integers(0, 3), st.sampled_from([None, "q"])),
    st.tuples(st.just("add_quote"), st.sampled_from(ARTICLES), st.integers(0, 40), st.integers(1, 20)),
    st.tuples(st.just("delete_quote"), st.sampled_from(ARTICLES), st.integers(0, 3), st.just(None)),
    st.tuples(st.just("add_span"), st.sampled_from(ARTICLES), st.integers(0, 40), st.integers(1, 20)),
    st.tuples(st.just("tag_span"), st.sampled_from(ARTICLES), st.integers(0, 3), st.sampled_from(TAGS)),
    st.tuples(st.just("delete_span"), st.sampled_from(ARTICLES), st.integers(0, 3), st.just(None)),
    st.tuples(st.just("rename"), st.sampled_from(TAGS), st.sampled_from(TAGS + ["d"])),
    st.tuples(st.just("delete_tag"), st.sampled_from(TAGS)),
)


def apply(store: Store, o: tuple) -> None:
    kind = o[0]
    if kind == "tag_article":
        store.tag_article(o[1], o[2])
    elif kind == "untag_article":
        store.untag_article(o[1], o[2])
    elif kind == "article_note":
        store.set_article_note(o[1], o[2])
    elif kind in ("tag_quote", "untag_quote", "status", "speaker", "quote_note", "delete_quote"):
        ql = store.quote_layer(o[1], TEXT, engine()).quotes
        q = ql[o[2] % len(ql)]
        if kind == "tag_quote":
            store.tag_quote(q, o[3])
        elif kind == "untag_quote":
            store.untag_quote(q, o[3])
        elif kind == "status":
            store.set_quote_status(q, o[3])
        elif kind == "speaker":
            store.set_quote_speaker(q, o[3])
        elif kind == "quote_note":
            store.set_quote_note(q, o[3])
        elif q.stored:
            store.delete_quote(q)
    elif kind == "add_quote":
        store.add_quote(o[1], TEXT, o[2], o[2] + o[3], speaker="S")
    elif kind == "add_span":
        store.add_span(o[1], TEXT, o[2], o[2] + o[3], tags=["a"])
    elif kind in ("tag_span", "delete_span"):
        spans = store.span_layer(o[1], TEXT).spans
        if spans:
            s = spans[o[2] % len(spans)]
            if kind == "tag_span":
                store.tag_span(s.id, o[3])
            else:
                store.delete_span(s.id)
    elif kind == "rename":
        store.rename_tag(o[1], o[2])
    elif kind == "delete_tag":
        store.delete_tag(o[1])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(op, min_size=1, max_size=12))
def test_undo_and_redo_walk_back_and_forth_through_every_state(ops):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.json"
        store = Store(path, fsync=False)
        states = [snapshot(store)]
        for o in ops:
            depth = store.undo_count
            try:
                apply(store, o)
            except StoreValueError:
                continue
            if store.undo_count > depth:
                states.append(snapshot(store))
            else:
                assert snapshot(store) == states[-1], f"{o} changed something without an undo step"
        for expected in reversed(states[:-1]):
            assert store.undo() is not None
            assert snapshot(Store(path, fsync=False)) == expected
        assert store.undo() is None
        for expected in states[1:]:
            assert store.redo() is not None
            assert snapshot(Store(path, fsync=False)) == expected
        assert store.redo() is None


def test_undo_of_a_deleted_span_beside_an_identical_one_restores_the_same_order():
    """Found by the property test above: two spans on one range, one deleted, then undone."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.json"
        store = Store(path, fsync=False)
        ops = [("add_span", ARTICLES[0], 0, 1), ("add_span", ARTICLES[0], 0, 1), ("delete_span", ARTICLES[0], 0, None)]
        states = [snapshot(store)]
        for o in ops:
            apply(store, o)
            states.append(snapshot(store))
        for expected in reversed(states[:-1]):
            assert store.undo() is not None
            assert snapshot(Store(path, fsync=False)) == expected
