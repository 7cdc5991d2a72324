"""Issue 12: common passwords dressed up in capitals, leetspeak, padding or repeats are refused."""

from __future__ import annotations

import pytest

from app.admin import users

EDITOR = "editor@example.org"


@pytest.mark.parametrize("password", [
    "Password123!", "P@ssw0rd1234", "qwertyqwerty", "PASSWORD!!!!", "L3tm31n-2024",
    "abcabcabcabc", "Dr4g0n123456",
], ids=["capital-and-padding", "leetspeak", "repeated-block", "shouted", "leet-and-year",
        "repeated-abc", "leet-dragon"])
def test_a_dressed_up_common_password_is_refused(password):
    assert users.password_problems(password, EDITOR) == [
        "Password is too common: choose one that is harder to guess"]
