"""Who a risk statement is about: the writer, or someone else they are worried about.

Owns the word patterns for people ("my friend", "a pupil", "she") and reading them around the
words a rule matched. Must not decide whether a message is risky (that is app.chat.risk).
"""

from __future__ import annotations

import re

_FIRST_WORDS = r"i|im|ive|me|myself|my self|meself|mine|us|we"
_FIRST_IN_SPAN = re.compile(rf"\b(?:{_FIRST_WORDS})\b")
# People a young person may be worried about. In abuse and online exploitation "he", "she",
# "they", a partner or a parent is usually the one doing harm, so only these nouns count there.
_AT_RISK = (r"(?:(?:friend|mate|bestie|best friend|sister|brother|sibling|cousin|son|daughter|"
            r"kid|pupil|student|learner|classmate|niece|nephew|grandson|granddaughter|"
            r"teenager|bro|sis|bairn|grandchild|housemate|flatmate|roommate|teammate|squadmate|duo|neighbour|colleague|workmate|"
            r"(?:\d+ )?(?:year|yr) old|\d+ ?yo)s?|bff|child|children|young person)")
# Northern "me" for "my": "me lad", "me mate", "me daughter".
_ME_OWNER = r"me (?:lad|lass|mate|pal|bestie|sister|brother|son|daughter|kid|bairn|cousin)s?"
_OTHER_NOUN = rf"(?:{_AT_RISK}|boyfriend|girlfriend|partner|mum|dad|parents?|stepdad|stepmum|" \
              r"girl|boy|person)"
_OWNER = r"(?:my|our|a|an|one of my|this|his|her|their|the) (?:\w+ ){0,3}"
# "a boy in my class", "a girl in year 9": a child the writer knows, even without "my".
_CLASSMATE = (r"(?:(?:a|one|this|another|some|the|other) )?(?:boys?|girls?|lads?|kids?|child|children) "
              r"(?:in|from|at) (?:my|our|her|his|year|the year|(?:\w+ )?school|class|form)")
_AT_RISK_MARKER = re.compile(rf"\b(?:someone i know|somebody i know|{_CLASSMATE}|{_ME_OWNER}|"
                             rf"{_OWNER}{_AT_RISK})\b")
# "their is" is voice typing for "there is", not someone else.
_OTHER = re.compile(r"\b(?:he|she|they|hes|shes|theyre|theyve|theyll|him|her|them|his|"
                    r"their(?! (?:is|are|was|were|s|isnt|arent|wasnt|werent|no|nothing)\b)|"
                    r"herself|himself|themselves|"
                    rf"themself|someone i know|somebody i know|{_ME_OWNER}|{_OWNER}{_OTHER_NOUN})\b")
_VICTIM_PRONOUN = re.compile(r"\b(?:her|him|them|herself|himself|themselves)\b")
_DONE_TO = ("abuse", "online-exploitation")
_FIRST_SUBJECT = re.compile(r"\b(?:i|im|ive|me)\b")
# The writer anywhere in a message, as subject, object or owner.
_WRITER = re.compile(rf"\b(?:{_FIRST_WORDS}|my|our)\b")
# "told me", "disclosed to me": the writer is only the listener, not the subject.
_LISTENER = re.compile(r"\b(?:told|tells|telling|showed|shows|asked|messaged|texted|said to|says to|"
                       r"disclosed to|disclosed it to|confided in|admitted to|opened up to|came to|"
                       r"come to) me\b")
# "told me" as the listener, but not "told me to ..." (an order given to the writer).
_TOLD_ME = re.compile(r"\b(?:told|tells|telling|showed|shows|said to|says to|disclosed to|confided in) "
                      r"me\b(?! to\b)")
_SENT_ME = re.compile(r"\b(?:sent|sends|send|texted|texts|text|messaged|messages|message|showed|shows) me\b")
_BODY = (r"(?:arms?|wrists?|legs?|thighs?|skin|stomach|tummy|belly|hips?|chest|body|neck|throat|"
         r"ankles?|forearms?|shoulders?|hands?|face|head|hair|back)")
# The writer's own body: "carved his name into my arm" is still about the writer.
_MY_BODY = re.compile(rf"\b(?:into|in|on|onto|across|over|up|round|around) my "
                      rf"(?:left |right |upper |lower |inner )?{_BODY}\b|\bmy (?:fresh |old |new )?"
                      r"(?:cuts|scars|marks|burns|wounds)\b")
