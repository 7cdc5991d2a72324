"""The blind topic batch (tests/topics_batch_1.yaml) keeps the figures issue 9 reached.

Written without sight of the taxonomy, scored before the fixes (first sight: topic recall 70.8%,
no clearly wrong topic 56.7%, fitting service first 40.1%, in the first three 74.0%); kept as a
regression set. Scored by scripts/score_topics.py through the real /api/chat.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BATCH = yaml.safe_load((ROOT / "tests" / "topics_batch_1.yaml").read_text(encoding="utf-8"))
_spec = importlib.util.spec_from_file_location("score_topics", ROOT / "scripts" / "score_topics.py")
score_topics = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_topics)

# Reached 97.9%, 90.9%, 93.2% and 97.4%, less a small margin (issue 9 targets: 95%, 90%, 90%).
FLOORS = {"recall": 0.96, "clean": 0.89, "first": 0.90, "top3": 0.95}


def test_the_batch_is_large_and_covers_the_new_topics():
    assert len(BATCH) >= 150
    slugs = {slug for case in BATCH for slug in case["topics"] or ()}
    assert {"running-away", "family-prison", "parent-mental-health", "screen-time"} <= slugs


def test_the_blind_batch_keeps_its_topic_and_service_figures(client):
    out = score_topics.score(BATCH, client)
    reached = score_topics.figures(out)
    print({key: round(value, 3) for key, value in reached.items()})  # noqa: T201
    for key, floor in FLOORS.items():
        assert reached[key] >= floor, (key, reached[key], out["missed"] if key == "recall" else
                                       out["wrong"] if key == "clean" else out["not_first"][:20])


# Blind batch 2 (tests/topics_batch_2.yaml), written on 2026-12-05 without sight of the taxonomy
# or batch 1, scored at first sight: recall 91.5%, no clearly wrong topic 73.0%, fitting service
# first 63.7%, in the first three 83.8%. Later fixes reached 92.3%, 73.7%, 78.4% and 90.0%; kept
# at those less a margin. Issue 9's 90% fitting-first target is not met on it yet.
FLOORS_2 = {"recall": 0.90, "clean": 0.72, "first": 0.75, "top3": 0.87}
# Blind batch 3 (tests/topics_batch_3.yaml, 263 messages, 44% from parents and staff), written
# on 2026-12-05 without sight of the taxonomy or earlier batches, scored at first sight: recall
# 82.1%, no clearly wrong topic 68.4%, fitting service first 58.2%, in the first three 73.8%.
# After its fixes (situations described in the taxonomy, staff and parents recognised by their
# roles) and later batches': 98.5%, 73.0%, 74.5% and 86.7%; kept at those less a margin.
FLOORS_3 = {"recall": 0.96, "clean": 0.70, "first": 0.71, "top3": 0.83}
# Blind batch 4 (tests/topics_batch_4.yaml, 205 messages), written after batch 3's fixes and
# scored at first sight: recall 90.7%, no clearly wrong topic 70.2%, fitting service first 63.4%,
# in the first three 80.5%. After its fixes (staff offered services for the pupil, a service
# for autistic people only for words about autism): 99.0%, 73.2%, 69.8% and 85.9%.
FLOORS_4 = {"recall": 0.96, "clean": 0.70, "first": 0.67, "top3": 0.83}
# Blind batch 5 (tests/topics_batch_5.yaml, 173 messages), written after batch 4's fixes and
# scored at first sight: recall 95.4%, no clearly wrong topic 79.2%, fitting service first 75.7%,
# in the first three 85.5%. After its fixes (a service for the situation the person led with,
# such as Nacoa when a parent drinks): 95.4%, 79.2%, 76.9% and 86.1%.
FLOORS_5 = {"recall": 0.93, "clean": 0.76, "first": 0.74, "top3": 0.83}
# Blind batch 6 (tests/topics_batch_6.yaml, 160 messages, 40% from parents and staff), written
# after batch 5's fixes and scored at first sight: recall 89.4%, no clearly wrong topic 72.5%,
# fitting service first 74.4%, in the first three 85.6%. After its fixes (staff recognised by a
# role that opens the message; situations such as being followed round shops, plans changing,
# a parent who is sad a lot; "i check my phone" is screen time, "he checks my phone" is
# control): 98.8%, 79.4%, 78.8% and 88.8%.
FLOORS_6 = {"recall": 0.96, "clean": 0.77, "first": 0.76, "top3": 0.86}
# Blind batch 7 (tests/topics_batch_7.yaml, 160 messages, 45% from parents, grandparents and
# staff), written after batch 6's fixes and scored at first sight: recall 84.4%, no clearly wrong
# topic 60.6%, fitting service first 66.9%, in the first three 83.8%. After its fixes (situations
# such as a lunch put in the bin, a parent "poorly in his head", a brother "in pen", handwashing,
# being rated or mooed at, a farm miles from anyone; "caring what people think" is not caring for
# someone, a kinship or foster carer is not a young carer, "rips up" is not RIP): 99.4%, 73.1%,
# 80.0% and 93.8%.
FLOORS_7 = {"recall": 0.97, "clean": 0.71, "first": 0.78, "top3": 0.91}
# Blind batch 8 (tests/topics_batch_8.yaml, 160 messages, 45% from parents, carers and staff),
# written after batch 7's fixes and scored at first sight: recall 91.9%, no clearly wrong topic
# 68.8%, fitting service first 69.4%, in the first three 84.4%. After its fixes (balloons and
# bag, "on the ale", a mam always crying on the phone, dreading Mondays, loud bangs, a dad who
# "used to go for my mum"; a page that rips, a voice on the phone and "won't come out for ages"
# raise nothing): 98.8%, 72.5%, 74.4% and 88.8%.
FLOORS_8 = {"recall": 0.97, "clean": 0.71, "first": 0.73, "top3": 0.87}
# Blind batch 9 (tests/topics_batch_9.yaml, 160 messages, 34% from parents, carers and staff),
# written after batch 8's fixes and scored at first sight: recall 91.2%, no clearly wrong topic
# 68.1%, fitting service first 75.0%, in the first three 83.8%, ordinary messages escalated 4.8%.
# After its fixes (situations such as checking a wardrobe five times "or something bad will
# happen", whispering heard at night, a period missed, "cannot get off tiktok", a psych ward,
# going off overnight, a child who looks after a parent with MS; "sleep around" and "everyone on
# my snap" raise nothing) and batch 10's: 100%, 73.8%, 81.9% and 91.9%, with 2.7% escalated.
FLOORS_9 = {"recall": 0.98, "clean": 0.70, "first": 0.81, "top3": 0.90}
# Blind batch 10 (tests/topics_batch_10.yaml, 160 messages, 38% from parents, carers and staff),
# written after batch 9's fixes and scored at first sight: recall 90.6%, no clearly wrong topic
# 60.6%, fitting service first 71.9%, in the first three 82.5%, ordinary messages escalated 7.4%.
# After its fixes (doing lines, a check-the-hob routine, coming on at school, not fancying anyone,
# a partner who hits a dad, a pupil who died in a road accident; "I throw things" is anger, not
# someone at home throwing things; racist abuse is discrimination, not a safeguarding alarm; a
# voice heard in the head is not a carer's words; a line for men experiencing abuse is not for
# a 15-year-old): 100%, 63.8%, 80.6% and 89.4%, with 3.4% escalated (grooming and image-sharing
# the writer listed as ordinary; a bereavement by suicide).
FLOORS_10 = {"recall": 0.98, "clean": 0.62, "first": 0.78, "top3": 0.87}
# Blind batch 11 (tests/topics_batch_11.yaml, 160 messages, 38% from parents, carers and staff,
# with madrasa, church and dance teachers), written after batch 10's fixes and scored at first
# sight: recall 88.8%, no clearly wrong topic 71.2%, fitting service first 74.4%, in the first
# three 82.5%, ordinary messages escalated 8.7%. After its fixes (a mum who stays in bed and
# cries, a dad in hospital for his mental health, "the extra in my own life", an intrusive
# thought of pushing someone in front of a train is OCD, a pupil not yet out to their parents is
# not an adult's secret, "not allowed to tell anyone at school" about prison): 100%, 78.1%,
# 81.2% and 90.6%, with 4.7% escalated.
FLOORS_11 = {"recall": 0.98, "clean": 0.76, "first": 0.79, "top3": 0.88}
# Blind batch 12 (tests/topics_batch_12.yaml, 160 messages: Gen Alpha and regional slang, long
# messages with one main worry, a setting or a parent's mood only as background), written after
# batch 11's fixes and scored at first sight: recall 86.9%, no clearly wrong topic 55.0% (74.4%
# as judged by an independent reviewer), fitting service first 76.2%, in the first three 88.1%,
# ordinary messages escalated 3.1%. After its fixes (screen time as "brainrot" and "til 3am",
# "fanum taxing my lunch", followed round shops by security, "feel red inside", a parent taking a
# sibling's side; "in an app", "the email" or "on the phone" inside a story is not a wish to be
# contacted that way, which had left an eating worry with no services at all): 100%, 66.2%,
# 85.0% and 95.6%, with 3.1% escalated (a fake account, hunger at home, a bereavement by suicide).
FLOORS_12 = {"recall": 0.98, "clean": 0.64, "first": 0.83, "top3": 0.93}
# Blind batch 13 (tests/topics_batch_13.yaml, 160 messages: 20% from school, college and
# university staff, places in England, two worries with one leading, look-alikes such as "panic
# buying"), written after batch 12's fixes and scored at first sight: recall 88.1%, no clearly
# wrong topic 69.4% (87.5% as judged by an independent reviewer), fitting service first 79.4%,
# in the first three 92.5%, ordinary messages escalated 3.1%. After its fixes (third wheel, can't
# juggle it all, "the foreign one", stayed out overnight, not been the same since; picking fights
# is anger, picking fights with me is bullying; "transfer" is not corrected to "transfem"; a
# parent about to be made homeless and a sixth former of 18 told to leave get housing help):
# 99.4%, 75.6% (93.1% judged), 86.2% and 96.2%, with 1.9% escalated.
FLOORS_13 = {"recall": 0.97, "clean": 0.73, "first": 0.84, "top3": 0.94}
# Blind batch 14 (tests/topics_batch_14.yaml, 160 messages: younger children, English as an
# additional language, voice-to-text slips, a setting named in passing, a wish for a way to talk),
# written after batch 13's fixes and scored at first sight: recall 92.5%, no clearly wrong topic
# 60.6% (75.0% as judged by an independent reviewer), fitting service first 68.8%, in the first
# three 83.8%, ordinary messages escalated 2.5%. After its fixes (parents who clash, "u fancy
# them", "says i smell", how my legs look, running out of food before payday, a brother with
# court next week, YouTube shorts; hearing parents through the wall, ordering food, "cut down
# on", "pushing her too hard" and a child's carer raise nothing; "can't focus" alone is no longer
# ADHD; a service made for another situation, such as autism for dyslexia, is left out): 100%,
# 68.1% (85.0% judged), 71.9% and 88.1%, with 0.6% escalated.
FLOORS_14 = {"recall": 0.98, "clean": 0.66, "first": 0.70, "top3": 0.86}
# Blind batch 15 (tests/topics_batch_15.yaml, 160 messages in ordinary everyday wording, 45%
# from parents, grandparents, school, college and university staff and youth workers), written
# after batch 14's fixes and scored at first sight: recall 94.4%, no clearly wrong topic 63.1%
# (82.5% as judged by an independent reviewer), fitting service first 72.5%, in the first three
# 86.9%, ordinary messages escalated 1.2% ("constantly on edge" read as at an edge; a child
# asking if her mum is going to die too). After its fixes (a boss piling work on, not in school
# for weeks, no proper conversation in weeks, redoing things until they feel right, gaming till
# 4am, caring what people think, falling out with family; "wound up", "froze" and "violence"
# alone only set the scene): 99.4%, 66.9% (85.0% judged), 73.8% and 88.1%, with none escalated.
FLOORS_15 = {"recall": 0.97, "clean": 0.65, "first": 0.72, "top3": 0.86}
# Blind batch 16 (tests/topics_batch_16.yaml, 160 messages, half from young people, many aged
# 8-13), written after batch 15's fixes and scored at first sight: recall 93.1%, no clearly wrong
# topic 60.0% (78.8% as judged by an independent reviewer), fitting service first 70.6%, in the
# first three 82.5%, ordinary messages escalated 1.9%. After its fixes (getting grief from older
# lads is bullying, not bereavement; not much food at the end of the month, worst in my class,
# taken on too much, drank way too much; "a burden asking every week" is not a suicide warning):
# 96.2%, 62.5% (80.6% judged), 71.2% and 82.5%, with 1.2% escalated.
FLOORS_16 = {"recall": 0.94, "clean": 0.60, "first": 0.69, "top3": 0.80}
# Blind batch 17 (tests/topics_batch_17.yaml, 160 messages in everyday wording, the worry told
# as a situation, 45% from parents, grandparents, staff, youth workers and coaches), written
# after batch 16's fixes and scored at first sight: recall 88.8%, no clearly wrong topic 72.5%
# (90.6% as judged by an independent reviewer), fitting service first 75.6%, in the first three
# 86.9%, ordinary messages escalated 2.0%. After its fixes (feeling sick or freezing up before a
# match, something bad will happen, low all the time, used to be chatty, cutting out food groups,
# a parent's arguments about money, lost his older brother; "over and over", "body" and "took my
# phone" alone only set the scene; a cut on a knee is not self-harm; a poster, coursework or
# training about a risk topic gets the services that specialise in it): 95.0%, 79.4% (95.6%
# judged), 80.6% and 93.1%, with 1.4% escalated.
FLOORS_17 = {"recall": 0.94, "clean": 0.78, "first": 0.79, "top3": 0.92}
# Blind batch 18 (tests/topics_batch_18.yaml, 160 messages, no risk topics, many with two
# worries where one leads, 40% from parents, carers and staff), written after batch 17's fixes
# and scored at first sight: recall 95.6%, no clearly wrong topic 80.6% (94.4% as judged by an
# independent reviewer), fitting service first 84.4%, in the first three 95.6%, ordinary messages
# escalated 1.2% ("this christmas is hitting me really hard" read as violence now; a fake account
# in the writer's name, a reviewed rule). After its fixes (they'll all laugh at me is a worry,
# protein shakes and feeling tiny, no privacy, always on my phone is screen time, scrolling TikTok
# till 2am, a student loan, going off to his dad's without telling his mum, "call him a
# terrorist" and a broken "because he is muslim" phrase): 100%, 83.1% (96.9% judged), 86.9% and
# 97.5%, with 0.6% escalated.
FLOORS_18 = {"recall": 0.98, "clean": 0.82, "first": 0.86, "top3": 0.96}
# Blind batch 19 (tests/topics_batch_19.yaml, 160 messages: a quarter from children aged 9-12
# writing simply, a quarter from 16-18-year-olds, a quarter from parents, carers and staff, and
# the rest indirect descriptions from 13-15-year-olds), written after batch 18's fixes and scored
# at first sight: recall 90.0%, no clearly wrong topic 76.2% (90.6% as judged by an independent
# reviewer), fitting service first 75.6%, in the first three 89.4%, ordinary messages escalated
# 2.5%. After its fixes (a best friend with a new best friend, dropped from a group chat, memes
# about her, a parent who takes a sibling's side, parents not speaking, leaving care, the only
# Black person on a course, a husband who drinks most nights, a brother coming home wasted,
# staying in bed and cannot face college, liking a friend who is a girl as a girl, a password
# taken and things bought, words that jump about): see FLOORS_19.
FLOORS_19 = {"recall": 0.97, "clean": 0.77, "first": 0.79, "top3": 0.93}
# Blind batch 20 (tests/topics_batch_20.yaml, 160 messages: a third from parents, carers,
# grandparents and staff, a quarter from young people writing in a second language or with
# learning needs, the rest young people describing the situation, not naming it), written after
# batch 19's fixes and scored at first sight: recall 88.1%, no clearly wrong topic 61.2% (86.2% as
# judged by an independent reviewer), fitting service first 78.8%, in the first three 88.1%,
# ordinary messages escalated 1.9%. After its fixes (a loader that had silently dropped phrases
# whose alternatives hold "dont", "wont" or "noone", a pet run over, picked last, rated out of
# 10, hating getting changed for PE, a first period, a boy inside, a friend's new group, a war
# back home seen again at night, a dad coming out of prison, gone quiet since): see FLOORS_20.
FLOORS_20 = {"recall": 0.97, "clean": 0.70, "first": 0.79, "top3": 0.89}
# Blind batch 21 (tests/topics_batch_21.yaml, 160 messages: 45% young people in regional dialect
# (Scouse, Geordie, Brummie, London, Yorkshire, Scots), text-speak and emoji, a quarter practical
# questions that never name the worry, the rest parents, carers, siblings and staff), written
# after batch 20's fixes and scored at first sight: recall 86.2%, no clearly wrong topic 67.5%
# (88.1% as judged by an independent reviewer), fitting service first 86.9%, in the first three
# 95.0%, ordinary messages escalated 1.9%. After its fixes (Scots and Geordie words read as
# English, a mam in bed for weeks, looking after a dad with MS, a belly that goes funny, a mum
# "inside", the pill, free breakfast in the holidays, changing a name on the register, blocking
# TikTok, a pet rabbit dying, sertraline, covering a spot, hard on herself, meltdowns after
# school, betting on his phone, monkey noises): see FLOORS_21.
FLOORS_21 = {"recall": 0.98, "clean": 0.76, "first": 0.89, "top3": 0.97}
# Blind batch 22 (tests/topics_batch_22.yaml, 160 messages: a third voice-typed with no
# punctuation and misheard words, a third children of 8 to 11 spelling by sound and adults who
# are not parents (grandparents, foster carers, coaches, youth workers), the rest teenagers in
# gaming, sport, part-time jobs and apprenticeships), written after batch 21's fixes and scored
# at first sight: recall 81.9%, no clearly wrong topic 57.5% (83.8% as judged by an independent
# reviewer), fitting service first 72.5%, in the first three 85.6%, ordinary messages escalated
# 1.2%. After its fixes (words spelt as they sound read as the taxonomy word they stand for, a
# nan who "past away", no minute to myself, a mum in hospital for her mental health, the war on
# the news, looking over my shoulder, a burner account posting clips of me, a dad who does not
# live here anymore, a pop-up prize, hearing whispering, everything gone grey, no one my age, the
# only Black player, one more game, a lad who likes a lad, pills at parties, on the bench every
# week; "in two", "sleep at" and "come out worse" no longer read as OCD, sleep or coming out):
# see FLOORS_22.
FLOORS_22 = {"recall": 0.98, "clean": 0.63, "first": 0.81, "top3": 0.94}
# Blind batch 23 (tests/topics_batch_23.yaml, 160 messages in ordinary everyday wording: about
# 60% young people and 40% parents, grandparents and school or club staff, describing what
# happened rather than naming it), written after batch 22's fixes and scored at first sight:
# recall 86.2%, no clearly wrong topic 59.4% (80.6% as judged by an independent reviewer),
# fitting service first 78.8%, in the first three 90.0%, ordinary messages escalated 0.6%. After
# its fixes (a chest that goes weird at the shop door, "what if" about everything, freezing in
# tests, barely coming out of his room, tiktoks made about me, strict about food, more than a
# friend, 0 to 100, a free PS5 link, going back to check, explaining my illness to my child;
# "cannot go on the trip" and "nagging him to death" no longer read as risk or grief): see
# FLOORS_23.
FLOORS_23 = {"recall": 0.99, "clean": 0.65, "first": 0.83, "top3": 0.93}
# Blind batch 24 (tests/topics_batch_24.yaml, 160 messages in everyday wording: 40% young
# people, 20% young adults at college, university or work, 20% parents and carers, 20%
# professionals writing quickly), written after batch 23's fixes and scored at first sight:
# recall 85.0%, no clearly wrong topic 62.5% (83.1% as judged by an independent reviewer),
# fitting service first 77.5%, in the first three 91.9%, ordinary messages escalated 4.4%. After
# its fixes (a tummy that hurts at sleepovers, crying in the car after shifts, mooing in the
# corridor, doors slamming, nowhere else to go at 18, too late to make friends, which controls
# to set up, saw a fire or a man collapse, reassurance that never lasts, staying at a friend's
# without telling us; "no safeguarding concerns", "it's hitting me" and "a car that got hit" no
# longer raise a risk topic, and "they say I'm smelly" is not neglect): see FLOORS_24.
FLOORS_24 = {"recall": 0.97, "clean": 0.66, "first": 0.83, "top3": 0.95}
# Blind batch 25 (tests/topics_batch_25.yaml, 160 messages across every everyday topic: 45%
# young people, 15% young adults, 20% parents and carers, 20% staff; a quarter long and
# wandering, a quarter in English as an additional language or written very literally),
# written after batch 24's fixes and scored at first sight: recall 85.6%, no clearly wrong topic
# 52.5% (78.1% as judged by an independent reviewer), fitting service first 74.4%, in the first
# three 86.2%, ordinary messages escalated 2.5%. After its fixes (a heart that goes mental, going
# off at my mum, knocked off my bike, talks to people who aren't there, a bag packed under my
# bed, copying how I talk, "they will be angry" is someone else's anger, a little brother who
# hits is family, safeguarding guidance and "when you cut yourself" in a lesson are not risk):
# see FLOORS_25.
FLOORS_25 = {"recall": 0.98, "clean": 0.60, "first": 0.81, "top3": 0.92}
# Blind batch 26 (tests/topics_batch_26.yaml, 160 messages: a third short openers of 3 to 10
# words, a third with two worries where one leads, a third around a moment in the year or in
# life such as results day, Ramadan, a new baby or a pet dying), written after batch 25's fixes
# and scored at first sight: recall 90.0%, no clearly wrong topic 72.5% (93.1% as judged by an
# independent reviewer), fitting service first 80.0%, in the first three 90.0%, ordinary messages
# escalated 3.8%. After its fixes (tapping everything 8 times, a fist through a door, bricking
# it, nobody has time for me, a group chat made to rip me, the only out person in my class;
# "fasting for Ramadan", "a nightmare with" and "a firework hit me" no longer raise eating,
# sleep or abuse; "won't put it down" is not a threat to post pictures): see FLOORS_26.
FLOORS_26 = {"recall": 0.98, "clean": 0.76, "first": 0.83, "top3": 0.92}
# Blind batch 27 (tests/topics_batch_27.yaml, 160 messages: 50 from children of 8 to 12 who
# describe the situation rather than name it, 50 from parents, carers, grandparents and staff,
# some long with one real worry among many details, 60 from teenagers), written after batch 26's
# fixes and scored at first sight: recall 81.2%, no clearly wrong topic 58.8% (81.2% as judged by
# an independent reviewer), fitting service first 76.9%, in the first three 90.0%, ordinary
# messages escalated 2.5%. After its fixes (a tummy that goes twisty, called fatty, red hot
# inside, the rubbish one, a day off, a brain that goes fast, in hospital because of her mind,
# an uncle going to court, monkey noises when I walk past; a real word is never spell-corrected
# into another; a parent's drinking brings Nacoa first; liking girls is not a trans service's
# situation): see FLOORS_27.
FLOORS_27 = {"recall": 0.98, "clean": 0.68, "first": 0.84, "top3": 0.95}
# Blind batch 28 (tests/topics_batch_28.yaml, 160 messages: 50 from young adults of 18 to 25,
# 50 from staff, coaches and youth workers who name what they saw, 60 from teenagers who tell
# the worry only through a situation or a detail), written after batch 27's fixes and scored at
# first sight: recall 67.5%, no clearly wrong topic 60.6% (76.9% as judged by an independent
# reviewer), fitting service first 61.9%, in the first three 73.1%, ordinary messages escalated
# 2.5%. After its fixes (situations such as a gaffer who shouts, no deposit, stings when I wee,
# put on the accent, rear ended, has her bad weeks, takes her mum to dialysis, brain feels fried;
# a service for sexual images or grooming online fits words about pictures or grooming, not a
# hacked account or a group chat): see FLOORS_28.
FLOORS_28 = {"recall": 0.95, "clean": 0.69, "first": 0.75, "top3": 0.85}
# Blind batch 29 (tests/topics_batch_29.yaml, 160 messages in ordinary everyday wording: 100
# from young people of 10 to 18, 30 from parents and carers, 30 from staff), written after batch
# 28's fixes and scored at first sight: recall 94.4%, no clearly wrong topic 74.4% (90.0% as
# judged by an independent reviewer), fitting service first 80.0%, in the first three 93.1%,
# ordinary messages escalated 1.9%. After its fixes (found a new group, on the outside of
# everything, won't accept me, has been arrested; a pupil questioning their gender who asks a
# teacher to keep it quiet is keeping their own news; a hoodie worn so no one sees a stomach is
# body image, not hidden injuries): see FLOORS_29.
FLOORS_29 = {"recall": 0.98, "clean": 0.73, "first": 0.82, "top3": 0.93}

# Blind batch 30 (tests/topics_batch_30.yaml, 160 messages: 40 typed by voice or in a hurry, 30
# from young people writing English as a second language, 40 with two or three worries mixed,
# 30 from adults around a child, 20 that describe a situation without naming the worry), written
# after batch 29's fixes and scored at first sight: recall 88.8%, no clearly wrong topic 63.8%
# (86.9% as judged by an independent reviewer), fitting service first 76.9%, in the first three
# 85.0%, ordinary messages escalated 2.6%. After its fixes (eating lunch in the library, nobody
# sees me, a parent not the same since, curtains shut for weeks, watched the sun come up, locks
# changed and bin bags; loud hand dryers are a sensory worry; 'so mum can work' is not
# 'mum's cans'): see FLOORS_30.
FLOORS_30 = {"recall": 0.96, "clean": 0.66, "first": 0.80, "top3": 0.90}

# Blind batch 31 (tests/topics_batch_31.yaml, 160 messages: 40 from boys and young men, 40 asked
# as questions, 30 from parents, carers and grandparents, 25 from 16-25s at college or work, 25
# from staff, youth workers and coaches), written after batch 30's fixes and scored at first
# sight: recall 91.2%, no clearly wrong topic 71.2% (85.6% as judged by an independent
# reviewer), fitting service first 76.9%, in the first three 90.0%, ordinary messages escalated
# 2.5%. After its fixes (in bed most of the week, do tea for my little brothers, a johnny that
# split, a section 21, staring at the ceiling, counts and taps in a fixed pattern; "it burns
# when I pee" is not self-harm): see FLOORS_31.
FLOORS_31 = {"recall": 0.98, "clean": 0.77, "first": 0.78, "top3": 0.91}

# Blind batch 32 (tests/topics_batch_32.yaml, 160 messages, 20 in each of eight themes: children
# of 8 to 11 writing themselves, 16-25s at college, university and work, disability, illness and
# neurodiversity, identity and belonging, family life, online life, body and mind, and parents and
# staff asking for a child), written after batch 31's fixes and scored at first sight: recall
# 81.9%, no clearly wrong topic 68.1% (85.6% as judged by an independent reviewer), fitting
# service first 68.1%, in the first three 81.2%, ordinary messages escalated 3.1%. After its fixes
# (a friend who does not want to be my partner any more, a dad moving out, having a baby with a
# new boyfriend, not knowing a soul, stopped going out with my mates, very withdrawn, startles at
# loud noises, "the p word", a dodgy link, a video of someone hurting an animal, shadows that look
# like people, not getting invited; a brother who beats me at Mario Kart is a game, not abuse; "not
# a safeguarding concern" is not one): see FLOORS_32.
FLOORS_32 = {"recall": 0.93, "clean": 0.68, "first": 0.72, "top3": 0.87}

# Blind batch 33 (tests/topics_batch_33.yaml, 160 messages in eight themes: changes and
# transitions, sport and performance, friendships and first relationships, home, online and
# games, feelings without the word, identity and difference, and parents and staff), written
# after batch 32's fixes and scored at first sight: recall 81.9%, no clearly wrong topic 66.2%
# (85.6% as judged by an independent reviewer), fitting service first 67.5%, in the first three
# 85.0%, ordinary messages escalated 1.2%. After its fixes (nobody here gets my jokes, legs like
# jelly, feel sick on the way there, season over, in my macros, weighed us in front of each
# other, perfect skin on my feed, rows about money, the electric went off, "go back where you came
# from"; free Robux for a login is a scam; a cricket ball in the face is sport): see FLOORS_33.
FLOORS_33 = {"recall": 0.93, "clean": 0.68, "first": 0.74, "top3": 0.90}

# Blind batch 34 (tests/topics_batch_34.yaml, 160 messages in eight themes: typed like a search
# or a question to a chatbot, very short messages, young carers and siblings of ill children,
# rural and small-town life, identity across settings, money and work for 16-25s, body and
# health with feelings, and parents and staff), written after batch 33's fixes and scored at
# first sight: recall 83.8%, no clearly wrong topic 72.5% (90.6% as judged by an independent
# reviewer), fitting service first 71.9%, in the first three 84.4%, ordinary messages escalated
# 0.6%. After its fixes (everyone forgets about me, the middle of nowhere, mum's insulin, the
# house revolves around my brother, gone backwards, might be ace, the manager shouts at me, the
# shortest in my year, my chest is growing; spots all over my face under a hoodie in summer is
# not hiding injuries): see FLOORS_34.
FLOORS_34 = {"recall": 0.93, "clean": 0.71, "first": 0.74, "top3": 0.89}

# Blind batch 35 (tests/topics_batch_35.yaml, 160 messages in eight themes: children of 8 to 11
# in their own words, faith and culture, sport and performance, online life beyond social media,
# worries described without their name, long rambling messages, misspelt or voice-typed
# messages, and parents, grandparents and coaches), written after batch 34's fixes and scored at
# first sight: recall 84.4%, no clearly wrong topic 53.8% (71.9% as judged by an independent
# reviewer), fitting service first 76.2%, in the first three 86.9%, ordinary messages escalated
# 3.1%. After its fixes (a parent opening "He's 10 and ...", a heart that suddenly went really
# fast, opening cases on skin sites, the number on every packet, an AI character app, putting my
# bag in the bin, saying my lunch stinks, braids against uniform rules, not knowing anyone at my
# new school; "skl" and "paranoid" only set the scene; Ramadan fasting is not an eating problem,
# a Discord server is not a home, touching a patka is not sexual abuse): see FLOORS_35.
FLOORS_35 = {"recall": 0.96, "clean": 0.62, "first": 0.83, "top3": 0.93}

# Blind batch 36 (tests/topics_batch_36.yaml, 160 messages in eight themes: 16-25s at university,
# work and renting, disability and long-term illness, LGBTQ+ young people beyond coming out,
# family changes, neurodivergent young people in their own words, very short messages, questions
# about getting help, and staff and parents asking about routes), written after batch 35's fixes
# and scored at first sight: recall 85.0%, no clearly wrong topic 68.1% (81.2% as judged by an
# independent reviewer), fitting service first 70.0%, in the first three 86.2%, ordinary messages
# escalated 3.1%. After its fixes (barely spoken to anyone on my corridor, homesick, nobody in my
# corner, so far behind everyone, not sure if I'm actually a girl, which parent to live with, ear
# defenders, a form tutor's "one of my girls", a TA's pupil who makes breakfast for his mum; "they
# haven't kicked me out" is not being thrown out, wanting to cut my screen time is not cutting, a
# canteen that smells is not neglect): see FLOORS_36.
FLOORS_36 = {"recall": 0.94, "clean": 0.77, "first": 0.73, "top3": 0.88}

# Blind batch 37 (tests/topics_batch_37.yaml, 160 messages in eight themes: money and work at home,
# loss and grief in many forms, sleep and body, refugees and young people new to English, children
# in care and care leavers, children of 7-11 and their parents, questions about the services, and
# staff asking where to send a pupil), written after batch 36's fixes and scored at first sight:
# recall 86.2%, no clearly wrong topic 72.5% (83.1% as judged by an independent reviewer), fitting
# service first 66.2%, in the first three 81.9%, ordinary messages escalated 1.9%. After its fixes
# (free school meals and a uniform grant are money, a lost baby and a grave are grief, remembering
# bad things from my country is trauma; "discharged me", "a diabetes diagnosis" and "talk about me
# like I'm not there" raise nothing on their own; "if I tell you, will you tell my school" is a
# question about confidentiality, not abuse): see FLOORS_37.
FLOORS_37 = {"recall": 0.90, "clean": 0.75, "first": 0.68, "top3": 0.84}

# Blind batch 38 (tests/topics_batch_38.yaml, 160 messages in eight themes written in everyday
# wording: friendships and falling out, food and body, anger and getting in trouble, online life,
# school pressure in detail, LGBTQ+ young people in everyday situations, feelings without naming
# them, and parents and staff asking what to do), written after batch 37's fixes and scored at first
# sight: recall 87.5%, no clearly wrong topic 78.1% (88.8% as judged by an independent reviewer),
# fitting service first 73.1%, in the first three 90.0%, ordinary messages escalated 1.2%. After its
# fixes (friends daring me, invited except me, eating lunch by myself, a heart racing out of
# nowhere, shutting down or shouting when told off, moved down a set, a fight video going round, a
# pupil asking to be called by a different name; "hurt her feelings" and "nothing touches me" are
# not abuse, and how to tell if a drink has been spiked is a safety question): see FLOORS_38.
FLOORS_38 = {"recall": 0.94, "clean": 0.80, "first": 0.75, "top3": 0.92}

# Blind batch 39 (tests/topics_batch_39.yaml, 160 messages in eight themes: transitions, physical
# health with feelings, young parents and pregnancy, young people in contact with the police or
# youth justice, sport and performance pressure, messages typed like search queries, culture and
# family expectations, and other relatives and staff asking how to help), written after batch 38's
# fixes and scored at first sight: recall 82.5%, no clearly wrong topic 75.0% (87.5% as judged by
# an independent reviewer), fitting service first 71.9%, in the first three 85.0%, ordinary
# messages escalated 1.9%. After its fixes (a young person's own arrest or court date is not a
# family member in prison, feeling thick or useless, dropped from the squad, froze on stage,
# translating for a parent, a council housing list, gave up social media, a letter about court is
# not a goodbye letter, a lunch that "smells" is not neglect, a parent kept from their child is not
# a controlling partner; an eating-disorder service is for words about eating, weight or the body,
# not acne alone): see FLOORS_39.
FLOORS_39 = {"recall": 0.94, "clean": 0.77, "first": 0.76, "top3": 0.91}

# Blind batch 40 (tests/topics_batch_40.yaml, 160 messages written as a typical week from a wide
# public, one theme per kind of writer: girls and boys of 12-15, 16-18s, 19-25s, children of 8-11,
# parents, school staff and very short messages), written after batch 39's fixes and scored at
# first sight: recall 96.9%, no clearly wrong topic 79.4% (93.1% as judged by an independent
# reviewer), fitting service first 75.6%, in the first three 85.6%, ordinary messages escalated
# 1.2%. After its fixes (a group chat without me, no one picks me, sitting in the library at
# break, xbox time, smelling smoke after a fire; spending on loot boxes with a parent's PayPal is
# not a gift from a stranger): see FLOORS_40.
FLOORS_40 = {"recall": 0.98, "clean": 0.78, "first": 0.76, "top3": 0.86}

# Blind batch 41 (tests/topics_batch_41.yaml, 160 messages in eight themes of the writer's
# choosing, covering every non-risk topic), written after batch 40's fixes and scored at first
# sight: recall 91.9%, no clearly wrong topic 73.1% (88.1% as judged by an independent reviewer),
# fitting service first 70.0%, in the first three 87.5%, ordinary messages escalated 1.9%. After
# its fixes (wound up with headaches every day, parents who expect straight 9s, friends moved away
# and barely talking to anyone, a dad off work with his nerves, an 8-year-old who screams when
# the tablet is taken, playing too much, controls on the wifi, jokes about Polish people, going
# downhill every winter; "tired of living two lives" about coming out and a brother's weed kept
# from mum are not risk): see FLOORS_41.
FLOORS_41 = {"recall": 0.97, "clean": 0.74, "first": 0.73, "top3": 0.87}

# Blind batch 42 (tests/topics_batch_42.yaml, 160 messages in eight themes: voice-typed and very
# short messages, boys and young men who understate, parents of 5-11s, young carers and busy
# homes, rural and coastal life, young people with SEND, staff asking about a pupil, and long
# rambling messages with the worry in the middle), written after batch 41's fixes and scored at
# first sight: recall 88.8%, no clearly wrong topic 71.9% (85.0% as judged by an independent
# reviewer), fitting service first 78.8%, in the first three 88.8%, ordinary messages escalated
# 1.2%. After its fixes (on my phone "to much", "bye sexual", can't make myself log off, kinda lost
# since dropping out, a mum not herself since the baby, a dad who stopped talking at tea, the
# invisible one at home, taking things literally, a school name on my profile; a mugging is not
# abuse at home, and "paracetamol" alone is not a risk topic): see FLOORS_42.
FLOORS_42 = {"recall": 0.96, "clean": 0.72, "first": 0.79, "top3": 0.90}

# Blind batch 43 (tests/topics_batch_43.yaml, 160 messages in eight themes: girls and young women
# writing as to a friend, young carers and children in kinship or foster care, questions about
# what help exists, feelings told only through the body, family change, identity, money, work and
# the future, and very short first lines), written after batch 42's fixes and scored at first
# sight: recall 85.6%, no clearly wrong topic 78.1% (88.8% as judged by an independent reviewer),
# fitting service first 76.2%, in the first three 85.0%, ordinary messages escalated 1.9%. After
# its fixes (a stomach that flips, hands that sweat, floaty and far away, a jaw aching from
# clenching, fists that go hot, not hungry for weeks, a pounding head after Saturday night, washed
# exactly six times, a dad who works away for weeks, a mum in hospital with her depression, a dad
# out of work; "someone to talk to that isn't my mum" is not a contact saved under a false name):
# see FLOORS_43.
FLOORS_43 = {"recall": 0.95, "clean": 0.78, "first": 0.81, "top3": 0.92}

# Blind batch 44 (tests/topics_batch_44.yaml, 160 messages in eight themes: teen slang, young
# people new to English, dads and male carers, exams from many angles, social media and phones,
# health conditions with feelings, relationships and sex, and tangled worries), written after
# batch 43's fixes and scored at first sight: recall 91.2%, no clearly wrong topic 71.2% (89.4% as
# judged by an independent reviewer), fitting service first 68.1%, in the first three 85.0%,
# ordinary messages escalated 1.2%. After its fixes (a nickname that is not funny anymore, a mum
# who isn't ok, a father very sad since coming to the UK, doing the school run for a sister, a
# snap streak, likes in the first hour, friends who have given up inviting me, people staring
# when I inject; a partner named only as company no longer leads, so condoms go to Brook first):
# see FLOORS_44.
FLOORS_44 = {"recall": 0.97, "clean": 0.75, "first": 0.71, "top3": 0.87}

# Blind batches 45 and 46 (tests/topics_batch_45.yaml and _46.yaml, 160 messages each; 45: asking
# for a friend, sixth formers and apprentices, children of 8-11, sport and the stage, faith and
# culture, "is it normal", foster and kinship care, a day described with no feeling words; 46:
# emoji and phonetic spelling, grandparents, moving school or town, bodies and puberty, online
# friends and gaming, anger and trouble, neurodivergent young people, tangled worries), written
# after batch 44's fixes and scored at first sight: 45 recall 83.1%, no clearly wrong topic 64.4%
# (79.4% judged), fitting service first 72.5%, in the first three 88.8%; 46 recall 92.5%, 63.8%
# (86.2% judged), 78.1%, 95.6%. After their fixes (a parent who stays in bed most days or cries a
# lot, minding or translating for the family, "me and my dad argue", no best friend, lunch in the
# library, not fancying anyone, gaming all day, battle passes, a timetable that changes, funny
# voices and "depression isn't real" no longer read as psychosis; an actor running lines, stretch
# marks, skins sold for real money and a move after parents split no longer escalate):
FLOORS_45 = {"recall": 0.89, "clean": 0.67, "first": 0.76, "top3": 0.92}
FLOORS_46 = {"recall": 0.93, "clean": 0.63, "first": 0.79, "top3": 0.96}

# Blind batches 47 and 48 (160 messages each; 47: late at night, northern, Midlands and West
# Country dialect, long-term illness and disability, school staff, the future, friendship fallouts,
# metaphors instead of feeling words, very short first messages; 48: parents of teenagers, Black,
# Asian, Eastern European and mixed-heritage families, separated and step-families, substances,
# feeling different, school refusal and exclusion, worry about someone else, questions about what
# help exists), written after batches 45-46's fixes and scored at first sight: 47 recall 75.6%, no
# clearly wrong topic 76.2% (84.4% judged), fitting service first 63.1%, in the first three 75.0%;
# 48 recall 84.4%, 70.6% (80.0% judged), 80.6%, 87.5%. After their fixes (metaphors: a backpack
# full of bricks, a treadmill, 100 tabs open, fog in my head, a telly on static, a wave, a ghost at
# school, life through a window; dialect: mithered, skriking, summat bad; climate and the news,
# how long I've got, who I want to live with, two Christmas dinners, only seeing dad in the
# holidays, "might be a boy, or neither", can't face going back; a stepmum, a nan or a primary
# teacher writing is read as a grown-up; "sleep together" and a can of coke no longer read as sleep
# or drugs):
FLOORS_47 = {"recall": 0.92, "clean": 0.80, "first": 0.74, "top3": 0.86}
FLOORS_48 = {"recall": 0.92, "clean": 0.72, "first": 0.87, "top3": 0.93}

# Blind batches 49 and 50 (160 messages each; 49: matter-of-fact lists, questions only, boys in
# sport and the gym, gaming and streaming, older siblings and young carers, struggling parents,
# emoji, alternative provision; 50: girls of 11-13 and group chats, hospital and supported
# accommodation, food and bodies, one long sentence, parents pasting what their child said,
# grandparents and neighbours, faith and youth groups, a joking tone), written after batches
# 47-48's fixes and scored at first sight: 49 recall 83.8%, no clearly wrong topic 71.2%
# (91.9% judged), fitting service first 80.0%, in the first three 88.1%; 50 recall 87.5%, 68.8%
# (85.6% judged), 77.5%, 86.2%. After their fixes (a new group chat without me, hair pulled and a pencil case
# thrown, raising my brothers, a second mum, a grandad with dementia, grabbing my phone, CS cases
# and winning it back, tracking every gram, making weight, slamming the door, the only place I had
# friends; cutting water or carbs no longer reads as cutting, and "private chat" no longer counts
# as secrecy):
FLOORS_49 = {"recall": 0.90, "clean": 0.72, "first": 0.82, "top3": 0.91}
FLOORS_50 = {"recall": 0.92, "clean": 0.68, "first": 0.79, "top3": 0.87}

# Each later batch file and the floors it keeps.
LATER_BATCHES = {f"topics_batch_{n}.yaml": floors for n, floors in (
    (2, FLOORS_2), (3, FLOORS_3), (4, FLOORS_4), (5, FLOORS_5), (6, FLOORS_6), (7, FLOORS_7),
    (8, FLOORS_8), (9, FLOORS_9), (10, FLOORS_10), (11, FLOORS_11), (12, FLOORS_12),
    (13, FLOORS_13), (14, FLOORS_14), (15, FLOORS_15), (16, FLOORS_16), (17, FLOORS_17),
    (18, FLOORS_18), (19, FLOORS_19), (20, FLOORS_20),
    (21, FLOORS_21), (22, FLOORS_22), (23, FLOORS_23), (24, FLOORS_24),
    (25, FLOORS_25), (26, FLOORS_26), (27, FLOORS_27),
    (28, FLOORS_28), (29, FLOORS_29), (30, FLOORS_30), (31, FLOORS_31), (32, FLOORS_32),
    (33, FLOORS_33), (34, FLOORS_34), (35, FLOORS_35), (36, FLOORS_36),
    (37, FLOORS_37), (38, FLOORS_38), (39, FLOORS_39), (40, FLOORS_40),
    (41, FLOORS_41), (42, FLOORS_42), (43, FLOORS_43), (44, FLOORS_44),
    (45, FLOORS_45), (46, FLOORS_46), (47, FLOORS_47), (48, FLOORS_48),
    (49, FLOORS_49), (50, FLOORS_50))}


@pytest.mark.parametrize("name", LATER_BATCHES)
def test_each_later_blind_batch_keeps_its_figures(client, name):
    floors = LATER_BATCHES[name]
    batch = yaml.safe_load((ROOT / "tests" / name).read_text(encoding="utf-8"))
    out = score_topics.score(batch, client)
    reached = score_topics.figures(out)
    for key, floor in floors.items():
        assert reached[key] >= floor, (name, key, reached[key])
    # Issue 8: ordinary worries are not escalated. The few left are reviewed decisions (a young
    # person sofa surfing, a fake account in their name, a family bereaved by suicide).
    assert len(out["escalated"]) <= 0.05 * out["ordinary"], (name, out["escalated"])
