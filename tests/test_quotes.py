"""The quote engine on invented sentences: one test per pattern of English news writing."""

from __future__ import annotations

import pytest

from annotations.model import Analysis, Quote
from annotations.quotes import ENGINE_VERSION, find_quotes


def quotes(text: str, kind: str | None = None, skip=()) -> list[Quote]:
    found = find_quotes(text, skip).quotes
    return [q for q in found if kind is None or q.kind == kind]


def one(text: str, fragment: str, kind: str | None = None) -> Quote:
    """The quote whose text is ``fragment`` (it must exist)."""
    hits = [q for q in quotes(text, kind) if q.text == fragment]
    assert hits, f"no {kind or ''} quote {fragment!r} in {[(q.kind, q.text) for q in quotes(text)]}"
    return hits[0]


def test_engine_version_is_a_string():
    assert isinstance(ENGINE_VERSION, str) and ENGINE_VERSION


def test_returns_analysis_for_empty_text():
    result = find_quotes("")
    assert isinstance(result, Analysis)
    assert result.quotes == [] and result.people == []


# ---------------------------------------------------------------- direct quotes


def test_straight_double_quote_with_attribution_after():
    text = 'Mara Quell arrived late.\n"We will rebuild the bridge," Quell said on Friday.'
    q = one(text, "We will rebuild the bridge,", "direct")
    assert q.speaker == "Mara Quell"
    assert q.cue == "said"
    assert 0 < q.confidence <= 1
    assert text[q.start : q.end] == q.text


def test_curly_quotes_and_inverted_attribution():
    text = "“The harbour stays open,” said Harbour Commissioner Tomas Rydell."
    q = one(text, "The harbour stays open,", "direct")
    assert q.speaker == "Tomas Rydell"
    assert q.cue == "said"


def test_split_quote_gives_two_records_with_one_speaker():
    text = '"We tried," Ilse Varga said. "Nobody listened."'
    first = one(text, "We tried,", "direct")
    second = one(text, "Nobody listened.", "direct")
    assert first.speaker == second.speaker == "Ilse Varga"


def test_split_quote_with_comma_continuation():
    text = '"We tried," Ilse Varga said, "but nobody listened."'
    assert one(text, "We tried,").speaker == "Ilse Varga"
    assert one(text, "but nobody listened.").speaker == "Ilse Varga"


def test_quote_introduced_by_colon():
    text = 'Asked about the vote, Councillor Ruth Abney replied: "It is far too early to tell."'
    q = one(text, "It is far too early to tell.", "direct")
    assert q.speaker == "Ruth Abney"
    assert q.cue == "replied"


def test_quote_running_over_paragraphs():
    text = (
        'Ruth Abney spoke for an hour.\n\n'
        '"The first thing we learned was patience.\n\n'
        '"The second thing was that patience is not a plan," Abney said.'
    )
    first = one(text, "The first thing we learned was patience.", "direct")
    second = one(text, "The second thing was that patience is not a plan,", "direct")
    assert first.speaker == second.speaker == "Ruth Abney"


def test_unattributed_quote_paragraph_continues_previous_speaker():
    text = (
        '"Prices will fall," Finance Minister Oskar Lind told reporters.\n'
        '"Not this month, but soon."\n'
    )
    assert one(text, "Not this month, but soon.", "direct").speaker == "Oskar Lind"


def test_single_quotes_used_as_quotation_marks():
    text = "'We are not leaving,' said Mayor Petra Hale. The governors' meeting ended at noon."
    q = one(text, "We are not leaving,", "direct")
    assert q.speaker == "Petra Hale"
    # the plural possessive is an apostrophe, not a quotation mark
    assert all("meeting" not in x.text or x.kind == "indirect" for x in quotes(text))


def test_archive_style_double_apostrophes():
    text = "''We will appeal,'' said Dana Whitcombe, a lawyer for the union."
    assert one(text, "We will appeal,", "direct").speaker == "Dana Whitcombe"


def test_pronoun_resolves_to_person_named_before():
    text = 'Senator Alma Reyes toured the plant.\n"This is a disgrace," she said.'
    assert one(text, "This is a disgrace,", "direct").speaker == "Alma Reyes"


def test_surname_resolves_to_full_name():
    text = 'Trade envoy Ben Okafor met the board.\n"No deal yet," Okafor told reporters.'
    assert one(text, "No deal yet,", "direct").speaker == "Ben Okafor"


def test_title_and_role_are_stripped():
    text = '"We are ready," Deputy Secretary of Defense Lena Marsh said.'
    assert one(text, "We are ready,").speaker == "Lena Marsh"
    text = '"We are ready," city hall press secretary Noor Haddad said.'
    assert one(text, "We are ready,").speaker == "Noor Haddad"


def test_organisation_as_source():
    text = '"The report is false," the Interior Ministry said in a statement.'
    q = one(text, "The report is false,")
    assert q.speaker is not None and q.speaker.endswith("Interior Ministry")


def test_description_as_source():
    text = '"We were never told," said a spokeswoman for the port authority.'
    q = one(text, "We were never told,")
    assert q.speaker is not None and "spokeswoman" in q.speaker


def test_unknowable_speaker_is_none():
    text = '"Nobody expected this."'
    q = one(text, "Nobody expected this.")
    assert q.speaker is None
    assert q.confidence == 0.0


# ---------------------------------------------------------------- partial quotes


def test_partial_quote_one_word():
    text = "Governor Alma Reyes said she was \"optimistic\" about the talks."
    q = one(text, "optimistic", "partial")
    assert q.speaker == "Alma Reyes"


def test_partial_quote_attributed_after_the_sentence():
    text = 'The plan, "a reckless gamble", will fail, Senator Hugo Brandt said.'
    q = one(text, "a reckless gamble", "partial")
    assert q.speaker == "Hugo Brandt"


def test_called_it_gives_partial_but_no_indirect():
    text = 'Mayor Petra Hale called the budget "a good first step."'
    q = one(text, "a good first step.", "partial")
    assert q.speaker == "Petra Hale"
    assert quotes(text, "indirect") == []


def test_scare_quote_is_not_a_quote():
    text = 'Officials denied there had been a "reset" in relations.'
    assert [q for q in quotes(text) if q.text == "reset"] == []


def test_title_of_a_work_is_not_a_quote():
    text = 'The film "Winter Harbour Lights" opened on Friday.'
    assert quotes(text) == []


def test_partial_without_speaker_keeps_none():
    text = 'The two leaders met to keep "lines of contact open" after a tense year.'
    q = one(text, "lines of contact open", "partial")
    assert q.speaker is None and q.cue is None


# ---------------------------------------------------------------- indirect quotes


def test_indirect_said_that():
    text = "Tomas Rydell said that the harbour would reopen in May."
    q = one(text, "the harbour would reopen in May", "indirect")
    assert q.speaker == "Tomas Rydell" and q.cue == "said"


def test_indirect_without_that():
    text = "Tomas Rydell said on Monday the harbour would reopen in May."
    q = quotes(text, "indirect")
    assert q and q[0].text.endswith("the harbour would reopen in May")
    assert q[0].speaker == "Tomas Rydell"


def test_indirect_told_reporters():
    text = "Ilse Varga told reporters she would not run again."
    q = one(text, "she would not run again", "indirect")
    assert q.speaker == "Ilse Varga" and q.cue == "told"


def test_indirect_attribution_at_the_end():
    text = "The strike will end next week, union leader Dana Whitcombe said."
    q = one(text, "The strike will end next week", "indirect")
    assert q.speaker == "Dana Whitcombe"


def test_indirect_according_to():
    text = "According to the Transport Ministry, the new line will open in 2027."
    q = one(text, "the new line will open in 2027", "indirect")
    assert q.speaker is not None and "Transport Ministry" in q.speaker
    assert q.cue == "according to"


def test_indirect_keeps_partial_inside():
    text = 'Mayor Petra Hale said the city would act in the "near future" to fix it.'
    ind = one(text, 'the city would act in the "near future" to fix it', "indirect")
    part = one(text, "near future", "partial")
    assert ind.speaker == part.speaker == "Petra Hale"
    assert ind.start <= part.start and part.end <= ind.end


def test_nested_report_gives_outer_and_inner_records():
    text = "State radio said Oskar Lind told the envoy that the border would stay shut."
    found = quotes(text, "indirect")
    speakers = {q.speaker for q in found}
    assert "State radio" in speakers and "Oskar Lind" in speakers


def test_participle_cue_takes_sentence_subject():
    text = "Ilse Varga met the board on Monday, adding that the merger was off."
    q = one(text, "the merger was off", "indirect")
    assert q.speaker == "Ilse Varga" and q.cue == "adding"


def test_reporters_question_is_not_a_quote():
    text = 'Asked whether he felt betrayed, Hugo Brandt replied: "Not at all."'
    assert all(q.kind != "indirect" for q in quotes(text))


def test_speech_verb_as_noun_is_not_a_cue():
    text = "The report said nothing new. His remarks drew applause."
    assert all(q.speaker != "His" for q in quotes(text))


# ---------------------------------------------------------------- people and skip


def test_people_with_aliases_and_mentions():
    text = "Foreign Minister Oskar Lind arrived. Lind said the talks went well. LIND WINS VOTE"
    people = {p.name: p for p in find_quotes(text).people}
    assert "Oskar Lind" in people
    p = people["Oskar Lind"]
    assert "Oskar Lind" in p.aliases and "Lind" in p.aliases and "LIND" in p.aliases
    for s, e in p.mentions:
        assert text[s:e] in p.aliases


def test_skip_spans_hold_no_quotes_but_people():
    text = 'Mayor Petra Hale spoke.\nRead more: "Hale wins again," say fans\n"We did it," Hale said.'
    line = text.index("Read more")
    skip = [(line, text.index("\n", line))]
    found = find_quotes(text, skip)
    for q in found.quotes:
        assert not (q.start < skip[0][1] and q.end > skip[0][0]) or q.kind == "indirect" and False
    assert any(q.text == "We did it," for q in found.quotes)
    hale = [p for p in found.people if p.name == "Petra Hale"][0]
    assert any(skip[0][0] <= s < skip[0][1] for s, _ in hale.mentions)


# ---------------------------------------------------------------- odd input


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '""',
        "“”",
        '"unclosed quote that never ends',
        'stray closer" here',
        "‘ ’ ' '' ''' “ ” „",
        '"nested "inner" quote" he said.',
        "“mixed \" marks” said Roe.",
        "said",
        "Said Said said.",
        "according to",
        ", said",
        "\n\n\n",
        "Mr. Mrs. Dr. Sen.",
    ],
)
def test_odd_input_never_raises(text):
    result = find_quotes(text)
    for q in result.quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text


def test_one_line_article_without_newlines():
    text = 'Mayor Petra Hale said the plan works. "It is done," she said. Lind said so too.'
    assert one(text, "It is done,").speaker == "Petra Hale"