# Someone hurting the writer's own body, said right on it: "squeezed my neck", "grabbed my hair".
_HURT_MY_BODY = re.compile(r"\b(?:squeezed|squeezes|grabbed|grabs|hit|hits|punched|kicked|slapped|choked|"
                           rf"strangled|pinned|twisted|bruised|burnt|burned|scratched|pulled) my {_BODY}\b")
_POSSESSIVE_END = re.compile(r"\b(?:my|our|his|her|their)$")
# Words that cannot follow a possessive: "hits her | we hear it" ends the statement at "her".
_NOT_A_NOUN = frozenset("| i we you he she they it and but so because cos when then is was".split())
# Who a thing was done to, just after the words matched: "a deepfake (nude) of me / my sister".
_TO_ME_AFTER = re.compile(r"^\s*(?:(?:\w+ )?(?:of|to|at|on|with|for|about) )?(?:me|myself)\b")
# The writer saying outright that the message is about them: "i am asking about me".
_SAYS_ITS_ME = re.compile(r"\b(?:(?:i am|im|i m) (?:asking|talking|writing) (?:about|for) (?:me|myself)|"
                          r"(?:this|it) is (?:about|for) me|(?:the|that|this) person is me|i mean me)\b")
# Harm threatened or done to the writer: "he'll kill me", "she hits me".
_HARM_TO_ME = re.compile(r"\b(?:kill|kills|killing|hurt|hurts|hurting|hit|hits|hitting|beat|beats|beating|"
                         r"stab|stabs|batter|batters|strangle|strangles|choke|chokes|touch|touches|touched|"
                         r"touching|rape|raped) me\b")
# Another person as the subject of a state just before the match: "she is afraid to go home"
# (a state, not an act: "he is blackmailing me" is about the writer).
_STATE_OF_OTHER_BEFORE = re.compile(r"\b(?:she|he|they)(?: is| s| was| are| were| feels| felt| seems| seemed)"
                                    r"(?: so| really| too| very| always| still)? $")
_STATE_WORD = re.compile(r"(?:too |so |really )?"
                         r"(?:scared|afraid|frightened|terrified|petrified|not safe|unsafe)\b")
_TO_OTHER_AFTER = re.compile(rf"^\s*(?:(?:\w+ )?(?:of|to|at|on|with|for|about) )?"
                             rf"(?:{_OWNER}{_AT_RISK}|{_CLASSMATE})\b")


def about_for(text: str, span: tuple[int, int] | None = None, category: str = "") -> str:
    """Whether a statement (the span of text) is about the writer or someone else."""
    if _SAYS_ITS_ME.search(text):
        return "self"
    start, end = span or (len(text), len(text))
    inside = text[start:end] if span else ""
    following = text[end:].split()[:4]
    if _POSSESSIVE_END.search(inside) and following and following[0] not in _NOT_A_NOUN:
        inside += " " + " ".join(following)  # "nudes of my" + "sister": read on to whose
    done_to = category in _DONE_TO
    if _AT_RISK_MARKER.search(inside) and not _FIRST_IN_SPAN.search(
            _AT_RISK_MARKER.sub(" ", inside)):
        return "someone-else"
    if not done_to:  # "my friend sent me a goodbye text": the writer only received it
        inside = _SENT_ME.sub(" ", inside)
    inside = _TOLD_ME.sub(" ", inside)  # "a boy told me someone...": the writer only heard it
    if _FIRST_IN_SPAN.search(inside) or _MY_BODY.search(inside):
        return "self"
    if span and done_to and _STATE_WORD.match(inside) \
            and _STATE_OF_OTHER_BEFORE.search(text, max(0, start - 30), start):
        return "someone-else"
    if _AT_RISK_MARKER.search(inside) or (_VICTIM_PRONOUN.search(inside) if category == "abuse"
                                          else not done_to and _OTHER.search(inside)):
        return "someone-else"
    if span and done_to and _TO_ME_AFTER.search(text[end:]):
        return "self"
    if span and done_to and _TO_OTHER_AFTER.search(text[end:]):
        return "someone-else"
    before = text[:start].split()
    if before and before[-1] in ("my", "mine"):
        return "self"
    if before and before[-1] in ("his", "her", "their"):
        return "someone-else"
    prefix = _LISTENER.sub(lambda m: m.group()[:-2] + "  ", text[:start] if span else text)
    others = _AT_RISK_MARKER if done_to else _OTHER
    last_self = max((m.start() for m in _FIRST_SUBJECT.finditer(prefix)), default=-1)
    last_other = max((m.start() for m in others.finditer(prefix)), default=-1)
    return "someone-else" if last_other > last_self else "self"


