"""The topic taxonomy file loads, has exactly the fixed 34 topics, and bad files are refused."""

from __future__ import annotations

import os

import pytest
import yaml

from app.chat.concerns import prepare, understand
from app.chat.normalise import normalise
from app.chat.wordforms import message_forms
from app.taxonomy import TAXONOMY_PATH, TOPIC_SLUGS, load_taxonomy, parse_taxonomy, spelt_out

TAXONOMY = load_taxonomy(TAXONOMY_PATH)


def make_data(**overrides_by_slug) -> dict:
    """A valid taxonomy as parsed YAML: one made-up word per topic; override topics by slug."""
    topics = []
    for slug in TOPIC_SLUGS:
        topic = {"slug": slug, "label": f"Label {slug}", "description": f"About {slug}.",
                 "words": [slug.replace("-", "")], "phrases": [], "misspellings": []}
        topic.update(overrides_by_slug.get(slug.replace("-", "_"), {}))
        topics.append(topic)
    return {"version": 1, "topics": topics}


def write(tmp_path, data, name="taxonomy.yaml"):
    """Write parsed YAML to a file and return its path."""
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_the_real_taxonomy_has_exactly_the_fixed_34_slugs():
    assert sorted(TAXONOMY.slugs) == sorted(TOPIC_SLUGS)
    assert len(TAXONOMY.slugs) == 34


@pytest.mark.parametrize("slug", TOPIC_SLUGS)
def test_every_topic_has_a_label_a_description_and_words(slug):
    topic = TAXONOMY.by_slug(slug)
    assert topic.label and topic.description and topic.words
    assert len(topic.label) <= 40
    assert topic.description.endswith(".")


def test_about_eight_topics_offer_a_quick_reply():
    replies = [t.quick_reply for t in TAXONOMY.topics if t.quick_reply]
    assert 6 <= len(replies) <= 10
    assert len(set(replies)) == len(replies)


def test_by_slug_refuses_an_unknown_slug():
    with pytest.raises(KeyError):
        TAXONOMY.by_slug("not-a-topic")


def test_vocabulary_holds_words_and_the_words_of_phrases_but_not_misspellings():
    vocab = TAXONOMY.vocabulary()
    assert {"anxious", "bullied", "exams", "grieving", "breathe"} <= vocab
    assert "anxeity" not in vocab
    assert all(" " not in word for word in vocab)


@pytest.mark.parametrize("slug", TOPIC_SLUGS)
def test_every_term_still_says_something_after_normalising(slug):
    topic = TAXONOMY.by_slug(slug)
    empty = [term for term in topic.terms() + topic.also if not normalise(term).tokens]
    assert empty == []


def test_a_file_with_many_problems_is_refused_listing_every_problem(tmp_path):
    data = make_data(
        anxiety={"label": "", "words": ["Worried", "panic"]},
        stress={"words": ["panic"], "phrases": ["pressure"]},
        bullying={"also": ["nothing owns this"]},
    )
    data["topics"][1]["slug"] = "made-up"
    data["topics"].append(dict(data["topics"][0]))
    with pytest.raises(ValueError) as raised:
        load_taxonomy(write(tmp_path, data))
    message = str(raised.value)
    for expected in ("unknown topic slug 'made-up'", "missing topic slug 'low-mood'",
                     "duplicate topic slug 'anxiety'", "(anxiety): empty label",
                     "'Worried' is not normalised", "'pressure' is not normalised",
                     "'panic' is listed under both 'anxiety' and 'stress'",
                     "also 'nothing owns this' is not listed by any other topic"):
        assert expected in message


def test_a_topic_without_words_or_with_unknown_keys_is_refused():
    data = make_data(sleep={"words": [], "colour": "blue"})
    with pytest.raises(ValueError) as raised:
        parse_taxonomy(data)
    assert "(sleep): no words" in str(raised.value)
    assert "(sleep): unknown key 'colour'" in str(raised.value)


def test_a_term_can_be_shared_through_the_also_list():
    data = make_data(discrimination={"words": ["racist"]}, bullying={"also": ["racist"]})
    taxonomy = parse_taxonomy(data)
    assert taxonomy.by_slug("bullying").also == ("racist",)


def test_a_neutral_idiom_must_not_also_be_a_topic_term():
    data = make_data(bereavement={"phrases": ["phone died"]})
    data["neutral"] = ["phone died"]
    with pytest.raises(ValueError, match="neutral 'phone died' is also a term of 'bereavement'"):
        parse_taxonomy(data)


