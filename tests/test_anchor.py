"""Anchors re-attach to lightly edited text and refuse to guess otherwise."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.anchor import CONTEXT_CHARS, Anchor, make_anchor, resolve_anchor

TEXT = 'The minister said "we will act now" on Monday. Critics said "we will act now" was hollow.'


def test_make_anchor_keeps_text_and_context():
    start = TEXT.index("we will")
    a = make_anchor(TEXT, start, start + len("we will act now"))
    assert a.exact == "we will act now"
    assert a.prefix == TEXT[max(0, start - CONTEXT_CHARS) : start]
    assert TEXT.startswith(a.suffix, a.end)
    assert Anchor.from_dict(a.to_dict()) == a


@pytest.mark.parametrize("start,end", [(5, 5), (-1, 3), (3, 1), (0, len(TEXT) + 1)])
def test_make_anchor_rejects_empty_or_out_of_range(start, end):
    with pytest.raises(ValueError):
        make_anchor(TEXT, start, end)


def test_unchanged_text_resolves_in_place():
    second = TEXT.rindex("we will")
    a = make_anchor(TEXT, second, second + 15)
    assert resolve_anchor(TEXT, a) == (second, second + 15)


def test_shifted_text_follows_the_context_not_the_first_match():
    second = TEXT.rindex("we will")
    a = make_anchor(TEXT, second, second + 15)
    edited = "UPDATED: " + TEXT.replace("on Monday", "late on Monday")
    pos = resolve_anchor(edited, a)
    assert pos is not None
    assert edited[pos[0] : pos[1]] == "we will act now"
    assert pos[0] == edited.rindex("we will")  # the critics' copy, not the minister's


def test_rewrapped_text_still_matches():
    a = make_anchor(TEXT, 0, 35)  # 'The minister said "we will act now"'
    rewrapped = TEXT.replace("said ", "said\n   ")
    pos = resolve_anchor(rewrapped, a)
    assert pos is not None
    assert " ".join(rewrapped[pos[0] : pos[1]].split()) == a.exact


def test_removed_text_is_an_orphan():
    a = make_anchor(TEXT, TEXT.index("Critics"), TEXT.index("Critics") + 7)
    assert resolve_anchor(TEXT.replace("Critics", "Opponents"), a) is None


def test_malformed_anchor_dict_is_an_orphan_not_a_crash():
    assert resolve_anchor(TEXT, {"start": "x"}) is None
    assert resolve_anchor(TEXT, {"start": 0, "end": 0, "exact": ""}) is None


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=200), st.data())
def test_any_anchor_resolves_to_the_same_text_in_unchanged_text(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    a = make_anchor(text, start, end)
    assert resolve_anchor(text, a) == (start, end)
    inserted = data.draw(st.text(max_size=20))
    where = data.draw(st.integers(0, len(text)))
    edited = text[:where] + inserted + text[where:]
    pos = resolve_anchor(edited, a)
    # After an insertion the anchor either finds its exact text again or is an orphan.
    if pos is not None and edited[pos[0] : pos[1]] != a.exact:
        assert " ".join(edited[pos[0] : pos[1]].split()) == " ".join(a.exact.split())


def test_a_short_quote_follows_its_context_not_a_chance_match_at_the_old_offset():
    text = "Did she agree to the plan? She said yes, firmly, before leaving."
    start = text.index("yes")
    a = make_anchor(text, start, start + 3)
    # Text inserted at the top moves her "yes"; an unrelated "yes" now sits at the old offset.
    inserted = "#" * start + "yes and more noise. "
    edited = inserted + text
    assert edited[start : start + 3] == "yes"
    real = len(inserted) + start
    assert resolve_anchor(edited, a) == (real, real + 3)


def test_a_very_common_string_stays_in_place_when_its_context_changed():
    text = "a " * 3000 + "end"
    anchor = make_anchor(text, 2000, 2001)
    edited = text[:1990] + "b" + text[1991:]  # context changed, the text at the offset did not
    assert resolve_anchor(edited, anchor) == (2000, 2001)