# A parent or member of staff writing about a child in their care, anywhere in the message.
# Roles of people who look after or work with children, as a writer names their own role
# ("I'm a scout leader", "Librarian at a secondary:").
STAFF_ROLE = (r"teacher|ta|teaching assistant|tutor|dsl|head of year|school nurse|nurse|youth worker|"
              r"coach|foster carer|social worker|senco|pastoral lead|childminder|learning mentor|"
              r"counsellor|mentor|support worker|key worker|gp|leader|volunteer|dinner lady|"
              r"lunchtime supervisor|midday supervisor|librarian|attendance officer|lecturer|sw|yot|"
              r"yot worker|youth offending worker|"
              r"(?:resi|residential|care home|care) (?:care )?(?:staff|worker)|"
              r"health visitor|hv|pcso|pc|police officer|practitioner|receptionist|gp reception|"
              r"family support worker|early help worker|paramedic|caseworker|case worker|"
              r"(?:mental health|wellbeing|safeguarding|inclusion|send) lead|(?:primary|secondary|deputy|"
              r"assistant) head|headteacher|head teacher")
_CARER_WRITING = re.compile(
    r"\b(?:my (?:son|daughter|child|kid|pupil|student|stepson|stepdaughter|grandson|granddaughter)s?|"
    r"one of my (?:\w+ )?(?:pupils|students|girls|boys|year \d+s|u\d+s|under \d+s|learners|kids|lads|"
    r"players)|"
    # "one of the young people at our project", "a girl in my weekend madrassa class"
    r"(?:one|some|two|a few) of (?:the|our) (?:young people|kids|children|lads|girls|boys|members|"
    r"teenagers) (?:at|in|from|on) (?:our|the|my) (?:\w+ ){0,2}?(?:project|club|group|centre|center|"
    r"unit|home|hostel|drop in|service|class|team|caseload)|"
    r"an? (?:girl|boy|lad|child|kid|young person|teenager) (?:\(\d+\) |aged \d+ )?(?:in|at|from) my "
    r"(?:\w+ ){0,2}?(?:class|group|club|team|project|madrassa|sunday school)|"
    r"(?:young person|young people|lad|girl|boy|kid|child|teenager) (?:i|we) (?:work with|look after|teach|"
    r"support|coach|mentor|foster)|an? (?:(?:year|yr) \d+ )?(?:pupil|student|learner)|"
    r"my (?:\d+|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen) (?:yr|year) olds?|"
    r"my \d+ ?(?:yo|yos|y o)|"
    r"my (?:year \d+|form|class|tutor group)s?|"
    r"my (?:tutees?|grandson|granddaughter|grandchild|niece|nephew|foster (?:son|daughter|child))|"
    r"our (?:\d+ (?:yr|year) old|son|daughter|child|foster (?:son|daughter|child)|grandson|granddaughter)s?|"
    rf"(?:i am|im|i m) (?:a |an |the )?(?:new |covering )?(?:\w+ ){{0,2}}?(?:{STAFF_ROLE})|"
    rf"as (?:his|her|their|a|an|the) (?:\w+ )?(?:{STAFF_ROLE})|"
    r"i (?:run|help (?:out )?(?:at|with)|help (?:to )?run|volunteer at) (?:(?:the|a|an|our) )?(?:\w+ ){0,3}"
    r"(?:club|group|team|class|classes|session|sessions|nursery|playgroup|brownies|cubs|scouts|guides|squad)|"
    # a step-parent or kinship carer, or a grown-up brother or sister writing about a younger one
    r"(?:i am|im|i m) (?:a |the )?(?:step ?mum|step ?dad|stepmother|stepfather|step ?parent|"
    r"foster (?:mum|dad|parent)|kinship carer|special guardian) (?:to|of)|"
    r"my (?:little|younger|baby) (?:brother|sister)(?: \w+){0,2} is (?:\d+|[a-z]+) and "
    r"(?:i am|im|i m) (?:1[89]|2\d)|"
    r"(?:i am|im|i m) (?:1[89]|2\d) and (?:i have|ive|i ve) got (?:\w+ ){0,2}(?:little|younger) "
    r"(?:brothers?|sisters?)|"
    r"(?:i am|im|i m) (?:1[89]|2\d) and (?:still )?live (?:at home )?with (?:\w+ ){0,4}(?:little|younger) "
    r"(?:brother|sister)|"
    r"i (?:teach|coach|mentor)\b|"
    rf"(?:{STAFF_ROLE}|grandad|grandma|nan|parent|mum|dad|stepdad|stepmum|step dad|step mum|staff) here|"
    # ...but "I'm a 14 year old girl" is the writer
    r"(?<!i am )(?<!im )(?<!i m )(?<!i was )(?<!when i was )"
    r"a (?:little girl|little boy|(?:[1-9]|1[0-7]) ?yo|(?:[1-9]|1[0-7]) (?:yr|year) old))\b|"
    r"^(?:a |an |one |this |our )?(?:year \d+ |yr \d+ |y\d+ )?(?:pupil|student|learner)s?\b"
    # ...but not the writer's own student life: "student loan gone", "student here"
    r"(?! (?:loans?|finance|finances|life|union|halls|accommodation|debt|account|card|discount|house|"
    r"flat|room|visa|nurse|doctor|teacher|midwife|paramedic|here|myself))|"
    r"^(?:a |one |this |our )?(?:year \d+|yr \d+|y\d+) (?:lad|boy|girl|lass|kid|child)s?\b|"
    rf"^(?!(?:my|our|his|her|their|your|me) )(?:i am |im )?(?:a |an |the )?(?:\w+ ){{0,2}}?(?:{STAFF_ROLE})"
    r"(?: (?:at|in|from|for) (?:(?:a|an|the|our|my|year|yr) (?:\w+ ){0,2}?\w+|reception|nursery))?"
    r" *(?:\||,|-|:|$|"
    r"(?= (?:a|an|one|noticed|saw|found|heard|spotted|worried|concerned|asking|writing|here|new|"
    # ...or straight into the child or the case, in a professional's shorthand ("SW, on duty:",
    # "School nurse - 15yo presenting with", "YOT worker. YP on my caseload")
    r"yp|cyp|lac|cp|cse|cce|lado|mash|baby|child|pupil|student|\d+ ?yo|\d+ ?y ?o|y\d+|year \d+|"
    r"on duty|quick one|query|question|home visit|attended|reporting)\b))|"
    r"\b(?:us|we) (?:coaches|teachers|staff|leaders|volunteers|tutors|parents)\b|"
    r"^(?:\w+ )?(?:safeguarding|welfare|pastoral|child protection|cp|concern|incident) "
    r"(?:note|concern|query|record|log|referral|report)\b|"
    r"^(?:concern|query|referral) "
    r"(?:re|regarding|(?:about|for) (?:a|an|one|this|our|year|yr|pupil|student|child))\b|"
    r"one of (?:my|our) (?:\w+ )?(?:regulars|players|lads|girls|boys|kids|young people|members|gymnasts|"
    r"swimmers|dancers|cadets|scouts|guides|brownies|cubs|runners|boxers|riders|athletes|footballers|"
    r"trainees|apprentices|mentees|clients|patients)|"
    # a staff note that opens with the child and their age ("Girl (14) at youth club showed me",
    # "YP (13) showed us", "14yo lad on our boxing programme", "U12 player keeps arriving")
    r"^(?:a |one |this |our )?(?:girl|boy|lad|lass|pupil|student|player|child|kid|yp|cyp|young person|"
    r"teen|teenager) (?:aged )?(?:[4-9]|1\d)\b(?= (?:at|from|in|on|who|has|is|was|showed|told|said|"
    r"says|disclosed|keeps|came|turned))|"
    r"^(?:a |one |this |our )?(?:\d+|[a-z]+) ?(?:yo|y o) (?:lad|boy|girl|lass|kid|child|pupil|student|"
    r"player)\b|"
    r"^(?:a |one |this |our )?u ?\d{1,2}s? (?:player|lad|girl|boy|keeper|swimmer)\b")
