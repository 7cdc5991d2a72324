"""Risk rules: every reviewed example, idioms, negation, who it is about, priority, failing
closed, the strict loader, and recall / false alarms on messages written apart from the rules."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from app.chat import risk
from app.chat.risk import (
    CATEGORIES,
    Pattern,
    RiskMatch,
    RiskRules,
    Rule,
    assess,
    assess_safely,
    load_rules,
    primary,
)

RULES_FILE = Path(__file__).resolve().parent.parent / "directory_data" / "risk_rules.yaml"
RULES = load_rules(RULES_FILE)


def _ids(text: str) -> set[str]:
    return {m.rule_id for m in assess(text, RULES)}


def _top(text: str) -> RiskMatch | None:
    return primary(assess(text, RULES))


# ----------------------------------------------------------------------- reviewed examples

MUST_MATCH = [(r, ex) for r in RULES.rules for ex in r.must_match]
MUST_NOT_MATCH = [(r, ex) for r in RULES.rules for ex in r.must_not_match]
IDIOM_EXAMPLES = [(i, ex) for i in RULES.idioms for ex in i.examples]


@pytest.mark.parametrize(("rule", "example"), MUST_MATCH,
                         ids=[f"{r.id}: {ex}" for r, ex in MUST_MATCH])
def test_each_rule_fires_on_its_must_match_examples(rule, example):
    matches = assess(example, RULES)
    assert rule.id in {m.rule_id for m in matches}
    assert rule.category in {m.category for m in matches}


@pytest.mark.parametrize(("rule", "example"), MUST_NOT_MATCH,
                         ids=[f"{r.id}: {ex}" for r, ex in MUST_NOT_MATCH])
def test_each_rule_stays_quiet_on_its_must_not_match_examples(rule, example):
    assert rule.id not in _ids(example)


@pytest.mark.parametrize(("idiom", "example"), IDIOM_EXAMPLES,
                         ids=[f"{i.id}: {ex}" for i, ex in IDIOM_EXAMPLES])
def test_everyday_idioms_do_not_escalate(idiom, example):
    assert assess(example, RULES) == ()


def test_every_category_has_rules():
    assert {r.category for r in RULES.rules} == set(CATEGORIES)


# ----------------------------------------------------------------------- behaviour tables

NEGATED_BUT_EXPLICIT = [
    ("I'm not going to kill myself but I think about it a lot", "suicidal-thoughts"),
    ("I don't want to die but I keep hurting myself", "self-harm"),
    ("im not suicidal i just dont want to wake up tomorrow", "suicidal-thoughts"),
    ("i would never kill myself but i wish i was dead", "suicidal-thoughts"),
    ("i dont self harm anymore... ok thats a lie i cut last night", "self-harm"),
    ("no i am not ok, i want to end my life", "suicidal-thoughts"),
    ("nobody is hurting me, well my dad hits me sometimes", "abuse"),
]


@pytest.mark.parametrize(("text", "category"), NEGATED_BUT_EXPLICIT,
                         ids=[t for t, _ in NEGATED_BUT_EXPLICIT])
def test_negation_never_suppresses_an_explicit_statement(text, category):
    assert category in {m.category for m in assess(text, RULES)}


IDIOM_PLUS_RISK = [
    ("this homework is killing me and honestly i want to kill myself", "suicidal-thoughts"),
    ("I want to die my hair. Actually I just want to die", "suicidal-thoughts"),
    ("I want to die. My hair is a mess and everything is", "suicidal-thoughts"),
    ("im dead 💀 jk i cut myself again", "self-harm"),
    ("my phone died and i took loads of pills", "immediate-danger"),
    ("he hit me up on snap and then he hit me", "abuse"),
    ("i want to die 😂", "suicidal-thoughts"),
    ("i want to die lol 💀", "suicidal-thoughts"),
]


@pytest.mark.parametrize(("text", "category"), IDIOM_PLUS_RISK,
                         ids=[t for t, _ in IDIOM_PLUS_RISK])
def test_an_idiom_only_neutralises_its_own_span(text, category):
    assert category in {m.category for m in assess(text, RULES)}


ABOUT = [
    ("my friend said she wants to kill herself", "suicidal-thoughts", "someone-else"),
    ("a pupil disclosed self-harm", "self-harm", "someone-else"),
    ("my mate cuts himself", "self-harm", "someone-else"),
    ("I'm worried my son is suicidal", "suicidal-thoughts", "someone-else"),
    ("someone i know keeps saying they want to die", "suicidal-thoughts", "someone-else"),
    ("a pupil told me her stepdad hits her", "abuse", "someone-else"),
    ("my daughter is being blackmailed over photos", "online-exploitation", "someone-else"),
    ("my friend is scared because her dad beats her", "abuse", "someone-else"),
    ("my friend says i should get help because i want to die", "suicidal-thoughts", "self"),
    ("my mum found out about my self harm", "self-harm", "self"),
    ("he is blackmailing me with my pics", "online-exploitation", "self"),
    ("my boyfriend keeps asking for nudes", "online-exploitation", "self"),
    ("my dad hits me", "abuse", "self"),
    ("i want to kill myself", "suicidal-thoughts", "self"),
    ("she hits me every day", "abuse", "self"),
    ("I am a teacher and a year 7 girl told me she has been cutting", "self-harm",
     "someone-else"),
    ("as a parent im terrified my 15 year old will take his own life", "suicidal-thoughts",
     "someone-else"),
    ("i think my little brother is being hit at home", "abuse", "someone-else"),
    ("a student disclosed that her uncle touched her", "abuse", "someone-else"),
    ("my friend is being groomed by an older guy on snapchat", "online-exploitation",
     "someone-else"),
    ("my mate sent nudes and now hes being blackmailed", "online-exploitation", "someone-else"),
    ("my mate says he's gonna kill himself after school", "immediate-danger", "someone-else"),
    ("my friend just took a load of pills", "immediate-danger", "someone-else"),
    ("mums boyfriend hits her and im scared", "abuse", "self"),
]


@pytest.mark.parametrize(("text", "category", "about"), ABOUT, ids=[t for t, _, _ in ABOUT])
def test_third_party_and_staff_phrasing_is_about_someone_else(text, category, about):
    top = _top(text)
    assert (top.category, top.about) == (category, about)


def test_a_message_about_both_puts_the_writer_first():
    matches = assess("my friend wants to kill herself and so do i, i want to die", RULES)
    assert {m.about for m in matches} == {"self", "someone-else"}
    assert primary(matches).about == "self"


DISGUISED = [
    ("su1c1de", "suicidal-thoughts"),
    ("k1ll mys3lf", "suicidal-thoughts"),
    ("i want to kil myself", "suicidal-thoughts"),
    ("i want to kill my self", "suicidal-thoughts"),
    ("thinking about sucide", "suicidal-thoughts"),
    ("suicde", "suicidal-thoughts"),
    ("suiside", "suicidal-thoughts"),
    ("i feel suicidel", "suicidal-thoughts"),
    ("sewer slide", "suicidal-thoughts"),
    ("unalive", "suicidal-thoughts"),
    ("KILLMYSELF", "suicidal-thoughts"),
    ("wanttodie", "suicidal-thoughts"),
    ("i w@nt t0 d1e", "suicidal-thoughts"),
    ("$elf h@rm", "self-harm"),
    ("slef harm", "self-harm"),
    ("self harn", "self-harm"),
    ("i cut myslef", "self-harm"),
    ("s/h again", "self-harm"),
    ("i took an ovredose", "immediate-danger"),
    ("someone has my n00dz", "online-exploitation"),
    ("he is blackmialing me", "online-exploitation"),
]


@pytest.mark.parametrize(("text", "category"), DISGUISED, ids=[t for t, _ in DISGUISED])
def test_leetspeak_and_misspelt_risk_phrases_still_escalate(text, category):
    assert category in {m.category for m in assess(text, RULES)}


def test_the_corrected_text_is_checked_too():
    assert assess("i want to dei", RULES) == ()
    matches = assess("i want to dei", RULES, corrected="i want to die")
    assert "suicidal-thoughts" in {m.category for m in matches}


def _match(category: str, about: str = "self") -> RiskMatch:
    return RiskMatch(f"{category}-{about}", category, about, "pattern")


PRIORITY = [
    (["self-harm", "immediate-danger", "abuse"], "immediate-danger"),
    (["online-exploitation", "suicidal-thoughts"], "suicidal-thoughts"),
    (["abuse", "self-harm"], "self-harm"),
    (["online-exploitation"], "online-exploitation"),
]


@pytest.mark.parametrize(("categories", "expected"), PRIORITY, ids=[e for _, e in PRIORITY])
def test_primary_picks_the_most_urgent_category(categories, expected):
    assert primary([_match(c) for c in categories]).category == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("a man i met on snapchat is 30 and wants me to keep our chats secret, im 13", "online-exploitation"),
    ("my mums friend is 30 and keeps giving me vodka and says keep it secret, im 13", "abuse"),
])
def test_harm_that_started_online_leads_with_online_exploitation(text, expected):
    """Abuse and online exploitation tie; where it started online, CEOP's advice comes first."""
    assert primary(assess(text, RULES)).category == expected


