"""Normalisation: each feature, table-driven, and that numbers, ages and postcodes survive."""

from __future__ import annotations

import pytest

from app.chat.normalise import Normalised, normalise


def _cases(*pairs):
    return pytest.mark.parametrize(("raw", "expected"), pairs, ids=[p[0] for p in pairs])


@_cases(
    ("I Feel SAD", "i feel sad"),
    ("  lots   of\tspace\n here ", "lots of space here"),
    ("ｋｉｌｌ", "kill"),
    ("don\u2019t", "do not"),
    ("\u201chelp\u201d", "help"),
    ("ki\u200bll my\u200dself", "kill myself"),
    ("caf\u00e9", "cafe"),
    ("soft\u00adhyphen", "softhyphen"),
)
def test_case_and_unicode_are_folded(raw, expected):
    assert normalise(raw).text == expected


@_cases(
    ("pleaseeee", "please"),
    ("soooo tired", "so tired"),
    ("helppp", "help"),
    ("i feeeel awful", "i feel awful"),
    ("noooo", "no"),
    ("im deaddd lol", "i am dead lol"),
    ("killlll", "kill"),
    ("plzzz", "please"),
    ("sooorrrry", "sorry"),
    ("zzzzz", "zz"),
)
def test_stretched_letters_are_squashed_to_a_known_word(raw, expected):
    assert normalise(raw).text == expected


@_cases(
    ("i feel off", "i feel off"),
    ("kill", "kill"),
    ("i need help", "i need help"),
    ("sorry", "sorry"),
    ("happy", "happy"),
    ("too good", "too good"),
)
def test_real_double_letters_are_kept(raw, expected):
    assert normalise(raw).text == expected


@_cases(
    ("k1ll mys3lf", "kill myself"),
    ("su1c1de", "suicide"),
    ("$elf h@rm", "self harm"),
    ("i want to d1e", "i want to die"),
    ("k!ll myself", "kill myself"),
    ("5u1c1d3", "suicide"),
    ("l0nely", "lonely"),
    ("0verdose", "overdose"),
    ("se1f", "self"),
)
def test_leetspeak_inside_words_is_decoded(raw, expected):
    assert normalise(raw).text == expected


@_cases(
    ("I'm 15", "i am 15"),
    ("year 10", "year 10"),
    ("ZZ1 4AB", "zz1 4ab"),
    ("SW1A 1AA", "sw1a 1aa"),
    ("call 116 123", "call 116 123"),
    ("0800 1111", "0800 1111"),
    ("at 10am", "at 10am"),
    ("my 1st time", "my 1st time"),
    ("i have 2 sisters", "i have 2 sisters"),
    ("£50", "50"),
    ("help!!!", "help"),
)
def test_numbers_ages_and_postcodes_survive(raw, expected):
    assert normalise(raw).text == expected


@_cases(
    ("selfharm", "self harm"),
    ("selfharming", "self harming"),
    ("slefharming", "self harming"),
    ("killmyself", "kill myself"),
    ("hurtmyself", "hurt myself"),
    ("wanttodie", "want to die"),
    ("endmylife", "end my life"),
    ("notokay", "not okay"),
    ("idk", "i do not know"),
    ("year10", "year 10"),
    ("y7", "year 7"),
)
def test_run_together_words_are_split(raw, expected):
    assert normalise(raw).text == expected


@_cases(
    ("don't", "do not"),
    ("dont", "do not"),
    ("i'm", "i am"),
    ("im", "i am"),
    ("can't", "cannot"),
    ("cant", "cannot"),
    ("can not", "cannot"),
    ("won't", "will not"),
    ("i've", "i have"),
    ("she's", "she is"),
    ("it's", "it is"),
    ("its", "its"),
    ("i'll", "i will"),
    ("ill", "ill"),
    ("well", "well"),
    ("mustn't", "must not"),
    ("mum's boyfriend", "mums boyfriend"),
    ("'quoted'", "quoted"),
)
def test_contractions_are_expanded_with_or_without_the_apostrophe(raw, expected):
    assert normalise(raw).text == expected