def test_megabyte_single_line_is_handled():
    unit = (
        'Mayor Petra Hale said the plan works, "it is done," she said, and \'so\' it goes; the '
        "council met again in the evening and the members of the board argued over the budget; "
    )
    text = unit * (1_000_000 // len(unit))
    result = find_quotes(text)
    assert len(result.quotes) > 1000
    assert all(text[q.start : q.end] == q.text for q in result.quotes[:50])


def test_megabyte_of_marks_and_apostrophes():
    text = "\"'" * 250_000 + " 'a " * 100_000
    find_quotes(text)


def test_non_str_raises_type_error():
    with pytest.raises(TypeError):
        find_quotes(None)  # type: ignore[arg-type]


def test_family_name_first_and_places():
    text = "Premier Lan Weiming met envoys. Later, Lan said ties were good. Norway said it agreed."
    people = {p.name: p for p in find_quotes(text).people}
    assert "Lan Weiming" in people
    assert "Lan" in people["Lan Weiming"].aliases
    assert "Norway" not in people  # a country is a source, never a person
    assert any(q.speaker == "Norway" for q in quotes(text, "indirect"))


def test_name_and_colon_introduce_a_quote():
    text = 'Councillor Ruth Abney: "We will not give up the library."'
    assert one(text, "We will not give up the library.", "direct").speaker == "Ruth Abney"


def test_appositive_with_relative_clause():
    text = 'Dana Whitcombe, a strategist who has advised three mayors, wrote in an email: "The count is wrong."'
    assert one(text, "The count is wrong.", "direct").speaker == "Dana Whitcombe"


def test_name_behind_a_chain_of_appositives():
    text = 'Nadia Ferro, 29, of Springfield, Ill., says the river is cleaner. "It smells better," she says.'
    assert one(text, "It smells better,", "direct").speaker == "Nadia Ferro"
    assert any(q.speaker == "Nadia Ferro" for q in quotes(text, "indirect"))


def test_according_to_after_a_quotation():
    text = '"The vote is postponed," according to the Electoral Commission.'
    q = one(text, "The vote is postponed,", "direct")
    assert q.speaker is not None and q.speaker.endswith("Electoral Commission")


def test_to_say_that_reports_speech_but_declined_to_say_does_not():
    text = "Ilse Varga continued to say that the audit was flawed. Hugo Brandt declined to say that he would resign."
    found = quotes(text, "indirect")
    assert any(q.text == "the audit was flawed" and q.speaker == "Ilse Varga" for q in found)
    assert not any("resign" in q.text for q in found)


def test_according_to_any_noun_phrase_is_the_source():
    text = "The mill shed 300 jobs over the winter, according to payroll figures released on Monday."
    q = one(text, "The mill shed 300 jobs over the winter", "indirect")
    assert q.speaker == "payroll figures released on Monday"
    assert q.cue == "according to"


def test_according_to_a_lowercase_report_opening_the_sentence():
    text = "According to an internal audit of the depot, the trucks were never inspected."
    q = one(text, "the trucks were never inspected", "indirect")
    assert q.speaker == "an internal audit of the depot"


def test_according_to_a_pronoun_alone_is_not_a_source():
    text = "The ferry was late again, according to them."
    assert quotes(text, "indirect") == []


def test_as_x_said_comma_clause():
    text = "As the harbour master said on Tuesday, the pier will stay closed until spring."
    q = one(text, "the pier will stay closed until spring", "indirect")
    assert q.speaker == "the harbour master"
    assert q.cue == "said"


def test_as_x_said_before_a_quotation_is_not_indirect():
    text = 'As Wilma Okafor said, "the pier will stay closed until spring."'
    assert quotes(text, "indirect") == []


def test_asked_listener_to_is_reported_speech():
    text = "Councillor Dagny Ruelle asked the water board to delay the rate increase until autumn."
    q = one(text, "to delay the rate increase until autumn", "indirect")
    assert q.speaker == "Dagny Ruelle"
    assert q.cue == "asked"


def test_asked_whether_with_a_source():
    text = "Dagny Ruelle asked whether the water board had read the engineers' report."
    q = one(text, "whether the water board had read the engineers' report", "indirect")
    assert q.speaker == "Dagny Ruelle"


def test_reporters_question_opening_the_sentence_is_not_indirect():
    text = 'Asked whether the board would resign, Dagny Ruelle said, "No."'
    assert not [q for q in quotes(text, "indirect") if q.cue in ("Asked", "asked")]


def test_quantified_pronoun_source():
    text = "Most of them said they had never seen the river so low."
    q = one(text, "they had never seen the river so low", "indirect")
    assert q.speaker == "Most of them"


@pytest.mark.parametrize(
    "verb, clause",
    [
        ("pointed out that", "the ferry has not run since March"),
        ("echoed", "the mayor's warning about the ferry"),
        ("denounced", "the closure of the ferry"),
        ("wondered whether", "the ferry would ever run again"),
    ],
)
def test_more_reporting_verbs(verb, clause):
    text = f"Harbour pilot Osric Venn {verb} {clause}."
    hits = [q for q in quotes(text, "indirect") if clause in q.text or q.text in clause]
    assert hits, quotes(text)
    assert hits[0].speaker == "Osric Venn"


def test_title_case_headline_says():
    text = "Harbour Chief Osric Venn Says The Ferry Will Run By Spring\n\nThe ferry has been idle since March."
    q = one(text, "The Ferry Will Run By Spring", "indirect")
    assert q.speaker == "Osric Venn"
    assert q.cue == "Says"


def test_capitalised_says_mid_sentence_is_not_a_cue():
    text = "The band Simon Says played at the harbour festival on Friday night, the organisers said."
    assert not [q for q in quotes(text) if q.cue == "Says"]


def test_spoke_on_a_day_reports_nothing():
    text = "The harbour master spoke on Monday."
    assert quotes(text, "indirect") == []


@pytest.mark.parametrize("dash", ["\u2014", "--", "\u2013"])
def test_aside_between_dashes_before_the_verb(dash):
    text = f"Osric Venn {dash} who has run the ferry for years {dash} said the river was too low to sail."
    q = one(text, "the river was too low to sail", "indirect")
    assert q.speaker == "Osric Venn"


def test_long_bracket_before_the_verb():
    text = "Sen. Osric Venn (a harbour-town Democrat who has chaired the transport committee since 2009) says he was surprised by the vote."
    q = one(text, "he was surprised by the vote", "indirect")
    assert q.speaker == "Osric Venn"


def test_inverted_source_description_ending_the_sentence():
    text = '"The gates were left open," said a former senior harbour official. "Nobody checked."'
    q = one(text, "The gates were left open,", "direct")
    assert q.speaker == "a former senior harbour official"


def test_inverted_source_with_lowercase_organisation():
    text = '"The gates were left open," said a spokesman for the port authority.'
    q = one(text, "The gates were left open,", "direct")
    assert q.speaker == "a spokesman for the port authority"


def test_inverted_verb_opening_the_sentence_before_a_colon():
    text = 'The call lasted an hour. Added Osric Venn: "We will reopen the pier."'
    q = one(text, "We will reopen the pier.", "direct")
    assert q.speaker == "Osric Venn"
    assert [p.name for p in find_quotes(text).people] == ["Osric Venn"]


def test_colon_ending_the_paragraph_before_the_quotation():
    text = 'Osric Venn said on Monday:\n\n"We will reopen the pier in May."'
    q = one(text, "We will reopen the pier in May.", "direct")
    assert q.speaker == "Osric Venn"
    assert q.cue == "said"


def test_according_to_before_a_quotation():
    text = 'According to the harbour authority, "the pier will reopen in May."'
    q = one(text, "the pier will reopen in May.")
    assert q.speaker == "the harbour authority"
    assert q.cue == "according to"


@pytest.mark.parametrize("verb", ["riffed", "remembered"])
def test_more_verbs_after_a_quotation(verb):
    text = f'"We sailed every day that summer," {verb} Osric Venn.'
    q = one(text, "We sailed every day that summer,", "direct")
    assert q.speaker == "Osric Venn"
    assert q.cue == verb


def test_participle_after_a_subordinator_shares_the_subject():
    text = "Osric Venn, after first saying he would not sail, took the ferry out on Friday."
    q = one(text, "he would not sail", "indirect")
    assert q.speaker == "Osric Venn"
    assert q.cue == "saying"


@pytest.mark.parametrize("lead", ["while", "\u2013", "\u2014"])
def test_participle_after_while_or_a_dash(lead):
    text = f"Osric Venn praised the crew {lead} saying that the pier needs repairs."
    q = one(text, "the pier needs repairs", "indirect")
    assert q.speaker == "Osric Venn"


def test_participle_with_no_subject_reports_nothing():
    text = "By saying nothing, the board made things worse."
    assert quotes(text, "indirect") == []


def test_inverted_source_with_lowercase_role_words_before_the_name():
    text = '"The plan is dead," wrote Gazette harbour bureau chief Osric Venn, citing two officials.'
    q = one(text, "The plan is dead,", "direct")
    assert q.speaker == "Osric Venn"


def test_prepositional_phrase_before_the_appositive_subject():
    text = 'Of the mayor, Venn, who has given money to the council, said, "He is a fine man."'
    q = one(text, "He is a fine man.", "direct")
    assert q.speaker == "Venn"


def test_name_of_place_is_the_person_not_the_place():
    text = 'Republican Rep. Osric Venn of New Hampshire, a ferry supporter, said it will help both sides.\n\n"It is not over," he said.'
    assert one(text, "It is not over,", "direct").speaker == "Osric Venn"
    assert [p.name for p in find_quotes(text).people] == ["Osric Venn"]


def test_title_of_office_before_the_name_is_kept_apart():
    text = "Secretary of State Osric Venn said the talks would resume."
    assert one(text, "the talks would resume", "indirect").speaker == "Osric Venn"


def test_name_with_age_is_a_person():
    text = 'Their neighbour Osric Venn, 83, knows what the harbour needs. "It will take a storm," he said.'
    assert one(text, "It will take a storm,", "direct").speaker == "Osric Venn"


def test_quote_paragraph_after_reported_speech_continues_that_speaker():
    text = 'In May, Osric Venn said that the pier would reopen.\n\n"That gives us a full season. Nobody believed it."'
    q = one(text, "That gives us a full season. Nobody believed it.", "direct")
    assert q.speaker == "Osric Venn"
    assert q.confidence < 0.8  # no verb of its own: a continuation, said with less confidence


def test_quote_paragraph_after_other_narration_is_not_continued():
    text = 'Osric Venn said that the pier would reopen. The council disagreed.\n\n"That gives us a full season."'
    assert one(text, "That gives us a full season.", "direct").speaker is None


def test_fragment_with_no_speech_verb_goes_to_the_sentence_subject():
    text = 'Osric Venn also bemoaned a harbour culture in which captains "barely speak to each other."'
    q = one(text, "barely speak to each other.", "partial")
    assert q.speaker == "Osric Venn"
    assert q.confidence < 0.5  # no verb of saying: a low-confidence attribution


def test_fragment_with_a_pronoun_subject_goes_to_the_last_speaker():
    text = 'Osric Venn said the pier would reopen. He also mocked the council\'s "paper harbour" plan.'
    q = one(text, "paper harbour", "partial")
    assert q.speaker == "Osric Venn"


def test_fragment_with_two_subjects_has_no_speaker():
    text = 'Osric Venn and Wilma Okafor met on Friday to keep the "lines of trade open" between the ports.'
    assert one(text, "lines of trade open", "partial").speaker is None


def test_participle_after_a_fronted_adverbial_finds_the_subject():
    text = 'Before the meeting, Harbour Chief Osric Venn lobbied to close the pier, saying, "The fewer boats, the better."'
    q = one(text, "The fewer boats, the better.", "direct")
    assert q.speaker == "Osric Venn"
    assert q.cue == "saying"


def test_participle_after_a_quoted_fragment_shares_the_speaker():
    text = "In the email, Venn described the move as a \u201cbreach of trust,\u201d adding: \u201cI am telling every member.\u201d"
    assert one(text, "I am telling every member.", "direct").speaker == "Venn"


def test_as_x_put_it():
    text = 'As Osric Venn, a professor of law at the college, put it, "The council should remember the vote."'
    q = one(text, "The council should remember the vote.", "direct")
    assert q.speaker == "Osric Venn"


def test_put_without_it_is_not_a_cue():
    text = 'Osric Venn put the "old boat" back in the water.'
    assert not [q for q in quotes(text) if q.cue in ("put", "puts")]


def test_pronoun_goes_to_the_subject_after_a_fronted_adverbial():
    text = (
        'Wilma Okafor, the council leader, said on Monday that the harbour budget was fair.\n\n'
        'The budget pays for two new cranes, a longer breakwater, a dredging contract that runs until 2031 '
        'and a small museum about the old ferry line, which closed after the storm of 1987.\n\n'
        'In an interview with the local radio station over the weekend, Osric Venn laughed off the attack by Okafor.\n\n'
        '"It shows how worried they are," he said.'
    )
    assert one(text, "It shows how worried they are,", "direct").speaker == "Osric Venn"


@pytest.mark.parametrize(
    "text",
    [
        "Osric Venn won in New Hampshire, and New Hampshire voters cheered.",
        "The Democratic Convention opened, and the Convention hall was full.",
        "House Republicans met, and Republicans said the bill was dead.",
    ],
)
def test_place_and_institution_words_after_adjectives_are_not_people(text):
    names = [p.name for p in find_quotes(text).people]
    assert not {"Hampshire", "Convention", "Republicans"} & set(names)


def test_single_name_after_a_person_title_is_a_person():
    text = "Sen. Venn arrived late. Venn said the vote would wait."
    assert [p.name for p in find_quotes(text).people] == ["Venn"]


@pytest.mark.parametrize("verb", ["snapped", "retaliated", "laughed", "gloated", "confided"])
def test_more_verbs_of_saying_after_a_quotation(verb):
    text = f'"The ferry will always run," an angry Osric Venn {verb}.'
    q = one(text, "The ferry will always run,", "direct")
    assert q.speaker == "Osric Venn"
    assert q.cue == verb


def test_laughed_off_reports_nothing_indirect():
    text = "Osric Venn laughed off the attack from the council."
    assert quotes(text, "indirect") == []


def test_inverted_source_with_hyphenated_role_words():
    text = '"The court is my concern," said Idaho harbour-supply executive Osric Venn, who backed the mayor.'
    assert one(text, "The court is my concern,", "direct").speaker == "Osric Venn"


def test_inverted_source_ally_is_a_role():
    text = '"He is a friend," said council ally Osric Venn.'
    assert one(text, "He is a friend,", "direct").speaker == "Osric Venn"


def test_inverted_source_an_adjective_and_a_user_is_a_description():
    text = '"No freedom anymore," tweeted a Danish user from Aarhus.'
    assert one(text, "No freedom anymore,", "direct").speaker == "a Danish user from Aarhus"


def test_an_ad_or_an_email_can_be_the_source():
    text = 'The ad claims "Venn is the captain you can trust."\n\nThe email said the dues would end.'
    assert one(text, "Venn is the captain you can trust.").speaker == "The ad"
    assert one(text, "the dues would end", "indirect").speaker == "The email"


def test_no_fallback_speaker_in_a_headline():
    text = 'HARBOUR CHIEF WARNS OF A "LONG WINTER" FOR THE FERRY\n\nThe pier closed on Monday.'
    assert all(q.speaker is None for q in quotes(text) if q.kind != "indirect")


def test_fronted_adverbial_with_a_place_does_not_make_the_place_a_speaker():
    text = 'Speaking at a town hall in Salem, New Hampshire, Osric Venn went after the council, calling it "a total mess."'
    assert one(text, "a total mess.").speaker == "Osric Venn"


def test_she_is_not_the_man_the_text_calls_mr():
    text = (
        "Ms. Okafor, who runs the ferry, met Mr. Venn at the pier on Monday. "
        "Mr. Venn said the pier was safe.\n\n"
        '"We will keep sailing," she said.'
    )
    assert one(text, "We will keep sailing,", "direct").speaker == "Okafor"


# ------------------------------------------------- appositives and descriptions (1.26.0)


@pytest.mark.parametrize(
    "text, speaker",
    [
        ('"Let me be clear," Senate Majority Leader Tom Varga, R-Ky., said.', "Tom Varga"),
        ('"I was in prison," Mr. Dalloway, now 81 and retired in Cambridge, Mass., said by telephone.', "Dalloway"),
        ('"We need the port," Rep. Lena Oster of New York, a harbour supporter, said.', "Lena Oster"),
        ('At the court in Alexandria, Va., Piet Lazar, in a green jumpsuit, said he was "ready."', "Piet Lazar"),
    ],
)
def test_a_chain_of_appositives_hangs_on_the_name_before_it(text, speaker):
    assert [q.speaker for q in quotes(text) if q.kind != "indirect"] == [speaker]


def test_a_bracketed_party_tag_and_a_relative_clause_after_a_fronted_adverbial():
    text = 'Speaking later on the same show, Sen. Clara Motte (D-Mo.), who has endorsed Oster, said Varga has pushed her to be "stronger."'
    assert one(text, "stronger.", "partial").speaker == "Clara Motte"


def test_a_long_appositive_with_its_own_relative_clauses():
    text = (
        "Rolf Amsel, a former treasury official who is now a fellow at the Center for Ports, which works on trade, "
        'said that the vote is "not a done deal."'
    )
    assert one(text, "not a done deal.", "partial").speaker == "Rolf Amsel"


def test_the_writers_words_before_a_split_attribution_are_not_an_indirect_quote():
    text = '"We need him," his wife, Ana Lazar, wrote in a letter.'
    assert [(q.kind, q.speaker) for q in quotes(text)] == [("direct", "Ana Lazar")]


@pytest.mark.parametrize(
    "text, speaker",
    [
        ('"It is over," said the Democratic nominee.', "the Democratic nominee"),
        ('"It is over," said one well-connected Democrat familiar with the campaign, who asked not to be named.',
         "one well-connected Democrat familiar with the campaign"),
        ('"It is over," said a person close to the Varga family.', "a person close to the Varga family"),
        ('"It is over," said one Republican involved in the planning.', "one Republican involved in the planning"),
        ('"It is over," said the former top aide to President Tom W. Varga. "We lost."', "the former top aide to President Tom W. Varga"),
        ('"It is over," said a senior official at the port authority on Tuesday.', "a senior official at the port authority"),
        ('"It is over," said a spokesman in a statement.', "a spokesman"),
    ],
)
def test_a_description_keeps_what_it_says_of_the_source(text, speaker):
    assert quotes(text)[0].speaker == speaker


def test_lower_case_role_words_before_a_name_belong_to_the_title():
    text = '"It is over," said Republican presidential front-runner Tom Varga.'
    assert quotes(text)[0].speaker == "Tom Varga"


def test_a_statement_released_is_not_part_of_the_source():
    text = "The Harbour Party Convention released a statement Wednesday evening, saying the plan is \"another example of waste.\""
    assert all("released" not in (q.speaker or "") for q in quotes(text))


def test_a_titled_name_after_a_question_mark_attributes_the_quotation():
    text = "Tom Varga spoke in Ohio. Lena Oster answered later.\n\n''Is that not a sacrifice?'' Mrs. Oster said. ''And what did he hear? Nothing.''"
    assert [q.speaker for q in quotes(text, "direct")] == ["Lena Oster", "Lena Oster"]


def test_a_sentence_ending_in_a_place_does_not_join_the_name_after_it():
    text = "The rally was in Ohio. Donald Varga said he was \"fine.\""
    names = [p.name for p in find_quotes(text).people]
    assert "Donald Varga" in names and not any("Ohio" in n for n in names)


def test_a_new_sentence_after_a_closed_quotation_is_not_its_attribution():
    text = 'Tom Varga called the plan "unhinged." Sen. Lena Oster called the statement "offensive."'
    assert one(text, "unhinged.", "partial").speaker == "Tom Varga"
    text = "''We are refugees,'' Ms. Alawi said. ''We are not criminals.'' Mr. Zaher said: ''The attack was the work of criminals.''"
    assert one(text, "We are not criminals.", "direct").speaker == "Alawi"
    assert one(text, "The attack was the work of criminals.", "direct").speaker == "Zaher"


def test_a_participle_after_a_statement_shares_the_sentences_subject():
    text = "Mr. Varga, who spoke last week, issued a statement Tuesday saying, ''I do not feel that heritage matters.''"
    assert one(text, "I do not feel that heritage matters.", "direct").speaker == "Varga"


def test_an_age_is_a_description_of_the_source():
    assert quotes('"Tom is a leader," said the 46-year-old.')[0].speaker == "the 46-year-old"


def test_a_description_keeps_a_modifier_opening_with_one_of():
    text = '"I think it is coming," said a strategist for one of these candidates, speaking on the condition of anonymity.'
    assert quotes(text, "direct")[0].speaker == "a strategist for one of these candidates"


def test_places_between_a_fronted_adverbial_and_the_name_are_skipped():
    text = 'Speaking Tuesday at the university in Berea, OH, after winning the primary, Gov. Tom Varga (R-OH), said, "I am ready."'
    assert one(text, "I am ready.", "direct").speaker == "Tom Varga"


def test_a_participle_after_a_closing_mark_is_not_inverted():
    text = 'Tom Varga welcomed the vote on Friday. "It is fantastic," telling reporters he was "delighted."'
    assert all(q.speaker != "reporters" for q in quotes(text))


def test_a_sentence_opening_word_is_not_part_of_a_name():
    text = "Outside Varga Mills, the pickets stood. Maybe Tom Varga said he was \"sorry.\""
    names = [p.name for p in find_quotes(text).people]
    assert not any(n.startswith(("Outside", "Maybe")) for n in names)


def test_an_agent_noun_after_a_determiner_is_a_source():
    assert quotes('"It is more of the same," says a narrator.')[0].speaker == "a narrator"


def test_more_from_a_document_introduces_its_quotation():
    text = 'More from the report: "Today numerous online survey vendors exist."'
    assert quotes(text)[0].speaker == "the report"
    assert quotes('The plan: "Build the bridge first."')[0].speaker is None


def test_stating_is_a_verb_of_saying():
    text = 'On Sunday, Tom Varga issued a new line of attack, stating that the plan was "clearly lacking."'
    assert one(text, "clearly lacking.", "partial").speaker == "Tom Varga"


def test_a_determiner_alone_is_no_source():
    text = "That was likely welcome news to the campaign, which had struggled."
    assert all(q.speaker != "That" for q in quotes(text))


def test_a_lower_case_role_between_a_place_and_a_full_name():
    assert quotes('"It is a show," said Virginia delegate Ana Correll, angered.')[0].speaker == "Ana Correll"


def test_a_description_then_the_name_after_a_comma():
    text = '"There will be a term," said another leading Supreme Court litigator, Rolf J. Amsel of the firm Varga Brown.'
    assert quotes(text)[0].speaker == "Rolf J. Amsel"
    assert quotes('"There will be a term," said a Supreme Court advocate.')[0].speaker is not None


def test_a_short_attribution_sentence_before_a_quotation():
    text = '"The port is full," said Tom Varga, the harbour master.\n\nLena Oster agreed. "The port is full and getting fuller."'
    assert one(text, "The port is full and getting fuller.", "direct").speaker == "Lena Oster"
    text = 'Tom Varga spoke. Later the long debate about the harbour and its old quays went on. "The port is full."'
    assert one(text, "The port is full.", "direct").speaker != "Tom Varga"


def test_quoted_as_saying_and_manner_verbs():
    assert quotes('"Our method works," Braynard is quoted as saying.')[0].speaker == "Braynard"
    assert quotes('"Go back home," Varga barked as a guard escorted him out.')[0].speaker == "Varga"


def test_the_name_after_a_possessive_institution():
    text = "Iowa State University's Dianne Vorst agreed. \"Mainstream voters are scared.\""
    assert one(text, "Mainstream voters are scared.", "direct").speaker == "Dianne Vorst"


def test_a_phrase_between_the_subject_and_its_verb():
    assert one('Tom Varga at the time said he had asked his "people" to look.', "he had asked his \"people\" to look", "indirect").speaker == "Tom Varga"
    text = '"Will he be the next attorney general?" a Democratic staffer in the room wondered.'
    assert quotes(text)[0].speaker == "a Democratic staffer in the room"
    assert quotes('A spokesman for the buyer said there was a "commitment."')[0].speaker == "A spokesman for the buyer"


def test_an_adjective_before_a_verb_form_makes_it_a_noun():
    text = 'Varga attacked the judge for the racial remarks and for the "suggestion" that he was biased.'
    assert all(q.speaker != "the racial" for q in quotes(text))
    assert quotes("As boos erupt, the executive says, ''Please quiet down.''", "direct")[0].speaker == "the executive"


def test_a_late_that_is_not_the_complementizer():
    text = "Speaking of the soldiers, Lena Oster says it is hard to blame any one person for that."
    assert one(text, "it is hard to blame any one person for that", "indirect").speaker == "Lena Oster"
    text = "Tom Varga told reporters at the harbour office on Tuesday that the port would open."
    assert one(text, "the port would open", "indirect").speaker == "Tom Varga"


def test_a_coordinated_subject_does_not_end_the_reported_clause():
    text = "Lena Oster says many doubted her in Varga but that she and her supporters never doubted each other."
    q = quotes(text, "indirect")[0]
    assert q.speaker == "Lena Oster" and q.text.startswith("many doubted her") and len(q.text.split()) > 6


@pytest.mark.parametrize(
    "text, speaker",
    [
        ('"There is not a lot you can do," said a former U.S. law enforcement official who oversaw the inquiry.',
         "a former U.S. law enforcement official"),
        ('"She did not like that," said a 2018 Varga campaign veteran.', "a 2018 Varga campaign veteran"),
        ('The test was "a grave mistake," according to a Pentagon readout.', "a Pentagon readout"),
    ],
)
def test_lower_case_nouns_after_a_capitalised_word_end_the_description(text, speaker):
    assert quotes(text, None)[-1].speaker == speaker or any(q.speaker == speaker for q in quotes(text))


def test_a_capitalised_first_word_is_no_fallback_speaker():
    text = 'Hours later the arena was loud, with "a three-word proclamation" on the screens.'
    assert all(q.speaker is None for q in quotes(text))
    names = [p.name for p in find_quotes(text).people]
    assert "Hours" not in names


def test_a_second_verb_in_a_report_leaves_the_reporter_the_last_speaker():
    text = 'Lena Oster also said that Tom Varga shows "great charm." "He is a friend," she said.'
    assert one(text, "He is a friend,", "direct").speaker == "Lena Oster"
    text = 'Piet Lazar spoke first.\n\nTom Varga also said that Lazar shows "great charm."\n\n"He is a friend," he said.'
    assert one(text, "He is a friend,", "direct").speaker == "Tom Varga"


def test_words_inside_a_quotation_are_nobodys_subject():
    text = "''Consumers shrugged off a host of negative developments,'' like the volatility of markets, said Rolf Amsel, the chief economist."
    assert quotes(text, "direct")[0].speaker == "Rolf Amsel"


def test_a_verb_with_a_colon_after_a_quotation_introduces_the_next_one():
    text = 'After Varga said that students might do better at "less advanced schools," Oster said: "I do not like what he said."'
    assert one(text, "less advanced schools,", "partial").speaker == "Varga"
    assert one(text, "I do not like what he said.", "direct").speaker == "Oster"


def test_the_writer_in_the_first_person_is_the_speaker_as_written():
    text = "“Your Honor,” I said, “I would like to answer that.”\n\nLater I told the court that I was sorry."
    assert [q.speaker for q in quotes(text, "direct")] == ["I", "I"]
    assert one(text, "I was sorry", "indirect").speaker == "I"


def test_a_conjunction_opening_the_sentence_is_not_a_fronted_phrase():
    text = "But Tom Varga, who is running to be an alternate, added that he, too, is on a mission to draft Oster."
    assert one(text, "he, too, is on a mission to draft Oster", "indirect").speaker == "Tom Varga"


def test_an_inverted_attribution_after_a_comma_is_no_appositive():
    text = 'And Varga, said Lena Oster, who remains his friend, does not forgive. "You only have one shot," she said.'
    assert one(text, "You only have one shot,", "direct").speaker == "Lena Oster"


def test_an_abbreviated_title_does_not_end_an_object():
    text = "For one thing, Mrs. Lena Oster, the nominee, proposed to draft Mr. Varga as an adviser."
    assert any(q.text.startswith("draft Mr. Varga") for q in quotes(text, "indirect"))


def test_a_verb_of_saying_after_an_adjective_is_a_noun():
    text = "Lena Oster introduced him as ''a fighter for families'' and a passionate advocate."
    assert all(q.speaker != "a passionate" for q in quotes(text))
    text = '"Send them home," the protesters chanted.'
    assert quotes(text)[0].speaker == "the protesters"


def test_a_hyphenated_role_is_a_description_and_ordered_reports_speech():
    text = "Appearing on the show, the party front-runner said Lena Oster \"caused tremendous harm\" as a minister."
    assert one(text, "caused tremendous harm", "partial").speaker == "the party front-runner"
    text = 'In 2008, President Tom W. Varga ordered that the agencies work with "major party" candidates.'
    assert one(text, "major party", "partial").speaker == "Tom W. Varga"


def test_a_fragment_after_a_sentence_ending_in_its_attribution_goes_on_with_that_speaker():
    text = ('Tom Varga spoke at the forum. This makes it hard to dislodge rumours, he said. '
            'Good information can still drive out bad, but only when "the truth is sexier than the lie."')
    q = one(text, "the truth is sexier than the lie.", "partial")
    assert q.speaker == "Tom Varga" and q.confidence <= 0.35


def test_a_scare_quoted_term_does_not_break_a_speakers_run():
    text = "''Is he going to stop?'' asked Mr. Varga, referring to what he calls the ''crooked'' process. ''The answer is no.''"
    assert one(text, "The answer is no.", "direct").speaker == "Varga"


def test_past_participles_and_more_manner_verbs():
    text = "As the columnist Lena Oster had written a few years earlier, ''We could not have a film industry without him.''"
    assert quotes(text, "direct")[0].speaker == "Lena Oster"
    assert quotes('"This is fantastic!" beamed Tom Varga of Madison.')[0].speaker == "Tom Varga"


def test_according_to_after_a_clause_with_a_verb_of_finding():
    text = "The ministry has now found 600 emails containing secrets, according to the Harbour Gazette."
    q = quotes(text, "indirect")
    assert [x.speaker for x in q if x.cue == "according to"] == ["Harbour Gazette"]


def test_according_to_after_a_connective():
    text = "Varga won the state. Now, according to the recent poll, some voters are swinging to the left."
    assert one(text, "some voters are swinging to the left", "indirect").speaker == "the recent poll"


def test_according_to_after_an_attribution_gives_no_second_record():
    text = "Tom Varga spoke. The agency was calm, he added, according to the broadcaster."
    assert [q.cue for q in quotes(text, "indirect")] == ["added"]


def test_a_quantity_of_people_is_a_group_source():
    text = 'Hundreds of pro-Varga demonstrators marched through the city on Monday, chanting "Varga or bust."'
    assert one(text, "Varga or bust.", "partial").speaker == "Hundreds of pro-Varga demonstrators"


def test_words_of_the_quotation_are_not_the_subject_of_a_participle():
    text = '"It is over," said the base chief known as Bob, speaking publicly.'
    assert quotes(text)[0].speaker != "It"


def test_according_to_a_person_of_an_organisation_before_a_quotation():
    text = "According to Ana Lazar of Harbour Watch, “The vans were moved at night.”"
    assert quotes(text, "direct")[0].speaker == "Ana Lazar"


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Nearly nine out of 10 say they will need new skills.", "Nearly nine out of 10"),
        ("Some 56 percent of voters polled said they were less likely to vote.", "Some 56 percent of voters polled"),
        ("In the survey, 75 percent of harbour workers said the pay was too low.", "75 percent of harbour workers"),
    ],
)
def test_a_share_of_a_group_is_a_source(text, speaker):
    assert quotes(text, "indirect")[0].speaker == speaker