def test_primary_prefers_the_writer_within_a_category():
    matches = [_match("abuse", "someone-else"), _match("abuse", "self")]
    assert primary(matches).about == "self"
    assert primary(reversed(matches)).about == "self"


def test_primary_of_no_matches_is_none():
    assert primary([]) is None
    assert primary(assess("i love my dog", RULES)) is None


def test_immediate_danger_comes_first_in_a_real_message():
    assert _top("i took all my pills and i want to die tonight").category == "immediate-danger"


# ----------------------------------------------------------------------- failing closed

class _Exploding:
    """Stands in for a compiled regex that fails at match time."""

    def finditer(self, text):
        raise RuntimeError("broken pattern")

    def sub(self, replacement, text):
        raise RuntimeError("broken pattern")


def _broken_rules() -> RiskRules:
    rule = Rule("broken", "abuse", "self", (Pattern("x", _Exploding()),), (), (), ())
    return RiskRules((rule,), (), {}, ())


@pytest.mark.parametrize(("text", "rules"), [
    ("hello", None),
    ("hello", _broken_rules()),
    (None, RULES),
    ("hello", "not rules"),
], ids=["no rules", "a pattern that raises", "no text", "the wrong type of rules"])
def test_any_failure_fails_closed_with_urgent_help(text, rules):
    matches, failed = assess_safely(text, rules)
    assert failed is True
    assert matches == (risk.fail_closed_match(),)
    assert primary(matches).category == "suicidal-thoughts"
    assert primary(matches).about == "self"


def test_assess_safely_passes_through_when_nothing_fails():
    assert assess_safely("i want to kill myself", RULES)[1] is False
    assert assess_safely("what time is it", RULES) == ((), False)


def test_assess_copes_with_any_text_without_failing_closed():
    alphabet = "abcdefghijklmnopqrstuvwxyz ABCXYZ 0123456789 .,!?'’@$*/-_#\n\t😭💀🔪\u200b\u0301é"
    chooser = random.Random(20261125)
    for _ in range(300):
        text = "".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 120)))
        assert assess_safely(text, RULES, corrected=text[::-1])[1] is False


def test_a_match_names_the_pattern_that_fired():
    match = _top("i want to kill myself")
    rule = next(r for r in RULES.rules if r.id == match.rule_id)
    assert match.matched in {p.source for p in rule.patterns}


@pytest.mark.parametrize(("text", "about"), [
    ("i want to die", "self"),
    ("my sister wants to die", "someone-else"),
    ("my friend says i want to die", "self"),
    ("a pupil in year 9 wants to die", "someone-else"),
], ids=["writer", "sister", "writer after a friend", "pupil"])
def test_about_for_reads_who_the_statement_is_about(text, about):
    assert risk.about_for(text, (text.index("want"), len(text))) == about


@pytest.mark.parametrize(("text", "about"), [
    # Blind batch 21: "hits her" ends the statement; the words after it are a new clause.
    ("my flatmates girlfriend hits her we can hear it at night", "someone-else"),
    ("my neighbour is being hit by her husband i can hear it", "someone-else"),
    ("her dad hits her she told me", "someone-else"),
    ("he hits me when he is drunk", "self"),
])
def test_who_is_hurt_is_read_up_to_the_end_of_the_statement(text, about):
    hit = next(r for r in RULES.rules if r.id == "hit-by-someone")
    match = assess(text, RULES)
    assert any(m.rule_id == hit.id and m.about == about for m in match), match


@pytest.mark.parametrize("text", [
    "I am a mum of three. My partner put his hands around my throat on Friday",
    "Dad of a 9 year old here. My wife squeezed my neck really hard during a row",
])
def test_a_parent_hurt_themselves_is_about_the_writer(text):
    # Blind batch 21: a mother whose husband strangled her was read as writing about her child.
    found = assess(text, RULES)
    assert found and {m.about for m in found if m.category == "abuse"} == {"self"}, found


# ----------------------------------------------------------------------- the strict loader

BAD_RULES = """\
colour: blue
terms:
  self: 'myself'
spellings:
  suicide: [sucide, sucide]
idioms:
  - id: Not_Kebab
    phrases: ["i'm dead"]
    examples: ["one"]
rules:
  - id: dup
    category: sadness
    about: me
    patterns: ['(unclosed', '{nosuchterm} x']
    must_match: ["a", "b"]
    must_not_match: ["c", "d"]
    colour: red
  - id: dup
    category: abuse
    about: self
    phrases: ["ok"]
    also_needs: [missing-rule]
    must_match: ["a", "b", "c"]
"""


