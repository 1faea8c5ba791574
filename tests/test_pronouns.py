"""The learned "he"/"she" ranker: its model file, its features and its training."""

from __future__ import annotations

import json
from pathlib import Path

from annotations.engine import attribution, pronouns
from annotations.engine.train_pronouns import accuracy, fit
from annotations.quotes import find_quotes


def _collect(text: str) -> list:
    """(start, end, candidates) for every "he"/"she" the engine weighs in ``text``."""
    attribution.COLLECT = []
    try:
        find_quotes(text)
        return attribution.COLLECT
    finally:
        attribution.COLLECT = None


def _last_pronoun_features(text: str) -> dict[str, dict[str, float]]:
    """The ranker's features of each candidate for the last "he"/"she" of ``text``."""
    (_, _, cands) = _collect(text)[-1]
    return {name: dict(zip(pronouns.FEATURES, f)) for name, f in cands}


def test_the_model_ships_beside_the_engine_and_matches_the_features():
    data = json.loads(Path(pronouns.__file__).with_name("pronoun_ranker.json").read_text(encoding="utf-8"))
    assert data["features"] == list(pronouns.FEATURES)
    assert pronouns.WEIGHTS is not None and len(pronouns.WEIGHTS) == len(pronouns.FEATURES)


def test_every_he_or_she_gets_candidates_named_before_it():
    text = 'Tom Varga spoke first. Lena Oster answered him.\n\n"It is a good day," she said. "We agree," he said.'
    collected = _collect(text)
    assert [text[s:e] for s, e, _ in collected] == ["she", "he"]
    for _, _, cands in collected:
        names = [n for n, _ in cands]
        assert set(names) == {"Tom Varga", "Lena Oster"}
        assert all(len(f) == len(pronouns.FEATURES) for _, f in cands)


def test_fitting_learns_the_feature_that_marks_the_right_person():
    n = len(pronouns.FEATURES)
    k = pronouns.FEATURES.index("gender_match")

    def vec(on: bool) -> list[float]:
        f = [0.0] * n
        f[k] = 1.0 if on else 0.0
        return f

    # the right candidate is the one whose gender matches, wherever it stands in the list
    data = [("a", [vec(False), vec(True)], [1], 0), ("b", [vec(True), vec(False), vec(False)], [0], 1)] * 5
    w = fit(data)
    assert w[k] > 0
    assert accuracy(data, w) == (0.0, 1.0)


def test_best_returns_a_probability():
    n = len(pronouns.FEATURES)
    cands = [("A", [1.0] + [0.0] * (n - 1)), ("B", [0.0] * n)]
    name, p = pronouns.best(cands, [2.0] + [0.0] * (n - 1))
    assert name == "A" and 0.5 < p < 1.0


def test_the_texts_own_gender_marks_are_evidence_never_the_name():
    text = "Spokeswoman Lena Oster spoke. Her husband, Tom Varga, who was there, waited. Mr. Piet Lazar left. Ana Roe said she was tired."
    from annotations.engine.people import PeopleIndex

    mentions = PeopleIndex(text).mentions()
    starts = frozenset(m[0] for m in mentions)
    found = attribution._genders(text, mentions, lambda pos: False, starts)
    assert found == {"Lena Oster": "f", "Tom Varga": "m", "Piet Lazar": "m", "Ana Roe": "f"}


def test_a_census_first_name_is_weak_evidence_of_a_man_or_a_woman():
    assert pronouns.first_name_gender("Marisol Quennell") == "f"
    assert pronouns.first_name_gender("Gregory Vantorp") == "m"
    assert pronouns.first_name_gender("Leslie Pelk") is None  # given to both
    assert pronouns.first_name_gender("Vantorp") is None  # a surname alone says nothing
    assert pronouns.first_name_gender("Zyxq Pelk") is None


def test_the_first_name_tips_she_to_the_woman_when_nothing_else_tells_them_apart():
    text = 'Parade day.\n\nMarisol Quennell watched the floats. Gregory Vantorp waved from a truck.\n\n"I cried the whole time," she said.\n'
    (q,) = [q for q in find_quotes(text).quotes if q.kind == "direct"]
    assert q.speaker == "Marisol Quennell"
    # with "he" the same text gives the man
    (q,) = [q for q in find_quotes(text.replace("she said", "he said")).quotes if q.kind == "direct"]
    assert q.speaker == "Gregory Vantorp"


def test_the_first_name_table_is_built_by_its_script_from_the_census_lists(tmp_path):
    from annotations.engine.build_first_names import build

    (tmp_path / "dist.male.first").write_text("GREGORY 0.500 1.0 1\nJORDAN 0.050 2.0 2\n", encoding="ascii")
    (tmp_path / "dist.female.first").write_text("MARISOL 0.010 1.0 1\nJORDAN 0.040 2.0 2\nGREGORY 0.001 3.0 3\n", encoding="ascii")
    male, female = build(tmp_path)
    assert male == ["gregory"] and female == ["marisol"]