def test_a_share_after_the_verb_is_part_of_the_clause():
    assert one("The mayor said 56 percent of the budget was spent.", "56 percent of the budget was spent", "indirect").speaker == "The mayor"


def test_that_after_a_long_listener_and_place_still_opens_the_clause():
    text = "Tom Varga told Oster during a meeting on Thursday in the ornate Great Hall of the People that the port would open."
    assert one(text, "the port would open", "indirect").speaker == "Tom Varga"


def test_the_ranker_never_picks_someone_the_text_titles_for_the_other_gender():
    text = 'Mr. Tom Varga spoke first on Monday. Then Lena Oster said the port would open.\n\n"It is a good day," she said.'
    assert one(text, "It is a good day,", "direct").speaker == "Lena Oster"


def test_a_document_read_its_words_and_reading_is_not_saying():
    assert quotes('"The results will be clear," the statement read.')[0].speaker == "the statement"
    assert quotes('The sign read: "Keep out."')[0].speaker == "The sign"
    assert all(q.cue != "read" for q in quotes("Tom Varga read that the port was closed for the winter."))


def test_a_fronted_adverbial_before_the_subject_of_a_fragment():
    text = 'On Monday, Lena Oster tried to turn the tables, portraying Varga as a hypocrite who took "about $200,000" from banks.'
    q = one(text, "about $200,000", "partial")
    assert q.speaker == "Lena Oster" and q.confidence <= 0.4


def test_a_source_with_knowledge_of_something():
    text = '"It is hard," said one person with knowledge of the governor\'s plans, who asked not to be named.'
    assert quotes(text)[0].speaker == "one person with knowledge of the governor's plans"


def test_a_group_for_someone_ends_before_its_verb():
    text = 'Attorneys for Lena Oster appeared to oppose the effort, saying in court files that it was "improper."'
    assert one(text, "improper.", "partial").speaker == "Attorneys for Lena Oster"


def test_a_quoted_phrase_inside_an_appositive_keeps_the_name_before_it():
    text = "Mr. Varga, citing ''the unique magic of Oster,'' said the candidate could be competitive."
    assert one(text, "the candidate could be competitive", "indirect").speaker == "Varga"
    text = "The new plans “are steps in the right direction,” Ana Roe, assistant secretary for population, refugees, and migration, said."
    assert quotes(text)[0].speaker == "Ana Roe"


def test_a_source_noun_then_its_verb_ends_the_phrase():
    text = 'The committee released a statement on Monday, offering "a deep and sincere apology" to Varga.'
    assert one(text, "a deep and sincere apology", "partial").speaker == "The committee"
    assert quotes('"It is over," said a ministry spokeswoman.')[0].speaker == "a ministry spokeswoman"
    assert one('Varga was quick to add that the talks are "not negotiable."', "not negotiable.", "partial").speaker == "Varga"


def test_as_roe_with_an_appositive_put_it():
    text = "As Akhil Varga, professor of law at Yale and author of ''Unwritten Rules,'' put it, ''Senators should remember.''"
    assert quotes(text, "direct")[-1].speaker == "Akhil Varga"


def test_a_capitalised_word_then_a_verb_form_is_a_noun_phrase():
    text = "Lena Oster immediately posted a Twitter comment of her own, saying, “We are so excited!”"
    assert quotes(text, "direct")[0].speaker == "Lena Oster"


def test_a_weekday_inside_a_description():
    text = "“There are invertebrates with more spine,” reads a Wednesday editorial in The Harbour Register."
    assert quotes(text)[0].speaker == "a Wednesday editorial in The Harbour Register"


def test_a_role_after_a_capitalised_word_heads_a_description():
    text = "“You may lose a few elites,” said one Varga confidant. “But not many.”"
    assert [q.speaker for q in quotes(text, "direct")] == ["one Varga confidant"] * 2


def test_an_editorial_read_and_talks_are_nouns():
    assert quotes("“The governor should come to the coast,” the editorial read.")[0].speaker == "the editorial"
    text = "But Mr. Varga said the annual talks remained ''one of the best chances'' to narrow differences."
    assert one(text, "one of the best chances", "partial").speaker == "Varga"


def test_a_document_states():
    assert quotes('"Family leave," the document states, "becomes available after one year."')[0].speaker == "the document"
    assert all(q.speaker != "several states" or q.cue != "states" for q in quotes("Officials in several states said they were ready."))


def test_a_reporters_question_opening_with_when_asked():
    text = "Lena Oster spoke. When asked whom she supported, Ms. Ana Sherry smiled and said, ''I'm waiting for Mr. Varga.''"
    assert [(q.kind, q.speaker) for q in quotes(text)] == [("direct", "Ana Sherry")]


