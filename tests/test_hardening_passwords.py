"""Issue 12: common passwords dressed up in capitals, leetspeak, padding or repeats are refused."""

from __future__ import annotations

import pytest

from app.admin import users

EDITOR = "editor@example.org"


@pytest.mark.parametrize("password", [
    "Password123!", "P@ssw0rd1234", "qwertyqwerty", "PASSWORD!!!!", "L3tm31n-2024",
    "abcabcabcabc", "123456789012", "Dr4g0n123456",
], ids=["capital-and-padding", "leetspeak", "repeated-block", "shouted", "leet-and-year",
        "repeated-abc", "digits", "leet-dragon"])
def test_a_dressed_up_common_password_is_refused(password):
    assert users.password_problems(password, EDITOR) == [
        "Password is too common: choose one that is harder to guess"]


@pytest.mark.parametrize("password", [
    "correct horse battery staple", "Tr0ub4dor&3xyz", "my dog is called Rex 2019",
])
def test_an_uncommon_password_is_still_accepted(password):
    assert users.password_problems(password, EDITOR) == []
