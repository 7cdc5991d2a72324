"""Risk rules: every reviewed example, idioms, negation, who it is about, priority, failing
closed, the strict loader, and recall / false alarms on messages written apart from the rules."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

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


def _ids(match: str) -> set[str]:
    return {m.rule_id for m in assess(match, RULES)}


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
    (["online-exploitation", "abuse"], "abuse"),
    (["online-exploitation"], "online-exploitation"),
]


@pytest.mark.parametrize(("categories", "expected"), PRIORITY, ids=[e for _, e in PRIORITY])
def test_primary_picks_the_most_urgent_category(categories, expected):
    assert primary([_match(c) for c in categories]).category == expected


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


def test_a_chat_turn_is_checked_well_under_five_milliseconds():
    texts = [t for t, _ in RISK_MESSAGES] + EVERYDAY_MESSAGES
    start = time.perf_counter()
    for text in texts:
        assess(text, RULES, corrected=text)
    average = (time.perf_counter() - start) / len(texts)
    assert average < 0.005