def test_a_verb_that_names_what_was_said_ends_its_clause_after_a_question():
    text = '"I will look at different people," Oster said. "Grizzly Adams?" Varga repeated.'
    assert one(text, "Grizzly Adams?", "direct").speaker == "Varga"


def test_a_relative_clause_before_the_verb_hangs_on_the_phrase_before_who():
    text = 'Lena Oster spoke first.\n\nArno Vik, who has in the past described Oster as "a careless steward," clearly meant to "warn" her.'
    assert one(text, "a careless steward,", "partial").speaker == "Arno Vik"
    text = 'A harbour official who spoke anonymously to discuss the talks said Wednesday, "There are discussions."'
    assert quotes(text, "direct")[0].speaker == "A harbour official"
    # "which Vik had called …": the clause has its own subject
    text = 'The levy, which Arno Vik had called "a disaster for the coast," passed.'
    assert one(text, "a disaster for the coast,", "partial").speaker == "Arno Vik"


def test_a_source_speaking_to_someone_is_the_source():
    text = 'Another port source speaking to Harbour Radio said, "The inspectors are looking at the contracts."'
    assert quotes(text, "direct")[0].speaker == "Another port source"


def test_a_quotation_after_a_sentence_reporting_its_subject():
    text = "The race was close.\n\nLena Oster touted her record as an early sponsor of the bill. \"We need to protect workers.\""
    q = one(text, "We need to protect workers.", "direct")
    assert q.speaker == "Lena Oster" and q.confidence < 0.9
    # a sentence whose subject is "it" gives the quotation no speaker
    text = "The mayor spoke.\n\nSome of it kept mentioning the levy. \"We tried.\""
    assert one(text, "We tried.", "direct").speaker is None


def test_a_dateline_is_no_one():
    text = 'Headline here.\n\nBOCA RATON, Fla. — The port authority issued "a deep and sincere apology" to the fishermen.'
    assert one(text, "a deep and sincere apology", "partial").speaker == "The port authority"


def test_a_person_of_a_place_with_its_state():
    text = 'The vote was near.\n\nDara Holm of Columbia, South Carolina says she thinks Vik can win if he keeps "doing what he is doing."'
    assert one(text, "doing what he is doing.", "partial").speaker == "Dara Holm"
    text = 'On the subject of the levy, Arno Vik added, "Nobody will pay more."'
    assert quotes(text, "direct")[0].speaker == "Arno Vik"


def test_a_place_with_its_state_abbreviation_inside_an_appositive():
    text = "Another delegate, Arno Vik of Washington, D.C., explained the reason for his late support for the plan."
    assert quotes(text, "indirect")[0].speaker == "Arno Vik"
    assert all(q.cue != "support" for q in quotes(text))  # "his late support": a noun


def test_a_capitalised_modifier_before_the_title_after_a_quotation():
    text = 'The vote began.\n\n"The harbour is proud to cast its votes!" US Senator Dara Holm said as she opened the roll.'
    assert quotes(text, "direct")[0].speaker == "Dara Holm"
    # a sentence that begins after the quotation is not its attribution
    text = "''We tried,'' Mr. Vik said. ''They are just throwing money at it.'' While critics welcomed the plan, they said more."
    assert one(text, "They are just throwing money at it.", "direct").speaker == "Vik"


def test_issued_the_following_statement_then_a_quote_paragraph():
    text = "The storm passed.\n\nIn response to the damage, harbour commissioner Arno Vik issued the following statement:\n\n\"Our thoughts are with everyone affected.\""
    q = one(text, "Our thoughts are with everyone affected.", "direct")
    assert q.speaker == "Arno Vik" and q.confidence < 0.9


def test_a_middle_initial_is_part_of_the_name():
    text = "Emails raise questions.\n\nDoran J. Vask wrote to her.\n\nMr. Vask passed along to the aide a request for ''a small favor'' from an associate."
    people = {p.name for p in find_quotes(text).people}
    assert "Doran J. Vask" in people and "Vask" not in people


def test_an_inverted_description_with_an_acronym_inside():
    text = "“This matters most for the mayor,” said one former GOP leadership aide."
    assert quotes(text)[0].speaker == "one former GOP leadership aide"


def test_a_chain_of_appositives_after_a_fronted_just_last_week():
    text = "Rain fell.\n\nJust last week, J.J. Vask, editor at large of The Harbour, a newspaper for sailors, wrote, ''When we think of the levy, we should think of the war.''"
    assert [(q.kind, q.speaker) for q in quotes(text)] == [("direct", "J.J. Vask")]


def test_a_bracketed_party_tag_before_the_comma_and_verb():
    text = 'Tuesday at Baldwin Hall in Berea, OH, after winning the primary, Gov. Arno Vik (R-OH), said, "I am ready to rent a covered wagon."'
    assert [(q.kind, q.speaker) for q in quotes(text)] == [("direct", "Arno Vik")]


def test_the_scene_before_a_quoted_sentence_is_not_reported_speech():
    text = 'At a rally for the mayor on Monday, Arno Vik said, "We were just driving in."'
    assert quotes(text, "indirect") == []
    # a clause before the attribution is
    text = 'Harbours are part of communities with many stakeholders, Dara Holm said: "That is the contract."'
    assert one(text, "Harbours are part of communities with many stakeholders", "indirect")


def test_scathing_remarks_are_a_noun():
    text = 'Rain fell. "She is old," Vask said.\n\nHoward Vask continued his scathing remarks.\n\n"Eight years ago she was the nominee."'
    assert all(q.cue != "remarks" for q in quotes(text))


def test_a_bracketed_party_then_an_appositive_before_the_verb():
    text = 'Rain fell.\n\nFormer Harbour governor Ed Vask (D), a port supporter, praised Holm for what he has done, calling it "an incredible feat."'
    assert one(text, "an incredible feat.", "partial").speaker == "Ed Vask"


def test_a_name_before_a_chain_of_of_phrases():
    text = 'Rain fell.\n\nHowever, as Archbishop Aris Vartan of the Armenian Patriarchate of Jerusalem told the Associated Press, "We have suffered the same fate."'
    assert quotes(text, "direct")[0].speaker == "Aris Vartan"


def test_a_fundraising_call_is_a_noun():
    text = 'Rain fell.\n\nVermont Sen. Dara Holm also sent out a fundraising call following the remarks, asking supporters to "donate $3 to our campaign now."'
    assert one(text, "donate $3 to our campaign now.", "partial").speaker == "Dara Holm"


def test_a_quotation_box_signed_on_the_line_below():
    text = 'Rain fell.\n\n"I will look into it. I don\'t know the status."\n\n- Dara Holm.\n\nHolm has been looking into it a long time.'
    q = quotes(text, "direct")[0]
    assert q.speaker == "Dara Holm" and q.cue == "-"
    # a dash after a quotation inside the writer's sentence is a subheading, not a signature
    text = 'Rain fell.\n\nHolm believes in journalism that "takes sides."\n\n- Ready to quiz Vik -.'
    assert all(q.cue != "-" for q in quotes(text))


def test_an_appositive_missing_its_closing_comma():
    text = 'Rain fell.\n\nSam Lau, the communications director for the Iowa Harbour Party said in a statement. "There are no paper ballots to recount."'
    assert quotes(text, "direct")[0].speaker == "Sam Lau"


def test_a_modal_between_a_pronoun_and_its_verb():
    from annotations.engine.sources import subject_before

    text = "The party is trying to convince the courts that they should "
    assert subject_before(text, 0, len(text), 0).text == "they"
    text = "The union said its members could "
    assert subject_before(text, 0, len(text), 0).text == "its members"
    # a capitalised word and a modal before a verb of belief is no one ("Audiences can expect …");
    # before a verb of saying, the name is the subject ("Dana Roe could only quip:")
    text = "Audiences can expect"
    assert subject_before(text, 0, text.index("expect"), 0) is None
    text = "Dana Roe could only quip"
    assert subject_before(text, 0, text.index("quip"), 0).text == "Dana Roe"


def test_a_title_after_a_work_noun_is_not_speech():
    text = 'Rain fell.\n\nShe tried to pour cold water on the idea, she wrote in her memoir, "Tough Choices."'
    assert quotes(text, "direct") == []
    text = 'Wednesday on Harbour News Channel\'s show, "Fox & Friends," Vik said he was ready.'
    assert all(q.text != "Fox & Friends," for q in quotes(text))


def test_a_term_known_as_is_no_quote():
    text = "Dara Holm wrote a column on a subgenre of fiction known as ''chick lit.''"
    assert quotes(text, "partial") == [] and quotes(text, "direct") == []


def test_a_one_word_term_a_verb_of_calling_names_is_a_partial_quote():
    text = 'Rain fell.\n\nJeb Vask called him a "loser." Officials said the "reset" failed.'
    assert one(text, "loser.", "partial").speaker == "Jeb Vask"
    # after a plain verb of saying, a scare-quoted term stays a term
    assert all(q.text != "reset" for q in quotes(text))


def test_a_headline_names_its_source_before_the_colon():
    text = "Gillan: Vask's 'Incredibly Hateful Rhetoric' Destroying Party's Chance to Win.\n\nSen. Lindsey Gillan spoke on Monday."
    q = one(text, "Incredibly Hateful Rhetoric", "partial")
    assert q.speaker == "Lindsey Gillan" and q.confidence < 0.9
    text = "Holm On Vask Releasing Her Speech Transcripts: 'I Think She Will.'\n\nSen. Dara Holm spoke on CNN."
    assert one(text, "I Think She Will.", "direct").speaker == "Dara Holm"
    text = "Holm On Vask’s Speech Transcripts: 'I Think She Will.'\n\nSen. Dara Holm spoke on CNN."
    assert one(text, "I Think She Will.", "direct").speaker == "Dara Holm"
    # the title may be in sentence case: it is still the text's first line
    text = "Gillan: Time for 'intensification' of the strategy.\n\nSen. Lindsey Gillan spoke on Monday."
    assert one(text, "intensification", "partial").speaker == "Lindsey Gillan"
    # "Roe On Poe:": the source is before "On", not the person it is about
    text = "Network President On Vask: 'We Do Not Pay Candidates To Appear.'\n\nThe network's president, Dara Holm, spoke."
    assert one(text, "We Do Not Pay Candidates To Appear.", "direct").speaker != "Vask"


def test_a_paragraph_ending_in_a_colon_after_he_introduces_the_quote_paragraph():
    text = '"I have decided to endorse Vik," Dara Holm wrote.\n\nShe then listed the qualities a nominee needs:\n\n"In the piece I wrote last November, I listed them."'
    q = one(text, "In the piece I wrote last November, I listed them.", "direct")
    assert q.speaker == "Dara Holm" and q.confidence < 0.6


def test_a_capitalised_time_word_before_a_participle_is_no_one():
    text = 'Dara Holm wrote to the aide. "Have a drink," Holm said.\n\nMinutes later, she sent an email saying, "done."'
    assert one(text, "done.", "direct").speaker == "Dara Holm"


def test_a_short_quoted_phrase_no_one_is_said_to_say_is_a_scare_quote():
    text = "Rain fell.\n\nIt was the \"fiscal cliff\" again, and then a \"binary choice\" too."
    assert quotes(text) == []
    # a longer fragment with no speaker is still a quote (with no speaker)
    text = "Rain fell.\n\nThe talks stalled, and the deal, \"a compromise nobody in the harbour wanted,\" died."
    assert [q.speaker for q in quotes(text, "partial")] == [None]


def test_a_name_before_a_description_with_a_relative_clause():
    text = 'The race tightened.\n\n"Holm needs a strategy for those voters," Nate Vask, the polling guru who founded the harbour site tweeted on Wednesday.'
    assert quotes(text, "direct")[0].speaker == "Nate Vask"


def test_a_phone_call_is_a_noun():
    text = 'Majority Leader Arno Vik agreed to a phone call on Wednesday, but only to say he won\'t agree to a "perfunctory" sit-down.'
    assert all(q.cue != "call" for q in quotes(text))


def test_an_inverted_title_with_of_before_the_name():
    text = 'Talks ended.\n\n"We will see," said Secretary of State Jane Roe. "It is early."'
    assert [q.speaker for q in quotes(text, "direct")] == ["Jane Roe", "Jane Roe"]
    text = 'Talks ended.\n\n"The first line of defence is the harbour," said former secretary of state Dara Holm, who praised the mayor.'
    assert quotes(text, "direct")[0].speaker == "Dara Holm"


def test_a_colon_after_an_object_goes_to_the_sentences_subject():
    text = 'Talks ended.\n\nSenate Majority Leader Mitch Vask, R-Ky., delivered a blunt message to Holm: "It is time to quit attacking people."'
    assert quotes(text, "direct")[0].speaker == "Mitch Vask"


def test_a_verb_after_a_question_that_introduces_the_next_quotation():
    text = 'Talks ended.\n\nDara Holm responds to Lena Vask with, "Why now? That was on my way?" Vask then writes back, "You look cute."'
    assert [q.speaker for q in quotes(text, "direct")] == ["Dara Holm", "Lena Vask"]
    # a split quotation keeps its speaker on both sides
    assert [q.speaker for q in quotes('Talks ended.\n\n"Why now?" Vask asked, "When will it end?"', "direct")] == ["Vask", "Vask"]


def test_naming_and_hyphenated_words_are_no_verbs_of_saying():
    text = 'Rain fell.\n\nA newly formed super PAC called Future 45 ran ads using her comments that "I was responsible for quite a bit" of the policy.'
    assert all(q.cue != "called" for q in quotes(text))
    text = 'Rain fell.\n\nPeter Vask, a self-styled "new-media" journalist and right-wing harbour talk-show host, was named last week.'
    assert all(q.cue != "talk" for q in quotes(text))
    # "Critics called Roe "a liar"" still reports speech
    assert one('Rain fell.\n\nCritics called Roe "a liar."', "a liar.", "partial").cue == "called"


def test_released_the_following_statement_after_a_fronted_when_clause():
    text = 'Rain fell.\n\nWhen Wallace died in 1998, President Arno Vik released the following statement:\n\n"We offer our condolences to the family."'
    assert quotes(text, "direct")[0].speaker == "Arno Vik"


def test_a_reflexive_after_the_subject_and_a_party_adjective_before_a_plural_noun():
    text = 'Rain fell.\n\nHolm could have most of the delegates. Arno Vask himself acknowledged in a forum that "it will be very hard for us to win" if he loses.'
    assert one(text, "it will be very hard for us to win", "partial").speaker == "Arno Vask"
    text = 'Rain fell.\n\nDemocrats on the committee plan to release transcripts to disprove Republican claims of "significant breakthroughs" in the inquiry.'
    assert all(q.cue != "claims" for q in quotes(text))
    # a surname ending like an adjective keeps its verb
    assert quotes("Rain fell.\n\nDara Ryan calls the levy 'a disgrace,' and goes.")[0].speaker == "Dara Ryan"


def test_listening_to_someone_speak_is_no_report():
    text = (
        'Rain fell.\n\n"Perpetual motion!" Rep. Glenn Vask, R-Pa., said of the swirl of activities.\n\n'
        "Vask started Thursday listening to the nominee, Indiana Gov. Mike Holm, speak at a breakfast before lunch.\n\n"
        '"It\'s a marathon at a sprint rate," he said.'
    )
    assert all(q.cue != "speak" for q in quotes(text))
    assert one(text, "It's a marathon at a sprint rate,", "direct").speaker == "Glenn Vask"


def test_a_name_used_as_a_modifier_before_a_role_and_a_name():
    from annotations.engine.attribution import _ROLE_BETWEEN

    text = "Vask consultant Cornell Holm, the pollster"
    assert _ROLE_BETWEEN.fullmatch(text, 4, text.index("Cornell"))
    text = "Vask's campaign manager Dara Holm said"
    assert _ROLE_BETWEEN.fullmatch(text, 4, text.index("Dara"))
    text = "Vask met Dara Holm"
    assert not _ROLE_BETWEEN.fullmatch(text, 4, text.index("Dara"))