def test_the_loader_reports_every_problem_at_once(tmp_path):
    path = tmp_path / "risk_rules.yaml"
    path.write_text(BAD_RULES, encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        load_rules(path)
    message = str(caught.value)
    for expected in ["unknown top-level key 'colour'", "'sucide' is listed twice",
                     "id must be kebab-case", "is not normalised (write 'i am dead')",
                     "examples needs at least 2", "category must be one of",
                     "about must be one of", "bad pattern '(unclosed'",
                     "unknown term(s) nosuchterm", "unknown key 'colour'", "duplicate id",
                     "must_match needs at least 3", "must_not_match needs at least 2",
                     "also_needs 'missing-rule'"]:
        assert expected in message


@pytest.mark.parametrize("content", ["rules: [", "- just a list", "rules: []", ""],
                         ids=["broken yaml", "not a mapping", "no rules", "empty file"])
def test_the_loader_rejects_files_that_are_not_rules(tmp_path, content):
    path = tmp_path / "risk_rules.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError):
        load_rules(path)


def test_the_loader_rejects_a_missing_file(tmp_path):
    with pytest.raises(ValueError):
        load_rules(tmp_path / "nope.yaml")


def test_a_minimal_valid_file_loads(tmp_path):
    path = tmp_path / "risk_rules.yaml"
    path.write_text("""\
rules:
  - id: only-rule
    category: self-harm
    about: self
    phrases: [self harm]
    must_match: [a, b, c]
    must_not_match: [d, e]
""", encoding="utf-8")
    rules = load_rules(path)
    assert [m.rule_id for m in assess("I self-harm", rules)] == ["only-rule"]


# ----------------------------------------------------------------------- recall and false alarms
# Written apart from the rule examples, the way young people (and worried adults) type.

RISK_MESSAGES = [
    # suicidal thoughts
    ("honestly i just want to stop existing", "suicidal-thoughts"),
    ("i think about killing myself every night", "suicidal-thoughts"),
    ("wanna kms fr", "suicidal-thoughts"),
    ("everyone wud be happier if i wasnt around", "suicidal-thoughts"),
    ("i keep planning my funeral in my head", "suicidal-thoughts"),
    ("i dont see the point in being alive", "suicidal-thoughts"),
    ("tbh i wish i could just not wake up tomorrow", "suicidal-thoughts"),
    ("i'm gonna end it soon i think", "suicidal-thoughts"),
    ("life isnt worth it anymore", "suicidal-thoughts"),
    ("i've been feeling suicidal for weeks", "suicidal-thoughts"),
    ("sometimes i think the world would be better without me in it", "suicidal-thoughts"),
    ("i just wanna go to sleep forever", "suicidal-thoughts"),
    ("i'm so tired of being alive", "suicidal-thoughts"),
    ("i dont want to exist anymore", "suicidal-thoughts"),
    ("thinking about ending my life", "suicidal-thoughts"),
    ("i want to unalive myself", "suicidal-thoughts"),
    ("nobody would notice if i died", "suicidal-thoughts"),
    ("i wanna d1e", "suicidal-thoughts"),
    ("i h8 my life and want 2 die", "suicidal-thoughts"),
    ("i keep thinking i should just end it all", "suicidal-thoughts"),
    ("i cant keep going like this", "suicidal-thoughts"),
    ("what's even the point of living anymore", "suicidal-thoughts"),
    ("i wish i'd never been born", "suicidal-thoughts"),
    ("suicidal again", "suicidal-thoughts"),
    ("i wanna sewer slide", "suicidal-thoughts"),
    ("i want to be dead", "suicidal-thoughts"),
    ("cant stop thinking about suicide", "suicidal-thoughts"),
    ("my life is pointless and i want out", "suicidal-thoughts"),
    ("i'd be better off dead", "suicidal-thoughts"),
    ("i dont wanna be alive anymore", "suicidal-thoughts"),
    ("deserve to die tbh", "suicidal-thoughts"),
    ("i feel like killing my self", "suicidal-thoughts"),
    ("thinkin bout killin myself", "suicidal-thoughts"),
    ("IM GOING TO KILL MYSELF", "suicidal-thoughts"),
    ("su1c1dal thoughts again", "suicidal-thoughts"),
    ("i feel like i want to d!e", "suicidal-thoughts"),
    ("kill myself", "suicidal-thoughts"),
    ("i really dont want to live anymore", "suicidal-thoughts"),
    ("i just want everything to stop", "suicidal-thoughts"),
    ("no one would care if i was gone", "suicidal-thoughts"),
    ("people at school tell me to kill myself", "suicidal-thoughts"),
    ("ive tried to kill myself before", "suicidal-thoughts"),
    ("i'm done with life", "suicidal-thoughts"),
    ("my bestie keeps saying she wants to die", "suicidal-thoughts"),
    ("my brother said he's going to kill himself", "suicidal-thoughts"),
    ("im worried about my friend she talks about suicide a lot", "suicidal-thoughts"),
    ("a pupil in my form wrote that they want to end their life", "suicidal-thoughts"),
    ("my daughter told me she doesnt want to be alive anymore", "suicidal-thoughts"),
    # self-harm
    ("i've started cutting myself", "self-harm"),
    ("i burn my arms with a lighter", "self-harm"),
    ("been sh-ing for 2 years", "self-harm"),
    ("relapsed again after 4 months", "self-harm"),
    ("i scratch myself till i bleed", "self-harm"),
    ("i hurt myself on purpose when im upset", "self-harm"),
    ("my sh is getting worse", "self-harm"),
    ("i bang my head against the wall when im stressed", "self-harm"),
    ("self harming again", "self-harm"),
    ("i've been harming myself", "self-harm"),
    ("i punch myself when i mess up", "self-harm"),
    ("i carve words into my skin", "self-harm"),
    ("i selfharm to cope", "self-harm"),
    ("hiding my scars from everyone", "self-harm"),
    ("i use a blade from my sharpener", "self-harm"),
    ("clean from sh for 30 days", "self-harm"),
    ("i cut my wrists last night", "self-harm"),
    ("i pick my skin until it bleeds", "self-harm"),
    ("i wanna cut myslef", "self-harm"),
    ("i want to s3lf h@rm", "self-harm"),
    ("selfharming since yr 7", "self-harm"),
    ("idk why but i keep wanting to hurt myself", "self-harm"),
    ("my little sister has been cutting herself", "self-harm"),
    ("one of my students is self harming", "self-harm"),
    ("i found out my boyfriend hurts himself", "self-harm"),
    ("my son has burns on his arms and i think he did it", "self-harm"),
    ("my friend showed me the cuts on her legs", "self-harm"),
    ("i bite myself until it bruises", "self-harm"),
    # immediate danger
    ("i've just swallowed a whole packet of paracetamol", "immediate-danger"),
    ("took 20 tablets", "immediate-danger"),
    ("i took loads of my mums sleeping pills", "immediate-danger"),
    ("im on the roof and im going to jump", "immediate-danger"),
    ("i have a noose ready", "immediate-danger"),
    ("im going to kill myself tonight ive got everything ready", "immediate-danger"),
    ("my friend has taken an overdose and is being sick", "immediate-danger"),
    ("its bleeding so much i cant stop it", "immediate-danger"),
    ("my stepdad is hitting my mum right now and im hiding", "immediate-danger"),
    ("there's a man following me home and im scared", "immediate-danger"),
    ("my dad is drunk and has a knife and im scared", "immediate-danger"),
    ("i'm going to kill myself right now", "immediate-danger"),
    ("i just cut really deep and theres blood everywhere", "immediate-danger"),
    ("this is my last message, bye everyone", "immediate-danger"),
    ("i took a bottle of pills an hour ago", "immediate-danger"),
    ("i want to hang myself tonight", "immediate-danger"),
    ("i've been stockpiling my meds to overdose", "immediate-danger"),
    ("im going to jump off the bridge by my house", "immediate-danger"),
    ("my mate just messaged saying goodbye forever", "immediate-danger"),
    ("someone is trying to break into my house", "immediate-danger"),
    ("i think i'm going to hurt someone", "immediate-danger"),
    ("been looking up ways to kill myself", "immediate-danger"),
    ("he said he'd kill me if i told anyone", "immediate-danger"),
    ("im gonna od tonight", "immediate-danger"),
    # abuse
    ("my mum hits me with a belt", "abuse"),
    ("dad punched me in the face last night", "abuse"),
    ("my step mum slaps me when i answer back", "abuse"),
    ("my uncle makes me touch him", "abuse"),
    ("i was sexually assaulted at a party", "abuse"),
    ("my bf raped me", "abuse"),
    ("my coach keeps touching me and it makes me uncomfortable", "abuse"),
    ("there's never any food in the house and mum is never home", "abuse"),
    ("my parents leave me on my own for days", "abuse"),
    ("my family is taking me to pakistan to get married", "abuse"),
    ("im 14 and my dad says i have to marry a man i dont know", "abuse"),
    ("my brother's mates make me sell weed for them", "abuse"),
    ("a gang is making me deliver stuff", "abuse"),
    ("i'm scared of my mum's boyfriend", "abuse"),
    ("my stepdad chokes me when hes angry", "abuse"),
    ("my grandad touched me when i was little and i never told anyone", "abuse"),
    ("my dad burnt me with a cigarette", "abuse"),
    ("i don't want to go home bc my dad will beat me", "abuse"),
    ("my mum's partner shouts at me and throws stuff at me", "abuse"),
    ("a pupil told me her stepdad touches her", "abuse"),
    ("my friend's dad hits her and she's scared to go home", "abuse"),
    ("i've got bruises from where my dad grabbed me", "abuse"),
    ("im 12 and my cousin touches me when we're alone", "abuse"),
    ("my mum's boyfriend comes into my room at night and touches me", "abuse"),
    ("somebody at school spiked my drink and touched me", "abuse"),
    ("my foster carer hits me", "abuse"),
    ("my parents hit me if i get bad grades", "abuse"),
    # online exploitation
    ("some guy on insta has my nudes and says he'll post them if i dont send £200",
     "online-exploitation"),
    ("a man i met on roblox wants me to send pics", "online-exploitation"),
    ("he said if i dont pay him he'll share my pics with my family", "online-exploitation"),
    ("im 14 and an older guy on tiktok keeps messaging me", "online-exploitation"),
    ("someone made a fake naked pic of me with ai", "online-exploitation"),
    ("someone online said they'd leak my pics unless i sent more", "online-exploitation"),
    ("my nudes are going around school", "online-exploitation"),
    ("this guy in his 20s keeps asking me to video call him naked", "online-exploitation"),
    ("a boy from another school wants pictures of me in my underwear",
     "online-exploitation"),
    ("my son is being blackmailed online over photos he sent", "online-exploitation"),
    ("someone i met on discord asked me not to tell my parents about us",
     "online-exploitation"),
    ("he keeps sending me dick pics and i'm 13", "online-exploitation"),
    ("i think i'm being groomed online", "online-exploitation"),
    ("an adult on fortnite asked me for my address and pics", "online-exploitation"),
    ("my teacher said im mature for my age and wants to meet outside school",
     "online-exploitation"),
    ("some1 is threatening to post my pics if i dont pay", "online-exploitation"),
    # more, written as held-out checks while tuning (each round found gaps that were fixed)
    ('i want to go to sleep and not wake up', 'suicidal-thoughts'),
    ('everyone hates me and i should just die', 'suicidal-thoughts'),
    ('i cant do it anymore', 'suicidal-thoughts'),
    ('im tired of everything i just want it to be over', 'suicidal-thoughts'),
    ('i want to die lol', 'suicidal-thoughts'),
    ('i wanna end my life', 'suicidal-thoughts'),
    ('i hate being alive', 'suicidal-thoughts'),
    ('i just want to be gone', 'suicidal-thoughts'),
    ('my life is over i want to die', 'suicidal-thoughts'),
    ('i have thoughts of suicide', 'suicidal-thoughts'),
    ('i wish i could die', 'suicidal-thoughts'),
    ('suicide is on my mind all the time', 'suicidal-thoughts'),
    ('i dont want to be alive', 'suicidal-thoughts'),
    ("i'm going to overdose", 'suicidal-thoughts'),
    ('i feel like ending myself', 'suicidal-thoughts'),
    ("i don't see a future for myself, I want out", 'suicidal-thoughts'),
    ("i'm scared i'll kill myself", 'suicidal-thoughts'),
    ('one of my pupils said she wants to die', 'suicidal-thoughts'),
    ('as a parent im terrified my 15 year old will take his own life', 'suicidal-thoughts'),
    ('my son told me he has thoughts about ending it', 'suicidal-thoughts'),
    ('my best friend tried to kill herself last week', 'suicidal-thoughts'),
    ('no point in anything anymore i just want to die', 'suicidal-thoughts'),
    ('i wanna off myself', 'suicidal-thoughts'),
    ('gonna top myself', 'suicidal-thoughts'),
    ('i just want the pain to stop forever', 'suicidal-thoughts'),
    ('i tried to hang myself last night', 'suicidal-thoughts'),
    ('i keep getting urges to kill myself', 'suicidal-thoughts'),
    ('i keep having suicidal urges', 'suicidal-thoughts'),
    ('i dont want to be on this planet anymore', 'suicidal-thoughts'),
    ('i want to be with my nan in heaven', 'suicidal-thoughts'),
    ('they keep telling me i should kill myself on tiktok', 'suicidal-thoughts'),
    ('i keep thinking everyone would be better if i was dead', 'suicidal-thoughts'),
    ('i want to sleep and never wake up', 'suicidal-thoughts'),
    ("i'm a burden to everyone", 'suicidal-thoughts'),
    ('what if i just stopped living', 'suicidal-thoughts'),
    ('i dont think i can keep living like this', 'suicidal-thoughts'),
    ('i want my life to be over', 'suicidal-thoughts'),
    ("i've lost the will to live", 'suicidal-thoughts'),
    ("i wouldn't care if i died tomorrow", 'suicidal-thoughts'),
    ('im worried my friend is going to kill herself', 'suicidal-thoughts'),
    ('thinkin bout sewerslidin', 'suicidal-thoughts'),
    ('ngl i wanna kms', 'suicidal-thoughts'),
    ('i want 2 end it all', 'suicidal-thoughts'),
    ('wat is the point of me', 'suicidal-thoughts'),
    ('i wanna dieeee', 'suicidal-thoughts'),
    ('cant be arsed with life anymore i want to die', 'suicidal-thoughts'),
    ('i dont wanna live no more', 'suicidal-thoughts'),
    ("i can't cope anymore and i want to die", 'suicidal-thoughts'),
    ('i hate myself and want to die', 'suicidal-thoughts'),
    ('ive been thinking about hurting myself', 'self-harm'),
    ('i keep scratching my arms with scissors', 'self-harm'),
    ('i punched a wall till my knuckles bled', 'self-harm'),
    ('i want to cut', 'self-harm'),
    ('i really want to sh', 'self-harm'),
    ('started self harming again after being clean', 'self-harm'),
    ('i am going to hurt myself', 'self-harm'),
    ('i have been self harming for ages', 'self-harm'),
    ('i cut', 'self-harm'),
    ('I am a teacher and a year 7 girl told me she has been cutting', 'self-harm'),
    ('my girlfriend cuts her wrists', 'self-harm'),
    ('im burning my legs with hot water', 'self-harm'),
    ('i use my compass to scratch my arms', 'self-harm'),
    ('i want to feel pain so i hurt myself', 'self-harm'),
    ('been hitting myself again', 'self-harm'),
    ('sh helps me feel something', 'self-harm'),
    ('my cuts are infected', 'self-harm'),
    ("i've got fresh cuts on my thighs", 'self-harm'),
    ('i want to hurt myself so bad', 'self-harm'),
    ('i keep pulling my hair out and scratching till it bleeds', 'self-harm'),
    ('i use a lighter on my skin', 'self-harm'),
    ('cut myself again last night', 'self-harm'),
    ('i relapsed after 6 months', 'self-harm'),
    ('im in the bathroom with a razor', 'self-harm'),
    ('my student is cutting herself', 'self-harm'),
    ("i sh'd last night", 'self-harm'),
    ('i keep cutting my thighs so no one sees', 'self-harm'),
    ('wanna cut so bad', 'self-harm'),
    ('my scars r showing in pe', 'self-harm'),
    ('i hit my head against the wall until it hurts', 'self-harm'),
    ('i want to hurt my self', 'self-harm'),
    ('im gonna slit my wrists', 'self-harm'),
    ('a girl in my class self harms and i dont know what to do', 'self-harm'),
    ('im thinking of taking all my pills', 'immediate-danger'),
    ('i have a plan to kill myself', 'immediate-danger'),
    ('a man in a car asked me to get in', 'immediate-danger'),
    ('im being bullied and they said theyll stab me', 'immediate-danger'),
    ('can you die from taking 10 paracetamol', 'immediate-danger'),
    ('what happens if you take too many pills', 'immediate-danger'),
    ('i want to jump off a bridge', 'immediate-danger'),
    ('i overdosed last night', 'immediate-danger'),
    ('i want to cut myself tonight', 'immediate-danger'),
    ('theres so much blood', 'immediate-danger'),
    ('help my friend took a load of pills', 'immediate-danger'),
    ('i wrote a goodbye letter to my mum', 'immediate-danger'),
    ('my dad threatens to kill us', 'immediate-danger'),
    ('i swallowed a load of ibuprofen', 'immediate-danger'),
    ('ive drunk bleach', 'immediate-danger'),
    ('im at the train tracks', 'immediate-danger'),
    ('i am going to jump in front of a car', 'immediate-danger'),
    ('my dads hitting my mum rn what do i do', 'immediate-danger'),
    ("i can't stop the bleeding", 'immediate-danger'),
    ('i want to stab my stepdad', 'immediate-danger'),
    ('thinking of jumping off the school roof', 'immediate-danger'),
    ('my dad said hed kill me', 'immediate-danger'),
    ("i'm home alone and someone is banging on the door and i'm terrified", 'immediate-danger'),
    ('i took a whole pack of pills', 'immediate-danger'),
    ("i'm bleeding really badly", 'immediate-danger'),
    ("i've tied a rope", 'immediate-danger'),
    ('my boyfriend threatened to kill me', 'immediate-danger'),
    ('i rly wanna unalive rn', 'immediate-danger'),
    ('ima end it 2nite', 'immediate-danger'),
    ('i took like 15 paracetamol', 'immediate-danger'),
    ("i od'd", 'immediate-danger'),
    ('i wanna jump off a building', 'immediate-danger'),
    ('ive got a knife and im going to use it on myself', 'immediate-danger'),
    ("my mate says he's gonna kill himself after school", 'immediate-danger'),
    ('my dad drinks and hits my mum', 'abuse'),
    ('my mums new boyfriend comes in the bathroom when im in the shower', 'abuse'),
    ('my friends brother sexually abused her', 'abuse'),
    ('my step dad touches me', 'abuse'),
    ('my brother hits me every day', 'abuse'),
    ('my parents beat me', 'abuse'),
    ('i get beaten at home', 'abuse'),
    ('no one feeds me at home', 'abuse'),
    ('he grabbed me and wont let me leave', 'abuse'),
    ('my dad threw me against the wall', 'abuse'),
    ('my stepdad comes into my room at night', 'abuse'),
    ('im scared of my dad when hes drunk', 'abuse'),
    ('i am being forced into marriage', 'abuse'),
    ('mum left us alone for a week with no food', 'abuse'),
    ('i think my little brother is being hit at home', 'abuse'),
    ('a student disclosed that her uncle touched her', 'abuse'),
    ('my boyfriend strangled me', 'abuse'),
    ('my mum drags me by my hair', 'abuse'),
    ('im locked in my room and i cant get out', 'abuse'),
    ('my uncle makes me watch porn with him', 'abuse'),
    ('someone at school forced me to do sexual stuff', 'abuse'),
    ('my mum has a drink problem and hits me when shes drunk', 'abuse'),
    ('i get smacked if i dont do my chores', 'abuse'),
    ('my stepmum doesnt let me eat', 'abuse'),
    ('im 13 and my mums boyfriend keeps trying to kiss me', 'abuse'),
    ('my dad sexually abuses me', 'abuse'),
    ('i was raped', 'abuse'),
    ('my older brother hurts me when my parents are out', 'abuse'),
    ("i'm not allowed to eat until my stepmum says so", 'abuse'),
    ('my parents are taking me to somalia this summer to be cut', 'abuse'),
    ('i think im being used to sell drugs', 'abuse'),
    ('there are older lads who give me money to hold stuff for them', 'abuse'),
    ('my mum tried to strangle me', 'abuse'),
    ('i get hit with a belt', 'abuse'),
    ("my friend's dad is abusing her", 'abuse'),
    ('my bf slapped me', 'abuse'),
    ('my stepdad is violent', 'abuse'),
    ('dad beat me up last night', 'abuse'),
    ('mums bf hits me', 'abuse'),
    ('i get battered at home', 'abuse'),
    ('my uncle did stuff to me when i was little', 'abuse'),
    ('he touched me down there', 'abuse'),
    ('my step brother makes me do things i dont want to', 'abuse'),
    ('theres no food in the house and my mum hasnt been home in 3 days', 'abuse'),
    ('my ex is threatening to send my nudes to my mum', 'online-exploitation'),
    ('someone is pretending to be a 15 year old girl but i think theyre a man',
     'online-exploitation'),
    ('he sends me really sexual messages and im 12', 'online-exploitation'),
    ('someone is sending me nudes and asking for mine', 'online-exploitation'),
    ('an old man online keeps messaging me', 'online-exploitation'),
    ('a 30 year old wants to meet me', 'online-exploitation'),
    ('my gf is sending my nudes to people', 'online-exploitation'),
    ('my boyfriend makes me send him pics', 'online-exploitation'),
    ('someone took a video of me getting changed and posted it', 'online-exploitation'),
    ('my friend is being groomed by an older guy on snapchat', 'online-exploitation'),
    ('my mate sent nudes and now hes being blackmailed', 'online-exploitation'),
    ('my coach asked me to keep our messages secret', 'online-exploitation'),
    ('i met a guy on wizz and he wants me to send nudes', 'online-exploitation'),
    ('a girl i met online turned out to be a man', 'online-exploitation'),
    ('someone is threatening to send my video to everyone at school unless i pay',
     'online-exploitation'),
    ('some ai app made naked pics of me', 'online-exploitation'),
    ('a man on snapchat asked me to send him a video of me in the shower', 'online-exploitation'),
    ('my pics are on a website and i was only 14', 'online-exploitation'),
    ('i sent a photo to my boyfriend and now he is showing everyone', 'online-exploitation'),
    ('someone hacked my account and has my private photos and wants money', 'online-exploitation'),
    ('an older boy i met gaming wants me to come to his house and not tell anyone',
     'online-exploitation'),
    ('some guy online asked me for nudes', 'online-exploitation'),
    ('im being blackmailed', 'online-exploitation'),
    ('this guy from snap says hes gonna send my pics to my mum', 'online-exploitation'),
    ('i sent nudes to someone i met online and now im scared', 'online-exploitation'),
    ('a stranger on roblox asked how old i am and for my address', 'online-exploitation'),
    ('an older man keeps messaging my daughter on instagram', 'online-exploitation'),
    ('someone photoshopped my face onto a naked body', 'online-exploitation'),
]

EVERYDAY_MESSAGES = [
    "this maths homework is actually killing me",
    "i'm literally dead 💀💀 that was so funny",
    "omg im deaddd 😂",
    "my phone's on 1% its about to die",
    "i'd kill for a maccies rn",
    "we absolutely killed it at the concert",
    "dyeing my hair purple tomorrow",
    "my grandad died last year and i miss him",
    "the teacher is gonna murder me for being late",
    "my mum will kill me if i'm late again",
    "bruh i nearly died when he said that",
    "im so done with revision",
    "i'm dying of boredom in physics",
    "my plant is dying lol",
    "this song slaps",
    "my feet are killing me after walking all day",
    "i got hit by a football in pe",
    "my brother punched my arm for a joke",
    "we ran suicides in football training",
    "cutting my fringe myself was a mistake",
    "i'm so hungry i could eat a horse",
    "this game is so hard i want to throw my controller",
    "i keep dying on this level",
    "got killed in fortnite again",
    "that's such a killer outfit",
    "my battery died halfway through the film",
    "the exam was brutal, it destroyed me",
    "lol i'm crying 😭 this is so funny",
    "my dog bit me lol",
    "i want to cut down on sugar",
    "i need to cut back on my screen time",
    "i hurt my ankle at netball",
    "i burnt my hand on the kettle",
    "she slayed that performance",
    "i'm so tired i could sleep forever",
    "i'm dead tired after practice",
    "the new update killed my phone",
    "i'd rather die than sing in assembly",
    "can u help me revise for my biology exam",
    "my friends keep leaving me out",
    "i had a nosebleed in assembly and it wouldnt stop",
    "my cat scratched me and it's bleeding a bit",
    "dying laughing at this tiktok",
    "i'm gonna kill it at sports day",
    "i wish i was taller",
    "my mum is going to kill me, i broke the telly",
    "the suspense is killing me",
    "pls help i have a presentation tomorrow and im so nervous",
    "i take my antidepressants every morning",
    "do you know any places for anger management",
    "we're doing a project on online safety",
    "my brother kicked me out of his room",
    "he hit me up asking to hang out",
    "the heat is killing me today",
    "i'll die if i dont get tickets",
    "the knife crime assembly was so boring",
    "im gonna jump in the shower",
    "my nan is in hospital and i'm scared she'll die",
    "my boyfriend broke up with me and i'm heartbroken 💔",
    "i'm going to beat him at chess",
    "my coach pushed me really hard in training",
    "i'm not ok but i don't know why",
    "my sister stole my charger again i could kill her",
    "that plot twist had me dead",
    "been cutting out sugar this month",
    "anyone else dying to know who wins",
    # more, written as held-out checks while tuning
    'i wanna die of laughing', 'if i fail this test im gonna die',
    'my dads going to kill me when he sees the car', 'i literally want to die of embarrassment',
    'kill me now this lesson is so long', 'i hit my head on the door',
    'i banged my head on the cupboard', 'i cut myself on a piece of paper',
    'ive been cutting carbs', 'i got beat up at fortnite', 'im drowning in homework',
    'i could strangle my brother', 'my mum slapped my hand away from the biscuits lol',
    'my best friend killed me in fortnite', 'im crying my eyes out over this film',
    'i sent my mum a pic of my new haircut', 'my friend sent me a pic of her cat',
    'he asked for a pic of my outfit', 'my older cousin on insta posts cringe stuff',
    'my older brother plays roblox with me', 'meet up with my friends irl from discord',
    'my mum said to stop sending pics to my friends', 'im so bored i could die',
    'i swear my teacher wants me dead', 'i died when she walked in lol', 'rip my phone',
    "he's dead to me now", 'the party was dead', 'my grandma passed away',
    'i keep having nightmares about dying', 'my rabbit died this morning',
    'what do you do if you feel sad', 'i need help with stress', 'im anxious about my exams',
    'how do i stop overthinking', 'i feel lonely at school', 'my parents are always arguing',
    'i think i have depression', 'my friend ignores me', "i'm worried about my weight",
    'i got detention for nothing', 'can i talk to someone', 'where can i get counselling',
    'my brother is annoying', 'i cant sleep', 'i feel sick before school',
    'i got into a fight with my mate', 'we play fight all the time', 'i broke my arm at football',
    'i need to cut my nails', 'the game killed my vibe', "he's killing it on tiktok",
    'i want to quit football', 'my heart is broken', 'she hurt my feelings',
    'my dad hurt his back at work', 'my mum is in hospital', 'my cat hurt her paw',
    "i'm so stressed i could scream", "stop it you're killing me 😂",
    'i need a knife to cut the cake', 'our class did a lesson on suicide prevention',
    'im writing an essay about hamlet and death', 'my grandad killed it at bingo',
    'the cake is to die for', "he got roasted so hard he's dead",
    'we were dying of heat on the trip', 'our teacher made us run suicide sprints',
    'my fish is dead', 'my xbox died', 'that speech slayed', "i'd literally die without my phone",
    "i'm dead serious", 'the film was about a serial killer',
    'i watched a horror film with loads of blood in the film', 'my mum cuts my hair',
    "i'm getting my hair cut", 'i cut my hand on a tin can', 'i cut class today lol',
    'i want to be a doctor', "i'm worried about my gcses", 'i dont want to go to school tomorrow',
    'my friend keeps ghosting me', 'my boyfriend cheated on me',
    "i hate my sister she's so annoying", 'my dad is so strict', 'my parents took my phone off me',
    'im grounded for a week', 'can i talk to someone about my anxiety', 'how do i make friends',
    'i feel so alone', "i'm stressed about moving house", 'my dog ran away', 'i feel numb',
    'im jealous of my friends', 'i keep crying for no reason', 'my teacher shouted at me',
    'i got a bad mark', 'help me sleep', 'i drank too much at a party', 'i vape a lot',
    'can you get addicted to tiktok', "i'd die for my friends", "my brother's a killer at chess",
    'the bus was dead slow', "i'm dead excited for prom", "i'm gonna die laughing",
    'i killed my mocks', 'lol u killed me with that', 'the battery on my ipad is dead',
    'my nan has a bad cut on her leg', 'i slipped and cut my knee',
    'the knife was blunt so i couldnt cut my steak', 'i wanna punch my pillow when im angry',
    'i cried so hard at the end of the film', "i got my period and it's really heavy",
    'i want to scream into a pillow', 'my mum grounded me', 'my dad took my xbox',
    'i hate my dad sometimes', 'my parents shout a lot', "my brother won't stop annoying me",
    'i fell off my bike and it hurt', 'i feel like a failure', 'everyone would laugh at me',
    'no one likes me at school', 'i hate myself sometimes', "i'm so ugly", 'i want to get fit',
    'i need to lose weight', "i'm scared of spiders", "i'm scared of the dark",
    "i'm scared of my exam results", "i'm terrified of the dentist",
    "my dad is scary when he's angry", 'i hate pe because people laugh at me',
    'i want to run away from all my problems', "i'm drowning in coursework",
    "i cut my own fringe and it's awful", 'i burnt my toast',
    'im gonna kill him lol he spoiled the film', 'shoot me now',
    'im so dead when my mum sees this', 'if my dad sees my grades im dead',
    'i could murder a kebab', 'this wifi is killing me', 'my phone is on 2% help',
    "i've got a killer headache", 'that was sick bro', 'we got destroyed in the match',
    'my mum is gonna go mental', "i'm dying here it's so hot", 'i nearly died of shock',
    'ugh kill me', "my brother's gonna be the death of me", 'stop being so dramatic',
    "it's the end of the world lol", 'my life is over my phone broke', 'i wanna go home',
    'i want to go to sleep', "i'm so sleepy i could die", 'my sister cut her hair really short',
    'i cut my foot on a shell at the beach', 'the cat scratched me',
    'i fell and there was blood on my knee', 'my gums bleed when i brush',
    'i got a blood test today', "i'm going to the doctors about my anxiety",
    'my mum said no to the party', 'my friends are going to kill me for being late',
    'ill never forgive him', 'i hate school so much', 'i hate my life sometimes',
    "i'm so over this", 'done with today', 'can i get help with stress',
    'my mates are all ignoring me', 'i want to change schools', "i'm scared of failing",
    'what does it mean if you feel empty',
]


def test_the_recall_set_is_big_enough_and_not_copied_from_the_rules():
    examples = {ex.lower() for r in RULES.rules for ex in (*r.must_match, *r.must_not_match)}
    examples |= {ex.lower() for i in RULES.idioms for ex in i.examples}
    assert len(RISK_MESSAGES) >= 120 and len(EVERYDAY_MESSAGES) >= 60
    assert not examples & {t.lower() for t, _ in RISK_MESSAGES}
    assert not examples & {t.lower() for t in EVERYDAY_MESSAGES}


@pytest.mark.parametrize(("text", "category"), RISK_MESSAGES, ids=[t for t, _ in RISK_MESSAGES])
def test_every_clear_risk_statement_escalates(text, category):
    assert assess(text, RULES) != ()


def test_at_least_ninety_percent_of_risk_statements_get_the_right_category():
    right = [t for t, category in RISK_MESSAGES if _top(t) and _top(t).category == category]
    assert len(right) / len(RISK_MESSAGES) >= 0.9


def test_at_most_ten_percent_of_everyday_messages_raise_a_false_alarm():
    alarms = [t for t in EVERYDAY_MESSAGES if assess(t, RULES)]
    assert len(alarms) / len(EVERYDAY_MESSAGES) <= 0.1, alarms


# ----------------------------------------------------------------------- the red-team holdout
# tests/risk_holdout.yaml: messages written apart from the rules (part 1 before reading them), in
# the ways young people in England and the adults around them write. Regression tests: every
# clear risk statement escalates, the category is right for >= 90%, false alarms <= 5%.

HOLDOUT = yaml.safe_load((Path(__file__).resolve().parent / "risk_holdout.yaml")
                         .read_text(encoding="utf-8"))
HOLDOUT_RISK = [(c["message"], c["escalation"], c["about"]) for c in HOLDOUT if c["escalation"]]
HOLDOUT_EVERYDAY = [c["message"] for c in HOLDOUT if not c["escalation"]]


def _plain(text: str) -> str:
    return " ".join("".join(ch for ch in text.lower() if ch.isalnum() or ch == " ").split())


def test_the_holdout_is_well_formed_big_enough_and_kept_apart_from_the_rules():
    assert all(set(c) == {"message", "escalation", "about"} for c in HOLDOUT)
    assert all(c["escalation"] in CATEGORIES and c["about"] in ("self", "someone-else") for c in HOLDOUT
               if c["escalation"])
    assert all(c["about"] is None for c in HOLDOUT if not c["escalation"])
    assert len(HOLDOUT_RISK) >= 170 and len(HOLDOUT_EVERYDAY) >= 80
    assert {category for _, category, _ in HOLDOUT_RISK} == set(CATEGORIES)
    assert {about for _, _, about in HOLDOUT_RISK} == {"self", "someone-else"}
    plain = [_plain(c["message"]) for c in HOLDOUT]
    assert len(plain) == len(set(plain)), "duplicate holdout messages"
    examples = {_plain(ex) for r in RULES.rules for ex in (*r.must_match, *r.must_not_match)}
    examples |= {_plain(ex) for i in RULES.idioms for ex in i.examples}
    assert not examples & set(plain), "a holdout message was copied into the rules' examples"


@pytest.mark.parametrize(("text", "category", "about"), HOLDOUT_RISK,
                         ids=[t for t, _, _ in HOLDOUT_RISK])
def test_every_held_out_risk_statement_escalates(text, category, about):
    assert assess(text, RULES) != ()


def test_the_held_out_category_is_right_at_least_ninety_percent_of_the_time():
    wrong = [(t, _top(t).category if _top(t) else None) for t, category, _ in HOLDOUT_RISK
             if not _top(t) or _top(t).category != category]
    assert 1 - len(wrong) / len(HOLDOUT_RISK) >= 0.9, wrong


def test_the_held_out_writer_or_someone_else_is_right_at_least_ninety_percent_of_the_time():
    wrong = [t for t, _, about in HOLDOUT_RISK if not _top(t) or _top(t).about != about]
    assert 1 - len(wrong) / len(HOLDOUT_RISK) >= 0.9, wrong


def test_at_most_five_percent_of_held_out_everyday_messages_raise_a_false_alarm():
    alarms = [t for t in HOLDOUT_EVERYDAY if assess(t, RULES)]
    assert len(alarms) / len(HOLDOUT_EVERYDAY) <= 0.05, alarms


def test_a_key_given_twice_is_refused_not_silently_dropped(tmp_path):
    # PyYAML keeps the last of two equal keys; a second spelling list or concept of the same
    # name once deleted reviewed entries without a word. The loader now names both lines.
    text = RULES_FILE.read_text(encoding="utf-8").replace(
        "\nspellings:\n", "\nspellings:\n  'do not': [dnt]\n  'do not': [dnot]\n", 1)
    path = tmp_path / "risk_rules.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="'do not' is given twice"):
        load_rules(path)


@pytest.mark.parametrize("text, staff", [
    ("PE teacher: noticed neat parallel lines on a Year 8 girl's leg", True),
    ("Year 9 tutor noticed a girl crying in the toilets", True),
    ("A dad grabbed his son by the throat at the match. Several of us coaches saw it", True),
    ("my teacher saw my cuts", False),
    ("my coach noticed my arms in training", False),
    # Blind batch 21: staff notes that open with the kind of record, or a role "in year 4".
    ("Welfare concern: a Year 2 boy came in with a burn on his hand", True),
    ("Concern regarding a Year 11 student who has stopped eating lunch", True),
    ("Teaching assistant in reception. A girl said her uncle hurts her", True),
    ("Concern about my own drinking at uni", False),
    # Blind batch 22: a student writing about their own loan is not staff writing about a student.
    ("student loan gone, rent due and i cant see a way out", False),
    ("Student here, my flatmate is really struggling", False),
    # Blind batch 34: professionals' shorthand straight into the case.
    ("SW, on duty. Anon referral: 8yo seen with bruising to face", True),
    ("School nurse - 15yo presenting with low mood", True),
    ("YOT worker. YP on my caseload said he won't be here", True),
    ("Health visitor - home visit today, baby underweight", True),
    ("PCSO - 14yo boy reporting sextortion via Instagram", True),
    ("pc keeps crashing when i play fortnite", False),
    ("teacher keeps picking on me in front of everyone", False),
    # Blind batch 36: grown-up brothers and sisters, step-parents, volunteers, a tutor's year group.
    ("My little brother is 12 and I'm 19, he asked me how many paracetamol it would take", True),
    ("I'm 18 and I've got three little brothers, dad threw a plate at the youngest", True),
    ("I'm a stepmum to a 12 year old girl who stays every other weekend", True),
    ("I help out with an under-12s football team on Saturdays", True),
    ("I help run after-school classes at our mosque", True),
    ("I'm a Year 10 tutor and one of the boys waited behind", True),
    ("I'm 19 and I keep thinking about ending it", False),
    ("my little brother is 12 and he keeps hitting me", False),
    # Blind batch 39: staff notes that open with the child and their age, or a sport's squad.
    ("Girl (14) at youth club showed me photos of burns on her legs", True),
    ("YP (13) showed us messages from an adult 'modelling scout'", True),
    ("14yo lad on our boxing programme turned up with a slashed hand", True),
    ("U12 player keeps arriving without food", True),
    ("One of my gymnasts (15) has repeated small cuts on her hips", True),
    ("Y7 girl just told me she is going back home for a special ceremony", True),
    # ...and a young person who gives their own age is the writer, not a carer.
    ("im a 14 year old girl and my stepdad hits me", False),
    ("i am a 13 yo boy and i cut myself", False),
    ("girl 14 here, my dad hits me", False),
    # Topics batch 31: school leads and a step-parent who open with their role.
    ("Mental health lead at a secondary. Lots of our Year 11s have exam anxiety", True),
    ("Primary head. A Year 5 girl turns up shattered every day", True),
    ("Stepdad here. My partner's 15 year old won't say a word to me", True),
    ("the head teacher shouted at me in front of everyone", False),
])
def test_a_role_that_opens_the_message_then_what_they_saw_is_a_grown_up_writing(text, staff):
    # Blind batch 17: "PE teacher: noticed..." and "us coaches saw it" were read as the writer's
    # own risk; "my teacher saw my cuts" is still a young person writing about themselves.
    from app.chat.risk import _forms
    from app.chat.subject import carer_writing
    assert carer_writing(_forms(text, RULES, None)[0]) is staff


@pytest.mark.parametrize("text, category, about", [
    # Blind batch 33: a writer who says outright that the question is about them.
    ("If a person has thought about suicide every day, is that normal? I am asking about me.",
     "suicidal-thoughts", "self"),
    ("what if someone wanted to kill themselves, this is about me btw", "suicidal-thoughts", "self"),
    # ...and another person as the subject of a state just before the match.
    ("My friend, she is 14, her father beat her. She is afraid to go home today. What can I do?",
     "abuse", "someone-else"),
    ("i am afraid to go home today, my dad beat me", "abuse", "self"),
])
def test_who_it_is_about_follows_what_the_writer_says_outright(text, category, about):
    assert any((m.category, m.about) == (category, about) for m in assess(text, RULES)), \
        assess(text, RULES)


@pytest.mark.parametrize("text, fires", [
    # Blind batch 33: a parent's report where the child's excuse names drama; "her arm" is the
    # child the parent writes about, not a character in a play.
    ("My 15 year old snatched her iPad off me. It showed a close-up of her own arm with rows of "
     "lines on it. She says it is special effects makeup for drama.", True),
    ("In drama we painted rows of fake cuts on a dummy arm for the zombie play", False),
])
def test_a_parents_report_is_not_silenced_by_a_school_word_elsewhere(text, fires):
    found = [m for m in assess(text, RULES) if m.category == "self-harm"]
    assert bool(found) is fires, found


@pytest.mark.parametrize("text, urgent", [
    # Blind batch 34: "he'll kill me if..." is everyday hyperbole, unless the writer says it is not.
    ("my mum is gonna kill me when she sees my report", False),
    ("My dad said if I come home tonight he'll kill me because of my report. I don't think he's "
     "joking", True),
])
def test_a_threat_the_writer_says_is_meant_is_not_hyperbole(text, urgent):
    found = [m for m in assess(text, RULES) if m.level == "urgent"]
    assert bool(found) is urgent, found