# With no "i", "me" or "my" anywhere, another child's body or words mean the message is about them.
_THIRD_PERSON_ONLY = re.compile(
    r"\b(?:his|her|their) (?:hands?|arms?|back|face|legs?|neck|body|wrists?|chest|head|tummy|"
    r"stomach|thighs?|skin)\b|\b(?:he|she) (?:says|said|told \w+) (?:that )?(?:his|her|their) ")
# A message that opens with someone else as its subject ("my mate said...", "bro posted...").
_OPENS_WITH_OTHER = re.compile(
    r"^(?:(?:my|our) )?(?:little |lil |big |older |younger |best |baby |twin )?"
    r"(?:mate|friend|bestie|best friend|brother|sister|cousin|bro|sis|gf|bf|girlfriend|boyfriend|son|"
    r"daughter|grandson|granddaughter|nephew|niece|flatmate|housemate|roommate|classmate|teammate|"
    r"stepson|stepdaughter)s?\b(?: \w+){0,3}? (?:said|says|is|has|"
    r"keeps|posted|sent|send|sends|say|tell|told|dmd|messaged|gave|wrote|texted|went|just|was|does|did|started|showed|"
    r"has been|took|put|wont|cannot)\b")


# A real child the writer knows, then a verb of telling, just before what matched: "a year 9
# student wrote in her english book that she wants to end her life" reports a disclosure, so a
# schoolwork word beside it does not make it a story. Characters ("the girl in the book") are not
# among these nouns.
_REPORTED = re.compile(
    r"\b(?:(?:my|our|one of my|one of our|a|an|this) (?:\w+ ){0,4}(?:pupil|student|learner|son|daughter|"
    r"child|kid|friend|mate|classmate|sister|brother|grandson|granddaughter|tutee|young person|regular|"
    r"player)s?|"
    r"(?:a|an|this|one|my|our) (?:\d+|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen) "
    r"(?:year|yr) old"
    r"(?: (?:boy|girl|lad|lass))?|"
    r"(?:my|our) (?:\w+ )?(?:year \d+s?|form|class|tutor group))\b[^.!?|]{0,60}?\b(?:wrote|writes|"
    r"has written|had written|said|says|saying|told|tells|disclosed|put|posted|drew|admitted|"
    r"left (?:a|this|the) (?:note|letter|message))\b[^.!?|]*$")