def test_a_clause_with_no_verb_of_saying_before_a_colon_gives_its_subject():
    text = (
        'Critics said the levy was weak. "We will sue," Jane Poe said.\n\n'
        'For reneging on the levy, Tomas Rielle fired back forcefully: "If they sue us, we win."\n\n'
        'The senator resisted:  "Governors do not have the power."\n'
    )
    assert one(text, "If they sue us, we win.").speaker == "Tomas Rielle"
    assert one(text, "Governors do not have the power.").speaker == "The senator"


def test_a_verb_in_a_fronted_when_clause_does_not_introduce_the_quote_after_the_colon():
    text = (
        "When Jane Poe suggested that Ruritania would sue the town for reneging on the mayor’s deal, "
        "Tomas Rielle fired back: “If they sue us in a court here, they’re going to lose.”\n"
    )
    assert one(text, "If they sue us in a court here, they’re going to lose.").speaker == "Tomas Rielle"


def test_after_a_colon_a_capital_past_the_quotations_stop_opens_a_new_sentence():
    text = 'Ann Dorrit, exasperated, famously responded: "What difference does it make?" Her critics cited it as evidence.\n'
    q = one(text, "What difference does it make?")
    assert q.speaker == "Ann Dorrit" and q.cue == "responded"


def test_a_participle_after_upon_or_a_statement_on_a_weekday_night_shares_the_subject():
    text = (
        'Title.\n\nIn Washington, President Tomas Vark released a statement Thursday night condemning "what appears to be a horrific attack."\n\n'
        'Jane Silvera, herself a supporter, incurred a wave of boos upon saying, "The people were heard."\n'
    )
    assert one(text, "what appears to be a horrific attack.").speaker == "Tomas Vark"
    assert one(text, "The people were heard.").speaker == "Jane Silvera"


def test_a_name_after_a_fronted_as_clause_is_the_sentence_subject_for_the_pronoun_after_it():
    text = (
        "Title.\n\nTed Varga arrived first, and the crowd booed him.\n\n"
        "As speakers all week have done, Tomas Rielle tried to rally the party with attacks on his rival.\n\n"
        '"We cannot afford to be so careful anymore," he said.\n'
    )
    assert one(text, "We cannot afford to be so careful anymore,").speaker == "Tomas Rielle"


def test_a_two_word_scare_quote_later_in_the_paragraph_does_not_inherit_the_speaker():
    said = 'Title.\n\n"We will not use that term," Ana Dorrit said at the debate. '
    text = said + 'The phrase "radical Ruritanism" never came up, though the night was long.\n'
    assert [q.text for q in quotes(text)] == ["We will not use that term,"]
    text = said + 'The plan was "a long and patient campaign against violence" for the coming years.\n'
    assert one(text, "a long and patient campaign against violence").speaker == "Ana Dorrit"


def test_a_short_quoted_title_or_label_with_no_speaker_is_no_quote():
    text = 'Title.\n\nAudiences like the classics. "Friends" has been a surprise hit, and "Harbour Nights," on cable, is another.\n\n"Related:"\n\n"Nobody expected this."\n'
    assert [q.text for q in quotes(text)] == ["Nobody expected this."]


def test_but_now_said_shares_the_subject_of_the_clause_before():
    text = 'Title.\n\nHouse Republican Tomas Rielle used to support a rival, but now said the nominee had "the opportunity to bring us together."\n'
    assert one(text, "the opportunity to bring us together.").speaker == "Tomas Rielle"


def test_an_organisation_named_with_of_before_a_colon_is_the_source_in_full():
    text = "Title.\n\nAs if addressing the magnate directly, the Ruritania Board of Elections was conclusive in its findings: “Further discussion is unnecessary.”\n"
    assert one(text, "Further discussion is unnecessary.").speaker == "the Ruritania Board of Elections"


def test_a_quote_paragraph_of_its_own_takes_the_speaker_who_signs_the_next_one():
    text = (
        "Title.\n\nMarta Vigaret is upbeat about the senator's chances.\n\n"
        "“Not only can he win in November, he is the one with the best chance of winning.”\n\n"
        "“He may be the only one,” Vigaret notes.\n"
    )
    assert one(text, "Not only can he win in November, he is the one with the best chance of winning.").speaker == "Marta Vigaret"
    # a question standing alone is someone else's (an interviewer's)
    asked = text.replace("he is the one with the best chance of winning.”", "is he the one with the best chance?”")
    assert one(asked, "Not only can he win in November, is he the one with the best chance?").speaker is None


def test_the_owner_of_a_noun_of_saying_says_the_quotation_after_it():
    text = (
        "Title.\n\nMarta Vigaret spoke to miners on Monday, she said.\n\n"
        'The union is unlikely to back her after her March comment that "we are going to close a lot of mines."\n\n'
        'Tomas Rielle’s catch phrase in that race was that his rival "would say anything to win."\n\n'
        'Critics described Tomas Rielle’s remarks as "just part of the campaign."\n'
    )
    assert one(text, "we are going to close a lot of mines.").speaker == "Marta Vigaret"
    assert one(text, "would say anything to win.").speaker == "Tomas Rielle"
    assert one(text, "just part of the campaign.").speaker != "Tomas Rielle"


def test_a_fronted_adverb_or_participle_a_titled_subject_and_was_prompted_to_say():
    text = (
        'Title.\n\nBut the debate was so subdued that Mr. Tomas Rielle was prompted to say, "So far, I cannot believe how civil it has been."\n\n'
        'Immediately after the attacks, Marta Vigaret issued a statement, "Last night, our nation was attacked."\n\n'
        'Former Ruritania Gov. Mike Hallett, for his part, is labeling the actions "a blatant abuse of power."\n\n'
        'Smiling broadly, Ms. Ana Dorrit thanked the state and then boomed, "There is no place like home."\n'
    )
    assert one(text, "So far, I cannot believe how civil it has been.").speaker == "Tomas Rielle"
    assert one(text, "Last night, our nation was attacked.").speaker == "Marta Vigaret"
    assert one(text, "a blatant abuse of power.").speaker == "Mike Hallett"
    assert one(text, "There is no place like home.").speaker == "Ana Dorrit"


def test_a_publication_or_a_footnote_can_be_a_source():
    text = (
        'Title.\n\nThe conservative publication has been outspoken in its opposition to the mayor, arguing he is "an unmoored opportunist."\n\n'
        'A footnote in the report makes that clear: "These assessments do not apply to the council."\n'
    )
    assert one(text, "an unmoored opportunist.").speaker == "The conservative publication"
    assert one(text, "These assessments do not apply to the council.").speaker == "A footnote in the report"


def test_a_participle_after_and_then_a_noun_after_the_and_an_object_named_by_its_role():
    text = (
        'Title.\n\nThen came a milder post. And then Tomas Rielle went fully on the attack, saying, "Is the mayor going to mention the words?"\n\n'
        'In an interview last week, Ms. Ana Acosta acknowledged that the debt was confusing and called the golf venture "a great example" of it.\n\n'
        'Former candidate Jeb Hallor broke down exactly what was wrong with the image to the Dutch newspaper Harbour Courant: "What he did was insensitive."\n'
    )
    assert one(text, "Is the mayor going to mention the words?").speaker == "Tomas Rielle"
    q = one(text, "a great example")
    assert q.speaker == "Ana Acosta" and q.cue == "called"
    assert one(text, "What he did was insensitive.").speaker == "Jeb Hallor"


def test_two_people_who_share_a_surname_stay_two_people():
    text = (
        "Title.\n\nHelena Varga spoke in Ames. Her husband, Tomas Varga, spoke in Dayton.\n\n"
        '"We will win," Tomas Varga said.\n\n"I am ready," Helena Varga said.\n\n'
        '"It was a long day," Mr. Varga said later. "It was worth it," Mrs. Varga said.\n'
    )
    assert one(text, "We will win,").speaker == "Tomas Varga"
    assert one(text, "I am ready,").speaker == "Helena Varga"
    assert one(text, "It was a long day,").speaker == "Tomas Varga"
    assert one(text, "It was worth it,").speaker == "Helena Varga"
    people = {p.name for p in find_quotes(text).people}
    assert {"Tomas Varga", "Helena Varga"} <= people


def test_a_middle_initial_or_a_headline_word_before_the_surname_is_the_same_person():
    text = (
        "Understated Pelk raises his profile.\n\nThomas J. Pelk spoke first. "
        '"We are here," Thomas Pelk said. "And we stay," Pelk added.\n'
    )
    speakers = {q.speaker for q in quotes(text, "direct")}
    assert speakers == {"Thomas J. Pelk"}


def test_spoke_reports_no_clause_before_its_subject():
    text = "Title.\n\nHelena Varga spoke in Ames. Her husband, Tomas Varga, spoke in Dayton.\n"
    assert [q.text for q in quotes(text, "indirect")] == []


def test_a_group_word_before_a_name_is_no_part_of_it_and_an_organisation_is_no_person():
    text = 'Title.\n\nSenators Mitch Varga and Ana Dorrit met the group. "It is time," Mitch Varga said.\n\nCitizens United filed a brief, and Nurses United marched.\n'
    names = {p.name for p in find_quotes(text).people}
    assert "Mitch Varga" in names and "Senators Mitch Varga" not in names
    assert "Citizens United" not in names and "Nurses United" not in names


def test_a_short_quote_with_a_verb_after_it_stays_a_quote_whoever_said_it():
    text = 'Headline\n\n"Hi there," said @harbourbob.\n'
    assert [q.text for q in quotes(text)] == ["Hi there,"]


def test_an_adverb_between_a_description_and_its_verb_is_no_part_of_the_source():
    text = "Title.\n\nThe clerk first said he did not recall the files.\n"
    assert one(text, "he did not recall the files", "indirect").speaker == "The clerk"


def test_a_quotation_inside_the_subject_has_no_speaker_of_its_own():
    text = 'Title.\n\nThe council met on Monday.\n\nThe "80 to 85 percent" estimate came from the mayor\'s office. Nobody checked it.\n'
    assert all(q.speaker != "The" for q in quotes(text))


def test_she_opening_a_sentence_goes_to_the_last_woman_who_spoke_not_the_last_speaker():
    text = (
        "Title.\n\n\"We will win,\" Mara Quell said. \"It is settled,\" Tomas Varga said.\n\n"
        'She signed an agreement barring her from publishing a "diary or memoir" about the firm.\n'
    )
    assert one(text, "diary or memoir").speaker == "Mara Quell"


def test_a_noun_of_saying_after_a_determiner_and_its_modifiers_is_no_verb():
    text = (
        "Title.\n\nCiting the flood as a wake-up call for the region, Ana Dorrit urged voters to act.\n\n"
        "Tomas Varga seemed to mock his vague tough talk, saying, \"The answer is not to yell.\"\n"
    )
    assert one(text, "The answer is not to yell.").speaker == "Tomas Varga"
    assert all(q.speaker != "a wake-up" for q in quotes(text))


def test_a_dateline_with_a_news_agency_is_no_subject():
    text = "Headline here.\n\nLisbon (AFP) – Senator Ana Dorrit has taken a swipe at her rival, saying that \"loud words\" do harm.\n"
    assert one(text, "loud words").speaker == "Ana Dorrit"


def test_a_war_or_a_board_of_chiefs_is_no_person():
    text = "Title.\n\nShe was born after the Korean War. The Joint Chiefs met.\n\n\"I am scared,\" she said.\n"
    names = {p.name for p in find_quotes(text).people}
    assert "Korean War" not in names and "Joint Chiefs" not in names
    assert quotes(text, "direct")[0].speaker != "Korean War"


def test_a_relative_named_by_a_first_name_alone_is_a_person():
    text = "Title.\n\nTomas Varga spoke in Ames. His wife, Mara, offered a preview in an interview.\n"
    people = {p.name: p for p in find_quotes(text).people}
    assert "Mara" in people
    assert text[slice(*people["Mara"].mentions[0])] == "Mara"


def test_two_titles_joined_by_and_name_one_person():
    text = 'Title.\n\n"We will win," said former Ohio Gov. and party Chairman Tomas Varga.\n'
    assert one(text, "We will win,").speaker == "Tomas Varga"


def test_a_participle_after_a_where_clause_goes_with_its_subject():
    text = 'Title.\n\nMara Quell spoke at the hall, where Tomas Varga greeted the crowd, saying "we are home."\n'
    assert one(text, "we are home.").speaker == "Tomas Varga"


def test_a_title_followed_by_its_author_is_a_work_not_a_quote():
    text = 'Title.\n\nOne of his recent reads, "This Kind of Harbour," by T.R. Quell, drove the point home.\n'
    assert [q.text for q in quotes(text) if q.kind != "indirect"] == []


def test_a_show_title_with_a_small_word_is_a_title():
    text = 'Title.\n\nTomas Varga will show more of his personal side on "The Late Show with Mara Quell" tonight.\n'
    assert [q.text for q in quotes(text) if q.kind != "indirect"] == []


def test_a_verb_form_with_an_attribution_set_off_after_it_is_a_noun():
    text = 'Title.\n\n"It is legal," press secretary Tomas Varga said Tuesday. Cost estimates, he added, were "based on a prototype."\n'
    assert "Cost" not in {p.name for p in find_quotes(text).people}
    assert one(text, "based on a prototype.").speaker == "Tomas Varga"


def test_nobody_is_no_speaker():
    text = 'Title.\n\n"We lead," Mara Quell said.\n\nNobody asked about the plan, so Tomas Varga brought it up himself. He called it "shameful" and left.\n'
    assert one(text, "shameful").speaker != "Nobody"
    assert "Nobody" not in {p.name for p in find_quotes(text).people}


def test_someone_from_a_town_and_state_is_described_by_both():
    text = 'Title.\n\nTomas Varga is assuring voters after a woman in Dorset, Massachusetts, told him she worries he is "too nice" to win.\n'
    assert one(text, "too nice").speaker == "a woman in Dorset"


def test_a_study_keeps_who_made_it():
    text = 'Title.\n\nAccording to a 2013 study by economists Mara Quell and Tomas Varga, the slump is "partly to blame" for lost jobs.\n'
    assert one(text, 'the slump is "partly to blame" for lost jobs', "indirect").speaker == "a 2013 study by economists Mara Quell and Tomas Varga"


def test_his_noun_of_saying_belongs_to_the_clause_subject_before_the_last_speaker():
    text = 'Title.\n\n"It is over," Daron Pelk said of Tomas Varga.\n\nVarga has consistently pushed his promise of "free college" as a way to appeal to voters.\n'
    assert one(text, "free college").speaker == "Tomas Varga"


def test_a_relative_named_after_a_possessive_name_is_a_person():
    text = "Title.\n\nOn opening night, Varga's wife, Mara, is scheduled to speak.\n"
    assert "Mara" in {p.name for p in find_quotes(text).people}


def test_a_participle_opening_the_sentence_shares_the_subject_after_it():
    text = 'Title.\n\nThe agency said talks would go on.\n\nConceding that there would likely be an agreement "down the line," Tomas Varga warned: "It is not going to happen soon."\n'
    assert one(text, "down the line,").speaker == "Tomas Varga"


def test_a_group_keeps_its_of_phrase_and_a_party_its_place():
    text = (
        'Title.\n\nA group of 67 artists, writers and scientists published a letter and called on people to "remember the campaigns."\n\n'
        '"It is a sham," said Republicans on Capitol Hill.\n\n"It is late," said a spokesman on Tuesday.\n'
    )
    assert one(text, "remember the campaigns.").speaker == "A group of 67 artists"
    assert one(text, "It is a sham,").speaker == "Republicans on Capitol Hill"
    assert one(text, "It is late,").speaker == "a spokesman"


def test_an_organisations_people_or_papers_are_the_source():
    text = 'Title.\n\nAccording to City Hall pool reports, the mayor said "there is hope" for the plan.\n\n"We are done," said Pentagon officials.\n'
    assert one(text, 'the mayor said "there is hope" for the plan', "indirect").speaker == "City Hall pool reports"
    assert one(text, "We are done,").speaker == "Pentagon officials"


