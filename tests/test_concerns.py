"""Topic understanding: misspellings corrected, phrases and words matched, idioms left alone."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from app.chat.concerns import FALLBACK, Concern, common_words, understand
from app.chat.wordforms import word_forms
from app.taxonomy import TOPIC_SLUGS, load_taxonomy

TAXONOMY = load_taxonomy()
CASES = yaml.safe_load((Path(__file__).parent / "chat_cases.yaml").read_text(encoding="utf-8"))
HOLDOUT = yaml.safe_load((Path(__file__).parent / "topics_holdout.yaml").read_text(encoding="utf-8"))
# Written blind later, after the topics added in issue 9 (running-away, family-prison, ...).
BATCH_1 = yaml.safe_load((Path(__file__).parent / "topics_batch_1.yaml").read_text(encoding="utf-8"))


def slugs(message: str, **kwargs) -> tuple[str, ...]:
    """The topic slugs recognised in a message, in order of first mention."""
    return tuple(c.slug for c in understand(message, TAXONOMY, **kwargs).concerns)


TOPIC_CASES = [
    ("cant sleep bc of exams n im so stressed", ("sleep", "exams-school", "stress")),
    ("bare stressed", ("stress",)),
    ("mad stressed about my mocks", ("stress", "exams-school")),
    ("lowkey depressed ngl", ("low-mood",)),
    ("feel like crap", ("low-mood",)),
    ("feeling so down", ("low-mood",)),
    ("i cant be bothered with anything", ("low-mood",)),
    ("no one likes me", ("loneliness",)),
    ("my nan died", ("bereavement",)),
    ("rip my dog", ("bereavement",)),
    ("parents arguing every night", ("family",)),
    ("mum and dad splitting up", ("family",)),
    ("my gf dumped me", ("friends-relationships",)),
    ("i keep throwing up after eating", ("eating-body-image",)),
    ("gaming all night", ("gaming-gambling", "sleep")),
    ("spent loads on loot boxes", ("gaming-gambling",)),
    ("been vaping", ("drugs-alcohol",)),
    ("people keep sharing nudes", ("online-safety",)),
    ("im non binary", ("lgbtq-identity",)),
    ("i have ADHD", ("neurodiversity",)),
    ("hearing voices", ("psychosis-voices",)),
    ("intrusive thoughts", ("ocd",)),
    ("flashbacks", ("trauma",)),
    ("i look after my mum", ("young-carers",)),
    ("getting picked on", ("bullying",)),
    ("they called me racist names", ("discrimination", "bullying")),
    ("im skint", ("housing-money",)),
    ("i lose my temper and punch walls", ("anger",)),
    ("my child wont go to school", ("parenting", "exams-school")),
    ("a pupil in year 9 is struggling with low mood", ("parenting", "low-mood")),
    ("as a teacher what can i do about exam stress", ("parenting", "exams-school", "stress")),
]


@pytest.mark.parametrize("message, expected", TOPIC_CASES, ids=[c[0] for c in TOPIC_CASES])
def test_topics_are_recognised_in_order_of_first_mention(message, expected):
    assert slugs(message) == expected


IDIOMS = ["my phone died", "this traffic is killing me", "dying my hair blue", "im starving",
          "i literally died laughing", "that film was sick", "the death of me lol", "hi",
          "what's the weather like", "i cut my finger", "diet coke please"]


@pytest.mark.parametrize("message", IDIOMS)
def test_everyday_idioms_and_chat_raise_no_topic(message):
    assert slugs(message) == ()


CORRECTIONS = [("anxeity", "anxiety", "anxiety"), ("deppressed", "depressed", "low-mood"),
               ("bulied", "bullied", "bullying"), ("exsams", "exams", "exams-school"),
               ("loneley", "lonely", "loneliness"), ("grevin", "grieving", "bereavement"),
               ("greiving", "grieving", "bereavement"), ("suicde", "suicide", "suicidal-thoughts"),
               ("lonly", "lonely", "loneliness"), ("stresed", "stressed", "stress")]


@pytest.mark.parametrize("typed, fixed, slug", CORRECTIONS, ids=[c[0] for c in CORRECTIONS])
def test_misspelt_words_are_corrected_and_understood(typed, fixed, slug):
    result = understand(f"im so {typed} rn", TAXONOMY)
    assert (typed, fixed) in result.corrections
    assert fixed in result.corrected.split()
    assert slug in (c.slug for c in result.concerns)


@pytest.mark.parametrize("word", ["sacred", "scarred", "lovely", "tried", "dressed", "bullet",
                                  "angel", "page", "leeds", "third", "impressed", "voices"])
def test_real_words_are_never_corrected(word):
    assert understand(f"the {word} one", TAXONOMY).corrections == ()


@pytest.mark.parametrize("word", ["series", "swallowed", "antiseptic", "refuge", "intimate",
                                  "slurring", "cookies", "retention"])
def test_a_dictionary_word_is_not_corrected_into_a_different_taxonomy_word(word):
    # Blind batches 27 and 35: "a series with a suicide storyline" became "a services with...",
    # which hid the media frame; "intimate" became "inmate" and "antiseptic" "antisemitic".
    assert understand(f"the {word} one", TAXONOMY).corrections == ()


def test_a_dictionary_word_may_still_become_a_form_of_itself():
    assert ("takin", "taking") in understand("takin summat", TAXONOMY).corrections
    assert ("grade", "grades") in understand("my grade is bad", TAXONOMY).corrections


def test_the_sacred_to_scared_trap_does_not_happen():
    result = understand("we went to the sacred heart church", TAXONOMY)
    assert result.corrections == ()
    assert result.concerns == ()


def test_known_words_from_the_index_are_not_corrected():
    assert understand("bulley", TAXONOMY).corrections == (("bulley", "bully"),)
    kept = understand("bulley", TAXONOMY, known_words=frozenset({"bulley"}))
    assert kept.corrections == ()


def test_short_words_and_numbers_are_not_corrected():
    assert understand("angy 1234 anx", TAXONOMY).corrections == (("angy", "angry"),)


def test_evidence_is_what_the_user_wrote_after_normalising():
    result = understand("Keep having PANIC ATTACKS in my EXAMS!!", TAXONOMY)
    assert result.concerns == (
        Concern("anxiety", "Worry and anxiety", ("panic attacks",)),
        Concern("exams-school", "School, college and exams", ("exams",)),
    )


def test_a_word_that_only_sets_the_scene_counts_only_when_nothing_clearer_does():
    assert slugs("keep having panic attacks at school") == ("anxiety",)
    assert slugs("i hate it at school") == ("exams-school",)
    assert slugs("im scared") == ("anxiety",)
    assert slugs("im scared my dad is going to prison") == ("family-prison",)


def test_a_phrase_slot_accepts_any_of_its_alternatives():
    assert slugs("my dads depression is getting worse") == ("parent-mental-health",)
    assert slugs("mum has bipolar") == ("parent-mental-health",)
    assert slugs("my depression is getting worse") == ("low-mood",)


def test_a_longer_phrase_wins_over_the_words_inside_it():
    assert slugs("i had a panic attack") == ("anxiety",)
    assert slugs("nearly had a heart attack lol") == ()


def test_inflections_match_the_base_word():
    for message in ("worried", "worrying", "worries", "bullied", "bullying", "bullies"):
        assert slugs(message), message


def test_negation_does_not_drop_a_topic():
    assert slugs("im not anxious") == ("anxiety",)


def test_someone_else_talking_about_a_friend_gets_the_friends_topic_not_friends():
    assert slugs("my friend self harms") == ("self-harm",)


@pytest.mark.parametrize("slug", TOPIC_SLUGS)
def test_every_taxonomy_word_and_misspelling_finds_its_own_topic(slug):
    topic = TAXONOMY.by_slug(slug)
    missed = [term for term in topic.words + topic.misspellings
              if slug not in (c.slug for c in understand(term, TAXONOMY).concerns)]
    assert missed == []


def test_word_forms_strip_a_few_suffixes_predictably():
    assert "worry" in word_forms("worried")
    assert "bully" in word_forms("bullying")
    assert "panic" in word_forms("panicked")
    assert "stop" in word_forms("stopped")
    assert word_forms("a") == ("a",)


def test_the_shipped_word_list_is_a_few_thousand_lower_case_words():
    words = common_words()
    assert len(words) > 3000
    assert all(word.isalpha() and word.islower() for word in words)
    assert {"sacred", "scarred", "lovely"} <= words


def test_understanding_takes_well_under_2_ms():
    messages = [case["message"] for case in CASES]
    for message in messages:
        understand(message, TAXONOMY)
    start = time.perf_counter()
    for message in messages:
        understand(message, TAXONOMY)
    per_call = (time.perf_counter() - start) / len(messages)
    print(f"understand(): {per_call * 1000:.3f} ms per message")  # noqa: T201
    assert per_call < 0.002


def test_the_evaluation_set_meets_topic_recall_and_precision():
    found = topical = right = recognised = 0
    missed, extra = [], []
    for case in CASES:
        expected = set(case["topics"])
        got = set(slugs(case["message"]))
        recognised += len(got)
        right += len(got & expected)
        if got - expected:
            extra.append((case["message"], sorted(got - expected)))
        if expected:
            topical += 1
            found += bool(got & expected)
            if not got & expected:
                missed.append(case["message"])
    recall, precision = found / topical, right / recognised
    print(f"topic recall {found}/{topical} = {recall:.3f}; "  # noqa: T201
          f"precision {right}/{recognised} = {precision:.3f}\nmissed: {missed}\nextra: {extra}")
    assert recall >= 0.90, missed
    assert precision >= 0.80, extra


GENERALISED = [
    ("i felt so low all week", ("low-mood",)),  # irregular past: felt -> feel
    ("my mother shouts at me all the time", ("family",)),  # mother -> mum
    ("dad hits mum when hes drunk", ("domestic-abuse", "drugs-alcohol")),  # "my" left out
    ("everyone in my form hates me", ("bullying",)),  # a place after a group word
    ("no one at school talks to me", ("loneliness",)),
    ("i couldnt breathe in the exam", ("anxiety", "exams-school")),  # could not -> cannot
    ("my friend cuts herself", ("self-harm",)),  # herself -> myself
    ("lost my best mate last year", ("bereavement",)),  # mate -> friend
    ("some lads keep taking the mick out of me", ("bullying",)),  # British slang
    ("got bladdered at the weekend", ("drugs-alcohol",)),
    ("i think im bi ngl", ("lgbtq-identity",)),
]


@pytest.mark.parametrize("message, expected", GENERALISED, ids=[c[0] for c in GENERALISED])
def test_inflections_aliases_and_phrase_gaps_are_understood(message, expected):
    assert slugs(message) == expected


def test_a_short_word_is_not_found_inside_a_longer_one():
    assert slugs("some kids ripped my coat") == ("bullying",)  # not "rip" (bereavement)
    assert slugs("rip my nan") == ("bereavement",)


def test_everyday_words_count_only_when_nothing_else_names_a_topic():
    assert slugs("i hide food in my room") == ("eating-body-image",)
    assert slugs("i hate school food") == ("exams-school",)
    assert slugs("we have no heating") == ("housing-money",)


@pytest.mark.parametrize("message", ["can my mum call them", "something for my friend",
                                     "can i text them instead", "is it free", "anything near me",
                                     "what about online", "going out with my mates later"])
def test_follow_up_questions_raise_no_topic(message):
    assert slugs(message) == ()


def test_fallback_words_point_to_real_topics_and_name_no_people_or_contact():
    assert set(FALLBACK.values()) <= set(TOPIC_SLUGS)
    people_and_contact = {"mum", "dad", "parents", "friend", "friends", "mate", "mates", "brother",
                          "sister", "family", "phone", "call", "text", "online", "app", "email"}
    assert people_and_contact.isdisjoint(FALLBACK)


def test_the_holdout_set_meets_topic_recall_and_precision():
    """tests/topics_holdout.yaml: messages written by round before each round of fixes."""
    assert len(HOLDOUT) >= 220
    counts = {slug: sum(slug in (case["topics"] or ()) for case in HOLDOUT + BATCH_1)
              for slug in TOPIC_SLUGS}
    assert min(counts.values()) >= 5, counts
    found = topical = right = recognised = 0
    missed, extra = [], []
    for case in HOLDOUT:
        expected = set(case["topics"])
        got = set(slugs(case["message"]))
        recognised += len(got)
        right += len(got & expected)
        if got - expected:
            extra.append((case["message"], sorted(got - expected)))
        if expected:
            topical += 1
            found += bool(got & expected)
            if not got & expected:
                missed.append(case["message"])
    recall, precision = found / topical, right / recognised
    print(f"holdout topic recall {found}/{topical} = {recall:.3f}; "  # noqa: T201
          f"precision {right}/{recognised} = {precision:.3f}\nmissed: {missed}\nextra: {extra}")
    assert recall >= 0.90, missed
    assert precision >= 0.85, extra


@pytest.mark.parametrize("message, slug, not_slug", [
    ("i keep checking my phone every 5 minutes for messages", "screen-time", "domestic-abuse"),
    ("im always checking my phone in lessons", "screen-time", "domestic-abuse"),
    ("my boyfriend keeps checking my phone", "domestic-abuse", None),
    ("she is always checking my phone and who i talk to", "domestic-abuse", None),
    ("I throw things at my brother when I get angry", "anger", "domestic-abuse"),
    ("my dad throws things when he has had a drink", "domestic-abuse", None),
])
def test_who_does_it_decides_between_control_and_an_everyday_habit(message, slug, not_slug):
    # Found by blind batches 10 and 16: a young person checking their own phone, or throwing
    # things in temper, was read as domestic abuse and got a check-in.
    slugs = [c.slug for c in understand(message, TAXONOMY).concerns]
    assert slug in slugs, slugs
    assert not_slug not in slugs, slugs