_HYPOTHETICAL = re.compile(r"\b(?:if|when|whenever|should|in case|what if|how to)\s+$")


def on_my_body(text: str, span: tuple[int, int]) -> bool:
    """Whether what matched was done to the writer's own body ("his hands round my neck"), which
    keeps it about the writer even when a parent or member of staff is writing."""
    return (_MY_BODY.search(text, span[0], span[1]) is not None
            or _HURT_MY_BODY.search(text, span[0], span[1]) is not None)


def reported_about_other(text: str, span: tuple[int, int]) -> bool:
    """Whether the match is what a child the writer knows disclosed, with no "i" of the writer's
    own between the telling and the match ("a pupil told me an adult has been sending her money")."""
    found = _REPORTED.search(text, max(0, span[0] - 120), span[0])
    if found is None or _HYPOTHETICAL.search(text, 0, found.start()):
        return False
    after_verb = _LISTENER.sub(" ", text[found.start():span[1]])
    return not _FIRST_IN_SPAN.search(_AT_RISK_MARKER.sub(" ", after_verb))


def reported_disclosure(text: str, start: int) -> bool:
    """Whether the words at start are what a real child the writer knows wrote or said.

    "If a pupil discloses self-harm" asks about a policy, not a child, so it does not count.
    """
    found = _REPORTED.search(text, max(0, start - 120), start)
    return found is not None and not _HYPOTHETICAL.search(text, 0, found.start())


# The writer only as the one who heard, knows or asks: "told me", "i work with", "what do i do".
_ONLY_LISTENING = re.compile(r"\b(?:i|we) (?:work with|look after|teach|support|coach|know|found|saw|think|"
                             r"am worried|am scared for|do not know (?:who|what|how)|need advice)\b|"
                             r"\b(?:what|how|who) (?:do|should|can) (?:i|we)\b[^|]*|\bme (?:know|worried)\b")


_OTHER_SELF = re.compile(r"\b(?:himself|herself|themselves|themself)\b")
_MYSELF = re.compile(r"\b(?:myself|my self|meself|mysel)\b")


def about_message(text: str, category: str = "") -> str:
    """Who a whole message is about, for rules that combine ideas across it."""
    if _SAYS_ITS_ME.search(text):
        return "self"
    if category in (*_DONE_TO, "immediate-danger") and _HARM_TO_ME.search(text) \
            and not carer_writing(text):
        return "self"  # "my boyfriend said he'll kill me": the boyfriend is the one doing harm
    if carer_writing(text) or _OPENS_WITH_OTHER.search(text):
        return "someone-else"
    if category == "self-harm" and _OTHER_SELF.search(text) and not _MYSELF.search(text):
        return "someone-else"  # "my boyfriend hurts himself when we argue"
    heard = _ONLY_LISTENING.sub(" ", _SENT_ME.sub(" ", _LISTENER.sub(" ", text)))
    if category in _DONE_TO and _VICTIM_PRONOUN.search(heard) and not _WRITER.search(heard):
        return "someone-else"  # "she told me her mum's partner touches her": done to her
    if _AT_RISK_MARKER.search(text) and not _FIRST_IN_SPAN.search(_AT_RISK_MARKER.sub(" ", heard)):
        return "someone-else"
    if _THIRD_PERSON_ONLY.search(text) and not _FIRST_IN_SPAN.search(text):
        return "someone-else"
    return "self"


def carer_writing(text: str) -> bool:
    """Whether a parent or member of staff is writing about a child in their care."""
    return bool(_CARER_WRITING.search(text))