def test_who_goes_to_the_name_right_before_it_even_one_named_once():
    text = 'Title.\n\n"We lead," Mara Quell said.\n\nAmong the replies was this tweet from Rikkie Pelk who tweeted, "They never pay attention to rules."\n'
    assert one(text, "They never pay attention to rules.").speaker == "Rikkie Pelk"


def test_the_clause_before_a_relative_who_said_is_not_reported_speech():
    text = 'Title.\n\nAmong the speakers was Tomas Varga, who said, "We are here."\n\nThe crowd grew restless near Mara Quell, who said the vote was rigged.\n'
    texts = [q.text for q in quotes(text, "indirect")]
    assert "Among the speakers was Tomas Varga" not in texts
    assert "The crowd grew restless near Mara Quell" not in texts
    assert "the vote was rigged" in texts


def test_a_name_after_a_verb_and_before_as_is_its_object_not_an_inverted_subject():
    text = "Rep. Mara Quell slams Varga, praises Pelk as 'a work horse, not a show horse.'\n\nMara Quell spoke on Friday.\n"
    assert one(text, "a work horse, not a show horse.").speaker == "Mara Quell"


def test_a_sentence_closing_attribution_makes_its_speaker_the_last_one():
    text = (
        "Title.\n\nJoining him was Robert Pelk, a party activist. Pelk joined Tomas Varga at every meeting.\n\n"
        "Varga electrified the small crowds with impassioned speeches and promises to shake things up, Pelk said.\n\n"
        '"He was very articulate," he said.\n'
    )
    assert one(text, "He was very articulate,").speaker == "Robert Pelk"


def test_a_person_introduced_as_named_is_a_person_and_another_is_nobody_named():
    text = (
        'Title.\n\nIn Monterrey, a worker named Antonio Pelk likes his job at the plant. "The atmosphere is relaxed," he said.\n\n'
        '"It is fine," one user wrote. Another said he hoped with his "whole heart" for a win.\n\n'
        'The Varga Train rolled into town on Monday.\n'
    )
    names = {p.name for p in find_quotes(text).people}
    assert "Antonio Pelk" in names
    assert "Another" not in names and "Varga Train" not in names
    assert one(text, "The atmosphere is relaxed,").speaker == "Antonio Pelk"


def test_a_news_agency_with_a_hyphenated_name_is_no_person():
    text = (
        "Title.\n\n"
        'A reporter for Agence France-Presse called it "absolute chaos." Tomas Varga spoke later.\n'
    )
    names = {p.name for p in find_quotes(text).people}
    assert "Agence France-Presse" not in names


def test_a_persons_campaign_opening_the_clause_is_the_participles_subject():
    text = 'Title.\n\n"We are fine," Mara Quell said.\n\nShortly after the call ended, Varga’s campaign sent out a press release saying Quell owes "the state an explanation."\n'
    assert one(text, "the state an explanation.").speaker == "Varga’s campaign"


def test_president_and_ceo_is_one_appositive_and_blared_and_vented_report_speech():
    text = (
        'Title.\n\nAnthony Pelk, president and CEO of the Harbour Restaurant Association stated, "It is not a political problem."\n\n'
        '"It is over," blared the Harbour Herald.\n\nFlying home, she vented to her husband, Tomas Quell, that it would be "incredibly ugly."\n'
    )
    assert one(text, "It is not a political problem.").speaker == "Anthony Pelk"
    assert one(text, "It is over,").speaker == "the Harbour Herald"
    assert one(text, "incredibly ugly.").cue == "vented"


def test_a_role_word_ends_the_description_before_a_verb():
    text = 'Title.\n\nTomas Varga is protesting the rules.\n\nThe GOP presidential candidate sent out an email to supporters inviting them to "win my engraved shotgun!"\n'
    assert one(text, "win my engraved shotgun!").speaker == "The GOP presidential candidate"


def test_a_progressive_speech_verb_reports_speech():
    text = 'Title.\n\nParty front-runner Tomas Varga is questioning whether the mayor attended the funeral.\n\nMara Quell is saying that the plan is "a disaster."\n'
    assert one(text, "whether the mayor attended the funeral", "indirect").speaker == "Tomas Varga"
    assert one(text, "a disaster.").speaker == "Mara Quell"


def test_a_plural_noun_of_saying_ending_a_sentence_is_not_a_cue():
    # "Varga emails" is a noun phrase here (no quotation near), so Varga never spoke and
    # "she" is the woman the next paragraph opens with
    text = (
        "Ostrand: No outside influence on the probe into Varga emails.\n\n"
        "WASHINGTON (AP) — Attorney General Lena Ostrand is reaffirming that the probe into Jon Varga’s server is free of outside influence.\n\n"
        "She told The Associated Press on Monday that the investigation is independent.\n"
    )
    found = quotes(text)
    told = [q for q in found if q.cue == "told"]
    assert told and told[0].speaker == "Lena Ostrand"
    assert all(q.cue != "emails" for q in found)
    # the verb after a quotation still is one
    assert [q.speaker for q in quotes('"We will win," Jon Varga tweets.')] == ["Jon Varga"]


def test_a_prepositional_phrase_between_the_name_and_the_verb_is_not_the_source():
    text = "The break was complete when Tomas Rielle in his announcement speech called the migrants “criminals” and promised a wall.\n"
    assert one(text, "criminals", "partial").speaker == "Tomas Rielle"


def test_a_name_made_an_adjective_is_no_one():
    text = 'Dara Holm offered a Vask-style retort on the rival’s favourite medium, tweeting at him, "you are not just a loser, you are a liar."\n'
    found = find_quotes(text)
    assert [q.speaker for q in found.quotes if q.kind == "direct"] == ["Dara Holm"]
    assert "Vask-style" not in {p.name for p in found.people}


def test_a_thing_called_by_a_quoted_name_is_not_speech():
    text = "Later on Sunday, Tomas Rielle shared the syllabus of a 2002 psychology class called “Perception” on his page, writing “Allow me to do the research for the reporter.”\n"
    q = one(text, "Allow me to do the research for the reporter.")
    assert q.speaker == "Tomas Rielle"
    assert all(q.speaker != "psychology class" for q in quotes(text))


@pytest.mark.parametrize("who", ["the boy", "the girl", "a protester", "one employee", "the farmer"])
def test_an_inverted_verb_takes_a_person_described_by_a_common_noun(who):
    text = f"“How big will that wall be?” asked {who}, who was wearing a red hat.\n"
    assert one(text, "How big will that wall be?").speaker == who



def test_a_noun_of_saying_after_a_preposition_is_not_a_cue():
    text = "The dispute centers on comments Dara Holm made on Tuesday. A flurry of tweets followed.\n"
    assert all(q.cue not in ("comments", "tweets") for q in quotes(text))


def test_a_participle_after_a_role_subject_goes_to_the_role():
    text = "The former secretary of state mocked Vask for calling himself the “king of debt,” noting the size of the debt.\n"
    assert one(text, "king of debt,").speaker == "The former secretary of state"
    text = "It was unclear whether Holm was ready. The Vermont senator emailed supporters saying: “The struggle continues” and vowing to go on.\n"
    assert one(text, "The struggle continues").speaker == "The Vermont senator"
    text = "The billionaire businessman began by talking about the drug crisis, saying that heroin is now “cheaper than getting candy.”\n"
    assert one(text, "cheaper than getting candy.").speaker == "The billionaire businessman"


def test_an_exclamation_in_capitals_right_after_a_speech_verb_is_speech_not_a_title():
    text = "Dara Holm spoke in Miami on Tuesday.\n\nShe declared “What a Super Tuesday!” and left the stage.\n"
    assert one(text, "What a Super Tuesday!").speaker == "Dara Holm"
    # a title after a verb that names it stays a title
    assert not quotes("Dara Holm called her tour “The Long Road Home” on Monday.\n", "partial")


def test_a_participle_goes_to_the_pronoun_subject_after_a_fronted_clause():
    text = (
        "Mr. Tomas Rielle took the stage after his daughter.\n\n“He will win,” Ms. Lena Oster said.\n\n"
        'And although he thanked the crowd for supporting him, he sounded a rare note of doubt, saying, "I am not sure I really deserve it."\n'
    )
    assert one(text, "I am not sure I really deserve it.").speaker == "Tomas Rielle"
    # the clause before the participle's subject is no reported speech
    assert not [q for q in quotes(text, "indirect") if "thanked" in q.text]


def test_a_sheriff_is_a_titled_person_and_one_of_after_a_name_marks_a_person():
    text = (
        "Earlier, Maricopa County Sheriff Jon Varga, one of the most polarizing figures in the debate, vouched for the plan.\n\n"
        'He said, "The wall will be built."\n'
    )
    assert "Jon Varga" in {p.name for p in find_quotes(text).people}
    assert one(text, "The wall will be built.").speaker == "Jon Varga"


def test_a_person_of_an_institute_named_with_for_or_on_is_the_source():
    text = '"It would be a stretch for them," Tomas Rielle of the James Varga Center for Maritime Studies wrote in December.\n\nBut, he noted, "it can be done."\n'
    assert [q.speaker for q in quotes(text, "direct")] == ["Tomas Rielle", "Tomas Rielle"]
    assert "Maritime Studies" not in {p.name for p in find_quotes(text).people}


def test_a_verb_inside_a_reported_clause_with_a_thing_as_subject_is_not_a_speaker():
    text = 'Dara Holm declared in a heated argument with Vask that any new deal under her watch would demand not just "intense scrutiny" but more.\n'
    assert one(text, "intense scrutiny").speaker == "Dara Holm"
    # a person inside the clause still speaks for themselves
    text = 'Dara Holm said that the spokesman later called the plan "a mess."\n'
    assert one(text, "a mess.").speaker == "the spokesman"


@pytest.mark.parametrize("name", ["Ai Jun", "Teresa May"])
def test_a_name_that_is_also_a_month_is_a_source(name):
    text = f'"We have had enough of it," {name} said.\n'
    assert one(text, "We have had enough of it,").speaker == name
    # the month itself is no one
    assert not [q for q in quotes(f'"We have had enough of it," the paper wrote on {name.split()[-1]} 5.\n') if q.speaker and q.speaker.endswith(name.split()[-1])]


def test_a_surname_that_is_also_a_modal_is_the_source_before_a_past_verb():
    text = 'The columnist Tomas Will has a message for voters.\n\n"The war is a reminder," Will wrote.\n'
    assert one(text, "The war is a reminder,").speaker == "Tomas Will"
    # the modal before a verb's base form stays a modal: no one named "Will"
    assert all(q.speaker != "Will" for q in quotes('"It is over," they said. Will say that again?\n'))


@pytest.mark.parametrize("org", ["Judicial Watch", "Human Rights Watch"])
def test_an_organisation_ending_in_a_common_word_is_a_source(org):
    assert one(f'"The emails must be released," {org} said in a statement.\n', "The emails must be released,").speaker == org


def test_a_common_word_after_a_given_name_is_a_surname():
    text = 'In a call with analysts, the chief executive Ian Read said leaders had paid attention.\n\n"We are not going to leave," Read said.\n'
    assert "Ian Read" in {p.name for p in find_quotes(text).people}
    assert one(text, "We are not going to leave,").speaker == "Ian Read"
    # the boilerplate line stays no one's
    assert "Read More" not in {p.name for p in find_quotes("Read More about it.\n\nJane Roe spoke.\n").people}


def test_two_roles_joined_by_and_before_the_name_and_a_comma_subject_right_after_the_comma():
    text = "Former prosecutor and New York City Mayor Tomas Rielle, who backs Vask, trashed Dara Holm on TV, calling it a “no-brainer” to prosecute.\n"
    assert one(text, "no-brainer").speaker == "Tomas Rielle"


def test_a_relative_clause_after_the_comma_is_not_a_closing_attribution():
    text = 'The front-runner complained that the contest had been "rigged" against him, a charge that party leaders strongly denied.\n'
    found = quotes(text, "indirect")
    assert not [q for q in found if q.cue == "denied" and "complained" in q.text]
    assert one(text, "rigged").speaker == "The front-runner"


def test_the_language_a_quote_is_in_is_not_its_source():
    text = 'At a conference in Aspen, the graduate ended her speech by quoting an old master in Italian: "Ogni impedimento e distruzione."\n'
    assert all(q.speaker != "Italian" for q in quotes(text))
    assert "Italian" not in {p.name for p in find_quotes(text).people}


def test_a_quote_paragraph_after_a_paragraph_reporting_a_person_goes_to_that_person():
    text = 'Tomas Rielle said that for decades some critics had been predicting a withdrawal from the region.\n\n"That is because this region matters to us."\n'
    assert one(text, "That is because this region matters to us.").speaker == "Tomas Rielle"
    # the report keeps its own reported clause
    assert [q.speaker for q in quotes(text, "indirect")] == ["Tomas Rielle"]
    # past a verb inside the reported clause
    text = "Doug Vask elaborated in an editorial that superdelegates currently pledged to Holm may reconsider.\n\n“A win in the state would underscore her weakness.”\n"
    assert one(text, "A win in the state would underscore her weakness.").speaker == "Doug Vask"
    # a report that ends two paragraphs up does not reach it
    text = 'Tomas Rielle said that for decades some critics had been predicting a withdrawal.\n\nThe region was calm.\n\n"That is because this region matters to us."\n'
    assert one(text, "That is because this region matters to us.").speaker is None


def test_that_before_the_source_is_the_conjunction_not_part_of_it():
    text = 'Dara Holm acknowledged the slip but noted that experts say the plan "would still work."\n'
    assert one(text, "would still work.").speaker in ("experts", "Dara Holm")
    assert all(not (q.speaker or "").startswith("that ") for q in quotes(text))


def test_a_name_set_off_after_a_noun_for_a_person_is_a_person():
    text = (
        "At the barn, Tomas Rielle drew one of his smaller crowds. One local woman, Karen Ostby, pulled the congressman aside.\n\n"
        "“I’m so glad you came,” she told him.\n"
    )
    assert "Karen Ostby" in {p.name for p in find_quotes(text).people}
    assert one(text, "I’m so glad you came,").speaker == "Karen Ostby"


def test_an_apostrophe_in_the_paragraph_before_does_not_stop_it_introducing_the_quote():
    text = "In a release this month, the committee said about its praise of Holm’s plan in the latest draft:\n\n\"The platform goes further than before.\"\n"
    assert one(text, "The platform goes further than before.").speaker == "the committee"
    text = "Dara Holm, star of the show, spoke on Monday.\n\nHolm praised the governor’s leadership after the storm and his ability to get things done.\n\n“We need someone who can bring people together.”\n"
    assert one(text, "We need someone who can bring people together.").speaker == "Dara Holm"


def test_the_owner_of_an_answer_is_the_speaker_of_the_fragment():
    text = "The Ohio senator’s answer was that “the most important institution is the family,” so the state should help.\n"
    assert one(text, "the most important institution is the family,").speaker == "The Ohio senator"


def test_a_name_with_decomposed_accents_is_read_whole():
    # "José García" written with combining accents (as macOS and some editors save it)
    text = 'Headline\n\n"We will win," said Jose\u0301 Garci\u0301a, the mayor.\n\n"It is done," Garci\u0301a added.\n'
    qs = quotes(text)
    assert [q.speaker for q in qs] == ["Jose\u0301 Garci\u0301a", "Jose\u0301 Garci\u0301a"]
    assert all(q.text == text[q.start : q.end] for q in qs)
    person = next(p for p in find_quotes(text).people if p.name == "Jose\u0301 Garci\u0301a")
    assert [text[s:e] for s, e in person.mentions] == ["Jose\u0301 Garci\u0301a", "Garci\u0301a"]


def test_a_name_in_utf8_read_as_latin1_is_read_whole():
    # "Ramón Peña Ortiz" after a wrong decoding, composed and decomposed
    for pena in ("Pe\u00c3\u00b1a", "PeA\u0303\u00b1a"):
        text = f'Headline\n\nPresident Ram\u00c3\u00b3n {pena} Ortiz urged the leaders not to "choose the road toward isolation."\n'
        assert one(text, "choose the road toward isolation.").speaker == f"Ram\u00c3\u00b3n {pena} Ortiz"