def test_a_neutral_idiom_can_have_slots_and_each_spelling_is_checked_and_neutral():
    data = make_data(bereavement={"words": ["died"]}, sleep={"words": ["nightmare"]})
    data["neutral"] = ["phone/laptop died", "is/are a nightmare"]
    taxonomy = parse_taxonomy(data)
    assert understand("my laptop died before the deadline", taxonomy).concerns == ()
    assert understand("my brothers are a nightmare", taxonomy).concerns == ()
    assert [c.slug for c in understand("my hamster died", taxonomy).concerns] == ["bereavement"]
    assert [c.slug for c in understand("i had a nightmare", taxonomy).concerns] == ["sleep"]
    data = make_data(bereavement={"phrases": ["laptop died"]})
    data["neutral"] = ["phone/laptop died"]
    with pytest.raises(ValueError, match="neutral 'laptop died' \\(from 'phone/laptop died'\\) "
                                         "is also a term of 'bereavement'"):
        parse_taxonomy(data)


def test_loading_is_cached_by_path_until_the_file_changes(tmp_path):
    path = write(tmp_path, make_data())
    first = load_taxonomy(path)
    assert load_taxonomy(str(path)) is first
    write(tmp_path, make_data(sleep={"label": "Sleep"}))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_taxonomy(path).by_slug("sleep").label == "Sleep"


@pytest.mark.parametrize("idiom", [spelt for term in TAXONOMY.neutral for spelt in spelt_out(term)])
def test_every_neutral_idiom_raises_no_topic_on_its_own(idiom):
    assert understand(idiom, TAXONOMY).concerns == ()


@pytest.mark.parametrize("slug", TOPIC_SLUGS)
def test_every_topic_has_a_broad_vocabulary(slug):
    """Young people say the same thing many ways: each topic needs many words and phrases."""
    topic = TAXONOMY.by_slug(slug)
    assert len(topic.words) + len(topic.phrases) >= 20


def test_context_words_and_phrase_alternatives_are_checked_like_other_terms():
    data = make_data(exams_school={"context": ["school", "At School"]},
                     parent_mental_health={"phrases": ["mum/dad has/is depressed", "mum/ dad"]},
                     sleep={"context": ["school"]})
    with pytest.raises(ValueError) as raised:
        parse_taxonomy(data)
    message = str(raised.value)
    assert "(exams-school): context: 'At School' is not normalised" in message
    assert "(parent-mental-health): phrases: 'mum/ dad' is not normalised" in message
    assert "'school' is listed under both 'exams-school' and 'sleep'" in message
    assert "mum/dad has/is depressed" not in message


def test_the_vocabulary_splits_phrase_alternatives_into_words():
    vocab = TAXONOMY.vocabulary()
    assert {"bipolar", "depressed", "school"} <= vocab
    assert not any("/" in word for word in vocab)


def test_a_taxonomy_naming_a_key_twice_is_refused(tmp_path):
    # Two `words:` in one topic would otherwise keep only the second list, silently.
    text = TAXONOMY_PATH.read_text(encoding="utf-8").replace(
        "  - slug: anxiety\n", "  - slug: anxiety\n    words: [worried]\n", 1)
    path = tmp_path / "taxonomy.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(yaml.YAMLError, match="'words' is given twice"):
        load_taxonomy(path)


def _whole_phrase_topics(text: str) -> set[str]:
    """Topics of the phrases that cover the whole of a text, before any topic outranks another."""
    tokens = normalise(text).tokens
    forms = [message_forms(token) for token in tokens]
    return {slug for start, end, slugs, _ in prepare(TAXONOMY)._phrase_hits(forms)
            if (start, end) == (0, len(tokens)) for slug in slugs}


@pytest.mark.parametrize("slug", TOPIC_SLUGS)
def test_every_spelling_of_every_phrase_finds_its_topic(slug):
    """A phrase written with "dont", "wont" or "noone" in an alternative must still match:
    those words normalise to two ("do not"), which a one-word slot cannot hold."""
    topic = TAXONOMY.by_slug(slug)
    unmatched = [spelt for term in topic.phrases + topic.also + topic.context
                 if " " in term or "/" in term
                 for spelt in spelt_out(term) if slug not in _whole_phrase_topics(spelt)]
    assert unmatched == []


def test_contractions_inside_a_phrase_with_alternatives_are_understood():
    found = {message: [c.slug for c in understand(message, TAXONOMY).concerns]
             for message in ("me and my mum don't get on", "no one sits next to me",
                             "they wont let me sit with them", "i dont feel anything anymore")}
    assert found == {"me and my mum don't get on": ["family"],
                     "no one sits next to me": ["bullying"],
                     "they wont let me sit with them": ["friends-relationships"],
                     "i dont feel anything anymore": ["low-mood"]}


def test_a_phrase_alternative_cannot_shadow_another_topics_phrase():
    data = make_data(low_mood={"phrases": ["stay in my room"]},
                     loneliness={"phrases": ["sit/stay in my room"]})
    with pytest.raises(ValueError) as raised:
        parse_taxonomy(data)
    assert ("'stay in my room' (from 'sit/stay in my room') is listed under both 'low-mood' "
            "and 'loneliness'") in str(raised.value)