def test_the_person_who_opens_the_paragraph_before_is_marked_for_the_ranker():
    text = (
        'Title.\n\n"We will win big," Tomas Rielle said at the rally.\n\n'
        "Gregor Vantorp, the chairman of the county party, voiced confidence that the rival would be easy to defeat.\n\n"
        '"She is going to go down," he said.\n'
    )
    feats = _last_pronoun_features(text)
    assert feats["Gregor Vantorp"]["opens_a_paragraph"] == 1.0
    assert feats["Gregor Vantorp"]["only_person_of_previous_paragraph"] == 1.0
    assert feats["Tomas Rielle"]["opens_a_paragraph"] == 0.0


def _genders_of(text: str) -> dict[str, str]:
    from annotations.engine.marks import find_regions
    from annotations.engine.people import PeopleIndex
    from annotations.engine.sentences import Sentences

    mentions = PeopleIndex(text).mentions()
    starts = frozenset(m[0] for m in mentions)
    return attribution._genders(text, mentions, lambda pos: False, starts, None, Sentences(text, find_regions(text)))


def test_a_role_word_marks_only_the_name_right_after_it_not_a_name_further_on():
    # a headline: "Widow" is Marta Quell's role, not that of the man she defends
    found = _genders_of("Widow Marta Quell Defends Tomas Rielle.\n\nMarta Quell spoke on Monday. Tomas Rielle waited.")
    assert found.get("Tomas Rielle") != "f"
    assert found.get("Marta Quell") == "f"
    # titles between the role and the name still count
    assert _genders_of("The spokeswoman Sen. Lena Oster left early.") == {"Lena Oster": "f"}


def test_the_pronoun_opening_the_next_sentence_tells_whether_the_subject_is_a_man_or_a_woman():
    found = _genders_of("Lena Oster arrived late on Monday. She skirted the first question. Tomas Rielle waited outside. But he left.")
    assert found == {"Lena Oster": "f", "Tomas Rielle": "m"}
    # someone else named in between: no evidence either way
    found = _genders_of("Tomas Rielle spoke. Lena Oster arrived with Tomas Rielle. He left.")
    assert found.get("Lena Oster") is None


def test_only_the_first_person_of_a_sentence_is_its_subject():
    text = (
        "Brenda Coyle ran for tax assessor. Robert Vantell was a party activist in the county. Vantell joined Brenda Coyle at rallies in bars. "
        "Around 30 to 70 people would show up to each event, he said.\n"
    )
    feats = _last_pronoun_features(text)
    assert feats["Robert Vantell"]["last_mention_subject"] == 1.0
    assert feats["Brenda Coyle"]["last_mention_subject"] == 0.0


def test_the_paragraphs_between_a_person_and_the_pronoun_are_a_feature():
    k = pronouns.FEATURES.index("log_paragraph_distance")
    filler = " ".join(f"Item {i} was read out." for i in range(6))
    for brk in ("\n\n", "\n"):  # blank lines between paragraphs, or single line breaks
        text = f"Tom Varga opened the session.{brk}{filler.replace('. ', '.' + brk)}{brk}Gregory Vantorp spoke next.{brk}\"No,\" he said.\n"
        (_, _, cands), = _collect(text)
        feats = dict((name, f[k]) for name, f in cands)
        assert feats["Gregory Vantorp"] == pronouns.math.log1p(1) / 2  # named one paragraph back
        assert feats["Tom Varga"] == pronouns.math.log1p(8) / 2  # eight paragraphs back
    # the shipped ranker prefers, all else equal, the person named fewer paragraphs back
    assert pronouns.WEIGHTS[k] < 0


def test_a_person_named_many_paragraphs_back_yields_to_one_named_just_before():
    filler = ["The hall was full.", "Chairs ran out early.", "Rain fell outside.", "The lights flickered twice.", "Coffee was served.",
              "A dog barked.", "The heating failed.", "Someone opened a window.", "The clock stopped.", "A phone rang.",
              "The minutes were read.", "Nobody moved.", "A bell rang.", "The doors shut.", "Snow began.", "The microphone buzzed."]

    def speaker(sep: str) -> str:
        text = ("Town meeting.\n\nTom Varga, the mayor, opened the session.\n\n" + sep.join(filler)
                + "\n\nThe budget came from the office of Piet Lazar.\n\n\"We cannot pay for it,\" he said.\n")
        (q,) = [q for q in find_quotes(text).quotes if q.kind == "direct"]
        return q.speaker

    # the same words in one paragraph leave the mayor, the subject, the speaker; spread
    # over many paragraphs they put him out of the reader's mind
    assert speaker(" ") == "Tom Varga"
    assert speaker("\n\n") == "Piet Lazar"