def test_stand_in_letters_never_clash_with_the_article_own_letters():
    # the engine reads joining characters as letters it picks from those the text does not use
    from annotations.quotes import _joined_letters

    text = 'Headline\n\n"Ok," said Jose\u0301 Ruiz of the \u10d0\u10d1 club. "\u10d0\u10d1\u10d2," he added.\n'
    work, back = _joined_letters(text)
    assert len(work) == len(text) and work.translate(back) == text
    stand_ins = {chr(k) for k in back}
    assert stand_ins and not stand_ins & set(text)
    qs = quotes(text)
    assert [q.text for q in qs] == ["Ok,", "\u10d0\u10d1\u10d2,"]
    assert {q.speaker for q in qs} == {"Jose\u0301 Ruiz"}


def test_state_after_a_closed_quotation_is_the_verb_of_its_attribution():
    text = 'Headline\n\n"The plan has worked for a decade," the ministers state in the paper, which was shared on Monday.\n'
    assert one(text, "The plan has worked for a decade,").speaker == "the ministers"
    # elsewhere "state" is the noun: no cue, no source
    text = 'Headline\n\nThe Roe campaign said the swing state "was never in play." Officials in New York state "lead the nation," reports say.\n'
    assert one(text, "was never in play.").speaker == "The Roe campaign"
    assert one(text, "lead the nation,").speaker == "reports"
    assert all(q.cue != "state" for q in quotes(text))


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("A source close to Mr. Dorrit said the merger is off.", "A source close to Mr. Dorrit"),
        ("People familiar with the talks said the merger is off.", "People familiar with the talks"),
        ("Officials with direct knowledge of the plan say the merger is off.", "Officials with direct knowledge of the plan"),
        ("Two senior aides briefed on the talks have said the merger is off.", "Two senior aides briefed on the talks"),
        ("The merger is off, a person close to the family said.", "a person close to the family"),
    ],
)
def test_a_source_close_to_someone_is_the_whole_description_not_the_name_inside(text, speaker):
    # the person a source is close to is not the one speaking: "Dorrit" would be a guess
    assert [q.speaker for q in quotes(text, "indirect")] == [speaker]


def test_a_source_close_to_someone_gives_a_direct_quotation_to_the_description():
    text = "Headline\n\nAnother source familiar with Vell’s thinking said, “I think he will try.”\n"
    assert one(text, "I think he will try.", "direct").speaker == "Another source familiar with Vell’s thinking"
    # an appositive naming the speaker is still the speaker
    text = "Headline\n\nJana Vell, who is close to the family, said the merger is off.\n"
    assert one(text, "the merger is off", "indirect").speaker == "Jana Vell"


@pytest.mark.parametrize("mark", ["'", "’"])
def test_the_possessive_of_a_name_ending_in_s_belongs_to_the_source(mark):
    text = f"Headline\n\nHalvorsens{mark} team said the committee skirts the limits on donations.\n"
    assert one(text, "the committee skirts the limits on donations", "indirect").speaker == f"Halvorsens{mark} team"


def test_a_reported_clause_opening_with_an_aside_starts_after_the_comma_behind_that():
    text = "Headline\n\nOfficials said that, during that period, the firm was also steering the work.\n"
    assert [q.text for q in quotes(text, "indirect")] == ["during that period, the firm was also steering the work"]


def test_a_plural_title_before_coordinated_names_is_stripped():
    text = 'Headline\n\nReps. Lana Colby (R-N.Y.) and Dev Hale (R-Calif.) endorsed him. "He has the guts," Colby said.\n'
    assert one(text, "He has the guts,", "direct").speaker == "Lana Colby"


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Headline\n\nThe family said the merger is off.\n", "The family"),
        ("Headline\n\nThe merger is off, his family said.\n", "his family"),
        ('Headline\n\n"It is off," the assembly said.\n', "the assembly"),
        ("Headline\n\nDana Roe publicly said the merger is off.\n", "Dana Roe"),
    ],
)
def test_a_noun_in_ly_is_a_source_not_an_adverb(text, speaker):
    assert {q.speaker for q in quotes(text)} == {speaker}


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Headline\n\nA spokesman for Dana Roe said the merger is off.\n", "A spokesman for Dana Roe"),
        ("Headline\n\nThe wife of Dana Roe said the merger is off.\n", "The wife of Dana Roe"),
        ("Headline\n\nThe merger is off, an aide to Gov. Dana Roe said.\n", "an aide to Gov. Dana Roe"),
        ('Headline\n\n"It is off," said a spokeswoman for Dana Roe.\n', "a spokeswoman for Dana Roe"),
        ("Headline\n\nThe merger is off, one of the prosecutors said.\n", "one of the prosecutors"),
        # a title with "of" is still a title, and a frame is no source
        ("Headline\n\nFormer secretary of state Dana Roe said the merger is off.\n", "Dana Roe"),
    ],
)
def test_someone_for_a_person_speaks_not_the_person(text, speaker):
    assert {q.speaker for q in quotes(text)} == {speaker}


def test_a_quotation_after_a_verb_and_that_is_that_speaker_s_even_before_another_attribution():
    text = (
        'Headline\n\nBut even as Dana Roe claimed on Tuesday that "Lee got off lightly," one of the former '
        "prosecutors for Tom Lee said the two cases were quite different.\n"
    )
    assert one(text, "Lee got off lightly,", "partial").speaker == "Dana Roe"
    assert one(text, "the two cases were quite different", "indirect").speaker == "one of the former prosecutors for Tom Lee"


def test_according_to_after_a_quotation_closing_on_its_comma_reports_the_whole_clause():
    text = 'Headline\n\nDana Roe wrote to the firm, threatening "a major lawsuit," according to a copy of the letter.\n'
    q = one(text, 'Dana Roe wrote to the firm, threatening "a major lawsuit,"', "indirect")
    assert (q.speaker, q.cue) == ("a copy of the letter", "according to")


def test_the_person_a_spokesman_speaks_for_is_still_listed_among_the_people():
    result = find_quotes("Headline\n\nA spokesman for Dana Roe said the merger is off.\n")
    assert [q.speaker for q in result.quotes] == ["A spokesman for Dana Roe"]
    assert "Dana Roe" in [p.name for p in result.people]


def test_an_inverted_description_keeps_the_stop_of_an_abbreviation_and_a_short_name_whole():
    text = 'Headline\n\n"Yes," said a lawyer for the U.S.\n\n"No," said an aide to Tom Lee.\n'
    assert [q.speaker for q in quotes(text)] == ["a lawyer for the U.S.", "an aide to Tom Lee"]


def test_talks_as_a_noun_makes_no_speaker_of_the_word_before_it():
    result = find_quotes('Budget talks collapse\n\nDana Roe left early. Roe talks about it often: "It is fine."\n')
    assert [p.name for p in result.people] == ["Dana Roe"]
    assert one('Headline\n\nDana Roe left early. Roe talks about it often: "It is fine."\n', "It is fine.").speaker == "Dana Roe"


@pytest.mark.parametrize(
    "text, speaker, cue",
    [
        ('Tomas Rielle spoke first. "Let me finish the sentence," Dana Vorst shot back.', "Dana Vorst", "shot back"),
        ('"It is a fraud and they know it," Vorst points out.', "Vorst", "points out"),
        ('"Help us get out of here," the crowd cried out.', "the crowd", "cried out"),
        ('"We are done with this town," Dana Vorst went on.', "Dana Vorst", "went on"),
        ('"You have called the voters fools," Kell charged in her question.', "Kell", "charged"),
        ('Dana Vorst fired back: "The levy was never legal."', "Dana Vorst", "fired back"),
    ],
)
def test_phrasal_and_charged_verbs_beside_a_quotation_are_speech(text, speaker, cue):
    q = quotes(text, "direct")[0]
    assert (q.speaker, q.cue) == (speaker, cue)


def test_phrasal_verbs_need_their_particle_and_a_quotation_beside_them():
    assert quotes('Dana Vorst charged that the levy "was never legal" in court.')[0].speaker == "Dana Vorst"
    # "went on to work", "the debate went on", "charged with": no one speaking
    text = 'Dana Vorst, who went on to work for the mayor, left. "The port is full of old ships today."'
    assert one(text, "The port is full of old ships today.").speaker is None
    text = 'Tom Varga spoke. Later the long debate about the harbour went on. "The port is full of old ships."'
    assert one(text, "The port is full of old ships.").speaker is None
    text = 'Police charged Dana Vorst with fraud. "The case is a long one," the chief said.'
    assert one(text, "The case is a long one,").speaker == "the chief"
    assert quotes("Police charged Dana Vorst with fraud and she went on trial.") == []


def test_a_modal_between_a_name_and_its_verb_of_saying_is_skipped():
    text = 'The timing was odd, so a spokesman for Dana Vorst could only quip: "I guess the hall was booked."'
    assert one(text, "I guess the hall was booked.").speaker == "a spokesman for Dana Vorst"
    assert quotes("Tomas Rielle may have said that the levy was dead.", "indirect")[0].speaker == "Tomas Rielle"
    # a name and a modal before a verb of belief guess at someone: no cue there
    text = (
        'Audiences can expect him to play with "a little more recklessness than they know."\n\n'
        '"It is straight from the heart," Tomas Rielle said.'
    )
    assert one(text, "a little more recklessness than they know.").cue != "expect"
    assert one(text, "It is straight from the heart,").speaker == "Tomas Rielle"


@pytest.mark.parametrize(
    "text",
    [
        "Dana Vorst and Tomas Rielle said the levy was dead.",
        '"The levy is dead," Dana Vorst and Tomas Rielle said.',
    ],
)
def test_coordinated_names_before_a_verb_of_saying_speak_together(text):
    q = quotes(text)[0]
    assert q.speaker == "Dana Vorst and Tomas Rielle"
    assert {p.name for p in find_quotes(text).people} == {"Dana Vorst", "Tomas Rielle"}


def test_a_plural_title_and_three_coordinated_names_are_one_speaker():
    text = "Sens. Dana Vorst, Ann Pelle and Tomas Rielle told reporters the levy was dead."
    assert quotes(text, "indirect")[0].speaker == "Dana Vorst, Ann Pelle and Tomas Rielle"


def test_a_name_joined_to_an_object_is_not_a_co_speaker():
    text = "Voters met Dana Vorst and Tomas Rielle said the levy was dead."
    assert quotes(text, "indirect")[0].speaker == "Tomas Rielle"


def test_a_pronoun_after_joint_speakers_is_the_member_it_fits():
    text = (
        'Mary Vorst and Tomas Rielle said the levy was dead. "It is over," he said. '
        '"It was never fair," she said.'
    )
    assert one(text, "It is over,").speaker == "Tomas Rielle"
    assert one(text, "It was never fair,").speaker == "Mary Vorst"


def test_a_participle_after_a_quotation_closed_by_two_single_marks_keeps_the_speaker():
    text = (
        "Ms. Mary Vorst was shoved. She said she was thinking, ''This cannot be happening,'' "
        "adding, ''I had no way to put names to my feelings.''"
    )
    assert one(text, "I had no way to put names to my feelings.").speaker == "Mary Vorst"


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Mary Vorst's long-time aide said the levy was dead.", "Mary Vorst's long-time aide"),
        ("A well-known local activist said the levy was dead.", "A well-known local activist"),
        ("Later, Mary Vorst's aide said the levy was dead.", "Mary Vorst's aide"),
        ("The White House's spokesman said the levy was dead.", "White House's spokesman"),
    ],
)
def test_a_description_keeps_its_hyphenated_modifiers_and_the_whole_name_that_owns_it(text, speaker):
    assert quotes(text, "indirect")[0].speaker == speaker


def test_the_person_whose_aide_speaks_is_among_the_people_but_an_organisation_is_not():
    assert [p.name for p in find_quotes("Mary Vorst's long-time aide said the levy was dead.").people] == ["Mary Vorst"]
    assert find_quotes("Harbour Trust's spokesman said the levy was dead.").people == []


@pytest.mark.parametrize(
    "text, clause",
    [
        (
            "Mary Vorst said she has no plans to change her vote and would not name any single issue that could sway her.",
            "she has no plans to change her vote and would not name any single issue that could sway her",
        ),
        ("Mary Vorst said she was too busy to look for evidence that would back it up.", "she was too busy to look for evidence that would back it up"),
        ("Mary Vorst told reporters on Tuesday that the vote would wait.", "the vote would wait"),
        ("Mary Vorst said the plan was dead and that the vote would wait.", "the vote would wait"),
    ],
)
def test_a_relative_that_inside_the_reported_clause_does_not_start_it(text, clause):
    assert quotes(text, "indirect")[0].text == clause


@pytest.mark.parametrize(
    "text, clauses",
    [
        ("The levy would ruin the harbour, said Lena Okafor, a marine economist.", ["The levy would ruin the harbour"]),
        ("The levy would ruin the harbour, said Lena Okafor, director of the Coastal Institute.", ["The levy would ruin the harbour"]),
        (
            "The levy, said Lena Okafor, an economist at the institute, would ruin the harbour.",
            ["The levy", "would ruin the harbour"],
        ),
        ("The levy, said Lena Okafor, is a disaster for the harbour.", ["The levy", "is a disaster for the harbour"]),
    ],
)
def test_the_apposition_after_an_inverted_speaker_is_not_a_second_quote(text, clauses):
    found = quotes(text, "indirect")
    assert [q.text for q in found] == clauses
    assert {q.speaker for q in found} == {"Lena Okafor"}


@pytest.mark.parametrize(
    "text",
    [
        "The levy would hurt the port before the vote, forcing the council to delay the budget, said Lena Okafor.",
        "The levy would hurt the port before the vote, forcing the council to delay the budget, said Lena Okafor, a marine economist.",
    ],
)
def test_a_name_after_the_verb_that_ends_the_sentence_speaks_even_after_a_participle_phrase(text):
    (q,) = quotes(text, "indirect")
    assert q.speaker == "Lena Okafor"
    assert q.text.startswith("The levy would hurt the port before the vote, forcing the council")


def test_a_forward_subject_with_an_aside_still_reports_a_clause_about_the_name_after_the_verb():
    (q,) = quotes("The senator, speaking at a rally, said Lena Okafor was wrong.", "indirect")
    assert q.speaker == "The senator" and q.text == "Lena Okafor was wrong"


@pytest.mark.parametrize(
    "role", ["master of ceremonies", "director of communications", "head of research"]
)
def test_a_role_with_of_before_an_inverted_name_is_stripped(role):
    (q,) = quotes(f'"We are ready," said {role} Lena Okafor, a retired engineer.', "direct")
    assert q.speaker == "Lena Okafor"


def test_an_unnamed_role_keeps_its_of_phrase():
    (q,) = quotes('"We are ready," said the master of ceremonies.', "direct")
    assert q.speaker == "the master of ceremonies"


@pytest.mark.parametrize(
    "text, speaker, kind",
    [
        ('"We must engage them," wrote the authors of the “Harbour Renewal Plan,” citing the census.', "the authors of the “Harbour Renewal Plan”", "direct"),
        ('"We must engage them," wrote the authors of the “Harbour Renewal Plan” report.', "the authors of the “Harbour Renewal Plan” report", "direct"),
        ('The levy would cost $2 million a year, according to the "Harbour Renewal" document she released.', 'the "Harbour Renewal" document', "indirect"),
    ],
)
def test_a_source_phrase_runs_through_a_quoted_title_after_its_determiner(text, speaker, kind):
    (q,) = quotes(text, kind)
    assert q.speaker == speaker