@_cases(
    ("😭", "crying"),
    ("im dead 💀", "i am dead dead"),
    ("🔪", "knife"),
    ("💊💊", "pills pills"),
    ("🩸", "blood"),
    ("😔😞😢", "sad sad sad"),
    ("😡", "angry"),
    ("😰😨", "scared scared"),
    ("☠️", "dead"),
    ("ok 👍", "ok"),
    ("dad 👊 me 🤕", "dad punch me hurt"),
    ("they want 💰 or they 📤 it", "they want money or they send it"),
)
def test_emoji_that_carry_meaning_become_words(raw, expected):
    assert normalise(raw).text == expected


@_cases(
    ("idk", "i do not know"),
    ("ppl", "people"),
    ("bc cos coz cuz", "because because because because"),
    ("u ur r", "you your are"),
    ("rn", "right now"),
    ("tbh", "to be honest"),
    ("ngl", "not going to lie"),
    ("wanna gonna", "want to going to"),
    ("m8", "mate"),
    ("2day", "today"),
    ("b4", "before"),
    ("pls plz", "please please"),
    ("bf gf", "boyfriend girlfriend"),
    ("mom mam mum", "mum mum mum"),
    ("i h8 myself", "i hate myself"),
    ("sum1", "someone"),
    ("i want 2 die", "i want to die"),
    ("thinkin bout it", "thinking about it"),
    ("s/h", "sh"),
    # Scots and Geordie
    ("naebody talks tae me", "nobody talks to me"),
    ("if a wisnae here", "if a was not here"),
    ("divvent wanna gan", "do not want to go"),
    ("bangin ma heid aff the wall", "bangin ma head off the wall"),
)
def test_txt_spellings_are_expanded(raw, expected):
    assert normalise(raw).text == expected


@_cases(
    ("hello, world!", "hello world"),
    ("self-harm", "self harm"),
    ("what?!?", "what"),
    ("this is sh*t", "this is sht"),
    ("under_score", "under score"),
)
def test_punctuation_becomes_spaces(raw, expected):
    assert normalise(raw).text == expected


def test_the_result_keeps_the_raw_text_and_splits_tokens():
    result = normalise("I'm NOT ok!!")
    assert result == Normalised(raw="I'm NOT ok!!", text="i am not ok",
                                tokens=("i", "am", "not", "ok"))


@pytest.mark.parametrize("raw", ["", "   ", "!!!", "💀", "\u200b"], ids=repr)
def test_empty_and_symbol_only_messages_normalise_without_error(raw):
    assert normalise(raw).text == normalise(raw).text.strip()


@pytest.mark.parametrize("raw", [
    "I'm 15 and idk wat 2 do rn 😭", "k1ll mys3lf", "pleaseeee hellllp", "ZZ1 4AB year 10",
    "selfharm bc ppl h8 me", "im deaddd lol 💀", "my mum's bf hits me", "can't go on",
], ids=repr)
def test_normalising_twice_changes_nothing(raw):
    once = normalise(raw).text
    assert normalise(once).text == once


@pytest.mark.parametrize("typed, read", [
    ("idontwanttobehereanymoreandimgoingtodosomethingaboutit",
     "i do not want to be here anymore and i am going to do something about it"),
    ("iwanttokillmyselftonight", "i want to kill myself tonight"),
    ("responsibilities", "responsibilities"),
    ("overthinking", "overthinking"),
    ("relationshipproblems", "relationshipproblems"),
])
def test_a_long_run_typed_without_spaces_is_read_as_words(typed, read):
    # Blind batch 17 wrote a whole sentence with no spaces; a real long word is never split,
    # and a run is only split into four or more known words.
    assert normalise(typed).text == read