@pytest.mark.parametrize(
    "text, speaker, clause",
    [
        ("Many said that the levy was unfair.", "Many", "the levy was unfair"),
        ("Some said the levy was unfair.", "Some", "the levy was unfair"),
        ("Even the organizer of a pro-harbour rally said the levy was unfair.", "the organizer of a pro-harbour rally", "the levy was unfair"),
        ("The new rules, which officials said will start in May, cover every port.", "officials", "will start in May"),
        ("Lena Okafor said each year of schooling adds to a worker's pay.", "Lena Okafor", "each year of schooling adds to a worker's pay"),
    ],
)
def test_group_quantifiers_hyphenated_modifiers_and_relative_subjects_as_sources(text, speaker, clause):
    (q,) = quotes(text, "indirect")
    assert (q.speaker, q.text) == (speaker, clause)


def test_a_quantifier_before_a_plural_noun_is_still_no_speaker():
    assert quotes("There were many calls for calm and several reports of looting.", "indirect") == []


@pytest.mark.parametrize(
    "text",
    [
        "The levy would worsen, not ease, what Lena Okafor said in May was a ''poisonous climate for the port.''",
        "Instead, Tom Lee backed the harbour plan, whom he describes as having ''a sailor's patience.''",
    ],
)
def test_a_relative_what_or_whom_clause_reports_no_clause_before_its_comma(text):
    assert quotes(text, "indirect") == []
    assert len(quotes(text, "partial")) == 1


@pytest.mark.parametrize(
    "text, clauses",
    [
        ("Fundraising, according to the campaign, has surged in the same period.", ["Fundraising", "has surged in the same period"]),
        (
            "The council has cut the harbour budget and, according to officials, adopted a new plan for the port.",
            ["The council has cut the harbour budget and", "adopted a new plan for the port"],
        ),
        ("In addition, according to the department, nine million more workers will be protected.", ["nine million more workers will be protected"]),
        ("Okafor leads the race 46 percent to 39 percent according to a harbour poll released Monday.", ["Okafor leads the race 46 percent to 39 percent"]),
        ("The levy passed easily, according to Lena Okafor, director of the Coastal Institute.", ["The levy passed easily"]),
        ("The levy passed easily, according to Lena Okafor, whom the council hired in May.", ["The levy passed easily"]),
    ],
)
def test_according_to_as_an_aside_reports_the_clause_on_both_sides(text, clauses):
    assert [q.text for q in quotes(text, "indirect")] == clauses


@pytest.mark.parametrize(
    "text, speakers",
    [
        ("The billionaire real estate magnate says the levy will ruin the port.", ["The billionaire real estate magnate"]),
        ("The former reality TV star says the levy will ruin the port.", ["The former reality TV star"]),
        (
            "While one survey says the levy is popular, another says most voters oppose it.",
            ["one survey", "another"],
        ),
    ],
)
def test_people_described_by_trade_or_fame_and_another_are_sources(text, speakers):
    assert [q.speaker for q in quotes(text, "indirect")] == speakers


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Cutting the budget too soon, a wide array of economists say, slowed the harbour's recovery.", "a wide array of economists"),
        ("A handful of aides say the levy will pass.", "A handful of aides"),
        ("The vote is in the port district, where local party leaders say the levy is popular.", "local party leaders"),
        ("The harbour officials whose rules were struck down say the court went too far.", "The harbour officials"),
        ("The skipper whose lawyers say the levy is unlawful has sued.", "lawyers"),
    ],
)
def test_collective_and_relative_sources(text, speaker):
    assert [q.speaker for q in quotes(text, "indirect")][:1] == [speaker]


@pytest.mark.parametrize(
    "text, speaker, clause",
    [
        ("This is not about the harbour, Lena Okafor said.", "Lena Okafor", "This is not about the harbour"),
        ("This week, Lena Okafor said the levy was dead.", "Lena Okafor", "the levy was dead"),
        ("Support is strong among dockers, teachers and union officials told the Gazette.", "teachers and union officials", "Support is strong among dockers"),
        ("Fishermen and harbour officials say the levy came too late.", "Fishermen and harbour officials", "the levy came too late"),
    ],
)
def test_a_clause_opening_with_this_and_a_coordinated_group_as_source(text, speaker, clause):
    (q,) = quotes(text, "indirect")
    assert (q.speaker, q.text) == (speaker, clause)


def test_a_share_of_support_is_a_noun_but_a_share_that_supports_is_a_verb():
    assert quotes("She was at 67 percent support among harbour voters.", "indirect") == []
    assert [q.speaker for q in quotes("Ten percent support the levy.", "indirect")] == ["Ten percent"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Lena Okafor said the vote was close.\n\nOkafor reported from Harbourton.", [("Lena Okafor", "the vote was close")]),
        ("A news report published Wednesday said the levy was dead.", [("A news report", "the levy was dead")]),
        ("Tom Lee said the AP report is misleading.", [("Tom Lee", "the AP report is misleading")]),
        ("Tom Lee said an 800-page report was due.", [("Tom Lee", "an 800-page report was due")]),
        ("Reporters from the Gazette reported from Harbourton that the vote was close.", [("Gazette", "the vote was close")]),
    ],
)
def test_a_byline_and_a_report_named_by_its_modifiers_are_not_reports(text, expected):
    assert [(q.speaker, q.text) for q in quotes(text, "indirect")] == expected


@pytest.mark.parametrize(
    "text",
    [
        "One former clerk, speaking on condition of anonymity because of a contract, said the port was broke.",
        "A harbour official, who spoke on the condition of anonymity, said the port was broke.",
        "Tom Lee, who spoke on behalf of Lena Okafor at the rally, said the port was broke.",
    ],
)
def test_speaking_on_condition_of_anonymity_is_not_what_was_said(text):
    assert [q.text for q in quotes(text, "indirect")] == ["the port was broke"]


@pytest.mark.parametrize("dateline", ["PORTVILLE — ", "PORTVILLE (AP) -- ", "PORTVILLE, Maine — "])
def test_joint_speakers_after_a_dateline(dateline):
    (q,) = quotes(dateline + "Dana Roe and Tom Lee said on Monday that the levy would be dropped.", "indirect")
    assert q.speaker == "Dana Roe and Tom Lee"


TRANSCRIPT = """Transcript of the interview:

JANE ROE: Tom Lee released a plan on Friday. Take a look.

LEE: Well, I think the whole harbour needs to work together.

ROE: Do you think the levy will pass?

VIDEO: A crowd cheers on the quay.

Tom Lee is the mayor of Portville.
"""


def test_the_turns_of_a_transcript_are_speech_by_their_labels():
    turns = [(q.speaker, q.text) for q in quotes(TRANSCRIPT, "indirect") if q.cue == ":"]
    assert turns == [
        ("Jane Roe", "Tom Lee released a plan on Friday. Take a look."),
        ("Tom Lee", "Well, I think the whole harbour needs to work together."),
        ("Jane Roe", "Do you think the levy will pass?"),
    ]
    # "I think" inside Lee's turn is Lee's, not the writer's
    assert {q.speaker for q in quotes(TRANSCRIPT, "indirect") if q.cue == "think"} == {"Tom Lee"}


def test_a_headline_with_a_speakers_label_is_their_statement_but_a_label_in_prose_is_not():
    text = "Tom Lee: The levy is not set in stone.\n\nPortville mayor Tom Lee says parts of the levy could change.\n\nBottom line: Lee won the vote easily."
    assert [(q.speaker, q.text) for q in quotes(text, "indirect") if q.cue == ":"] == [("Tom Lee", "The levy is not set in stone.")]


def test_answer_turns_have_no_named_speaker_and_question_turns_are_not_annotated():
    text = "Q: Did the levy pass?\nA: It passed on Monday after a long debate.\nQ: Will it last?\nA: Nobody knows yet."
    found = [(q.speaker, q.text) for q in quotes(text, "indirect") if q.cue == ":"]
    assert found == [(None, "It passed on Monday after a long debate."), (None, "Nobody knows yet.")]


def test_a_time_then_a_place_after_the_verb_closes_the_sentence_attribution():
    text = "The levy was dead long before the vote, Lena Okafor said Wednesday morning on Harbour Radio."
    assert [q.text for q in quotes(text, "indirect")] == ["The levy was dead long before the vote"]
    text = "Lena Okafor told reporters this was the only chance to pass the levy."
    assert [q.text for q in quotes(text, "indirect")] == ["this was the only chance to pass the levy"]


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Several supporters of reform said the levy should go.", "Several supporters of reform"),
        ("The former secretary of state said the levy should go.", "The former secretary of state"),
        ("The leaders of the union said the strike was over.", "The leaders of the union"),
    ],
)
def test_a_source_noun_keeps_its_of_phrase(text, speaker):
    assert quotes(text, "indirect")[0].speaker == speaker


def test_a_role_as_a_predicate_is_no_subject():
    text = "The hacker who exposed her while she was secretary of state pleaded guilty, admitting that he had lied."
    assert {q.speaker for q in quotes(text, "indirect")} == {"The hacker"}


@pytest.mark.parametrize(
    "text, clause",
    [
        ("The budget office said about half of the cuts fell on the harbour.", "about half of the cuts fell on the harbour"),
        ("The budget office said about 40 percent of the boats had left.", "about 40 percent of the boats had left"),
    ],
)
def test_an_approximation_after_the_verb_opens_the_clause(text, clause):
    assert [q.text for q in quotes(text, "indirect")] == [clause]


def test_about_a_topic_is_still_what_was_spoken_about():
    assert [q.text for q in quotes("Lena Okafor spoke about a plan to cut the levy.", "indirect")] == ["a plan to cut the levy"]
    assert quotes("Lena Okafor said about the levy.", "indirect") == []


def test_a_fragment_inside_a_reported_clause_is_its_sources():
    text = "The harbour levy, according to the budget office, is ''mainly a burden on the port.''"
    (p,) = quotes(text, "partial")
    assert p.speaker == "the budget office" and p.cue == "according to"


@pytest.mark.parametrize(
    "text",
    [
        "Tom Lee called Okafor earlier this month to learn more about the levy.",
        "Tom Lee called her at one point and repeated the threat.",
        "Tom Lee called Okafor at home on Sunday.",
    ],
)
def test_a_phone_call_is_not_what_was_said(text):
    assert [q for q in quotes(text, "indirect") if q.cue == "called"] == []


def test_calling_someone_something_still_reports_it():
    assert [(q.speaker, q.text) for q in quotes("Tom Lee called her reckless.", "indirect")] == [("Tom Lee", "her reckless")]


@pytest.mark.parametrize(
    "text",
    [
        "Most of the money bought copies of a book written by the chairman of the harbour trust.",
        "The proposal was jointly written by two delegates from Portville.",
        "The gun still bears the case number written on it in silver marker.",
    ],
)
def test_written_as_a_passive_participle_reports_nothing(text):
    assert [q for q in quotes(text, "indirect") if q.cue == "written"] == []


def test_has_written_that_still_reports():
    assert [(q.speaker, q.text) for q in quotes("Lena Okafor has written that the levy is dead.", "indirect")] == [("Lena Okafor", "the levy is dead")]


@pytest.mark.parametrize(
    "text, speaker",
    [
        ('Lena Okafor spoke. "There is no path for the levy," said one of those advisers, who spoke on condition of anonymity.', "one of those advisers"),
        ('"It was awful," said one of two witnesses who saw the vote.', "one of two witnesses"),
        ('"It was awful," said one of the organizers.', "one of the organizers"),
    ],
)
def test_a_member_of_a_group_after_the_verb_is_the_speaker(text, speaker):
    assert quotes(text, "direct")[0].speaker == speaker


def test_a_people_is_not_a_person():
    text = "Eva Roe and Gloria Lee, African American women, remember the struggle. Many Muslim Americans said they were afraid."
    result = find_quotes(text)
    assert [p.name for p in result.people] == ["Eva Roe", "Gloria Lee"]
    assert [q.speaker for q in result.quotes if q.cue == "said"] == ["Muslim Americans"]


def test_a_quote_after_a_short_aside_about_the_speaker_is_still_hers():
    text = '"I am calling from the harbour campaign," Lena Okafor said into the phone.\n\nShe pauses.\n\n"Well, thank you so much."\n\nOkafor laughs.\n\n"Well, you do that! The port will appreciate it."\n\nGetty.\n\n"We will see," a dock worker said.'
    assert [q.speaker for q in quotes(text, "direct")] == ["Lena Okafor"] * 3 + ["a dock worker"]


def test_a_quote_after_a_paragraph_of_narrative_is_not_continued():
    text = '"I am calling from the harbour campaign," Lena Okafor said.\n\nAcross town, the council met on Monday to discuss the levy.\n\n"Well, thank you so much."'
    assert [q.speaker for q in quotes(text, "direct")][1:] == [None]


def test_a_possessive_inside_a_description_keeps_its_noun():
    text = "''The port will pay,'' noted a report for the council on Portville's harbour finances by the Coastal Institute."
    assert quotes(text, "direct")[0].speaker == "a report for the council on Portville's harbour finances"


def test_a_report_named_by_a_long_run_of_names_is_a_noun():
    text = 'A 2014 Portville Harbour Trust report found "no evidence of a leak."'
    assert {q.cue for q in quotes(text)} == {"found"}


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("A new harbour poll released Friday found that most voters back the levy.", "A new harbour poll"),
        ("A State Department inspector general's report issued this year found that the levy was unlawful.", "State Department inspector general's report"),
    ],
)
def test_a_participle_after_the_source_noun_is_not_its_head(text, speaker):
    assert quotes(text, "indirect")[0].speaker == speaker


def test_a_fragment_right_after_a_report_goes_on_with_its_speaker():
    text = 'Lena Okafor has argued that the levy was crippled from the outset. As a result, there is still "a harbour that can charge whatever."'
    (p,) = quotes(text, "partial")
    assert p.speaker == "Lena Okafor" and p.confidence == 0.3
    text = 'Lena Okafor has argued that the levy was crippled. The council met. As a result, there is still "a harbour that can charge whatever."'
    assert quotes(text, "partial")[0].speaker is None


@pytest.mark.parametrize(
    "text, clause",
    [
        ("Lena Okafor described the levy as a tax on fishermen.", "the levy as a tax on fishermen"),
        ("Lena Okafor dismissed the plan as a stunt, and left the hall.", "the plan as a stunt"),
    ],
)
def test_what_something_is_called_goes_with_it(text, clause):
    assert [q.text for q in quotes(text, "indirect")] == [clause]


def test_a_report_ends_before_the_relative_that_opens_the_next():
    text = 'Lena Okafor said boats were sent with the marchers, whom she described as "peaceful," for the whole route.'
    assert quotes(text, "indirect")[0].text == "boats were sent with the marchers"


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Regardless, the harbour board said the levy was dead.", "the harbour board"),
        ("Similarly, Tom Lee, a former mayor, said he could not back the levy.", "Tom Lee"),
    ],
)
def test_a_sentence_adverb_is_never_a_speaker(text, speaker):
    assert quotes(text, "indirect")[0].speaker == speaker


def test_a_joined_verb_takes_the_subject_of_its_own_clause():
    text = "Some in the crowd booed, and when Tom Lee thanked the port and said it was great to be home, a man yelled “Stay there!”"
    assert [(q.speaker, q.text) for q in quotes(text, "indirect") if q.cue == "said"] == [("Tom Lee", "it was great to be home")]


def test_a_noun_after_a_progressive_participle_is_no_verb():
    text = "Lena Okafor has been criticizing the levy, and it’s sparking fears among fishermen that the port will close."
    assert [q for q in quotes(text, "indirect") if q.cue == "fears"] == []
    assert [q.speaker for q in quotes("Another ranking says the port is the busiest.", "indirect")] == ["Another ranking"]


@pytest.mark.parametrize(
    "text, clause",
    [
        ("PORTVILLE — The levy is dead, Tom Lee said.", "The levy is dead"),
        ("PORTVILLE (AP) — The levy is dead, according to the council.", "The levy is dead"),
    ],
)
def test_a_dateline_is_not_part_of_what_was_said(text, clause):
    assert [q.text for q in quotes(text, "indirect")] == [clause]
