"""Accounts: password rules, scrypt hashes, `flask create-user`, the accounts pages, sign-in limits."""

from __future__ import annotations

import pytest

from app.admin import auth, users

from .pagecheck import check_page
from .test_admin_support import ADMIN, EDITOR, PASSWORD, add_user, db, make_app, sign_in, signed_in


@pytest.fixture
def admin_app(built_default, tmp_path):
    return make_app(built_default, tmp_path)


@pytest.mark.parametrize(("password", "problem"), [
    ("short pass", "at least 12 characters"),
    ("password1234", "too common"),
    ("PASSWORD1234", "too common"),
    ("qwertyuiop123", "too common"),
    ("aaaaaaaaaaaaaaaa", "too common"),
    ("editor-secret-words", "must not contain your email address"),
], ids=["too-short", "common", "common-any-case", "keyboard-walk", "one-letter", "has-email"])
def test_weak_passwords_are_refused_with_a_reason(password, problem):
    found = users.password_problems(password, EDITOR)
    assert found and problem in found[0]


def test_a_long_uncommon_password_is_fine():
    assert users.password_problems(PASSWORD, EDITOR) == []


def test_the_common_password_list_is_shipped_and_sizeable():
    assert len(users.common_passwords()) >= 200
    assert "password" in users.common_passwords()


def test_passwords_are_stored_as_scrypt_hashes(admin_app):
    add_user(admin_app)
    row = db(admin_app).execute("select password_hash from users").fetchone()
    assert row[0].startswith("scrypt:")
    assert PASSWORD not in row[0]


def test_emails_are_matched_without_regard_to_case(admin_app):
    add_user(admin_app, "Someone@Example.org")
    assert sign_in(admin_app.test_client(), "  someone@example.ORG ").status_code == 302


def test_the_last_active_admin_cannot_be_demoted_or_disabled(admin_app):
    admin = add_user(admin_app)
    with pytest.raises(users.AccountError, match="at least one active admin"):
        users.set_role(db(admin_app), admin.id, "editor")
    with pytest.raises(users.AccountError, match="at least one active admin"):
        users.set_active(db(admin_app), admin.id, False)


# -- flask create-user ---------------------------------------------------------------------
def test_create_user_reads_the_password_from_stdin(admin_app):
    result = admin_app.test_cli_runner().invoke(
        args=["create-user", "new@example.org", "--role", "editor", "--password-stdin"],
        input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Created editor account for new@example.org" in result.output
    assert PASSWORD not in result.output
    assert users.find(db(admin_app), "new@example.org").role == "editor"


def test_create_user_prompts_twice_without_echoing(admin_app):
    result = admin_app.test_cli_runner().invoke(
        args=["create-user", ADMIN, "--role", "admin"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("Password") == 1 and "Repeat for confirmation" in result.output
    assert PASSWORD not in result.output
    assert sign_in(admin_app.test_client()).status_code == 302


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["bad-email", "--role", "editor"], PASSWORD, "correct format"),
    ([EDITOR, "--role", "editor"], "password1234", "too common"),
    ([EDITOR, "--role", "editor"], "short", "at least 12"),
], ids=["bad-email", "common-password", "short-password"])
def test_create_user_exits_non_zero_on_bad_input(admin_app, args, stdin, message):
    result = admin_app.test_cli_runner().invoke(
        args=["create-user", *args, "--password-stdin"], input=stdin + "\n")
    assert result.exit_code != 0
    assert message in result.output
    assert users.all_users(db(admin_app)) == []


def test_create_user_needs_a_known_role(admin_app):
    result = admin_app.test_cli_runner().invoke(
        args=["create-user", EDITOR, "--role", "owner", "--password-stdin"], input=PASSWORD)
    assert result.exit_code != 0


def test_create_user_refuses_a_duplicate(admin_app):
    add_user(admin_app, EDITOR, "editor")
    result = admin_app.test_cli_runner().invoke(
        args=["create-user", EDITOR.upper(), "--role", "editor", "--password-stdin"],
        input=PASSWORD + "\n")
    assert result.exit_code != 0
    assert "already exists" in result.output


# -- the accounts pages ----------------------------------------------------------------------
def test_admins_create_accounts_in_the_ui(admin_app):
    client = signed_in(admin_app)
    response = client.post("/admin/users", data={"email": "new@example.org", "role": "editor",
                                                 "password": PASSWORD})
    assert response.status_code == 302
    assert sign_in(admin_app.test_client(), "new@example.org").status_code == 302


def test_account_form_shows_every_problem_next_to_its_field(admin_app):
    client = signed_in(admin_app)
    response = client.post("/admin/users", data={"email": "nope", "role": "", "password": "x"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    check_page(html)
    for field in ("email", "role-editor", "password"):
        assert f'href="#{field}"' in html and f'id="{field}-error"' in html


def test_admins_change_roles_reset_passwords_and_disable_accounts(admin_app):
    client = signed_in(admin_app)
    editor = add_user(admin_app, EDITOR, "editor")
    url = f"/admin/users/{editor.id}"
    assert client.post(url, data={"change": "role", "role": "admin"}).status_code == 302
    assert users.get(db(admin_app), editor.id).is_admin
    new = "a brand new long passphrase"
    assert client.post(url, data={"change": "password", "password": new}).status_code == 302
    assert sign_in(admin_app.test_client(), EDITOR, new).status_code == 302
    assert client.post(url, data={"change": "disable"}).status_code == 302
    assert sign_in(admin_app.test_client(), EDITOR, new).status_code == 400
    assert client.post(url, data={"change": "enable"}).status_code == 302
    assert sign_in(admin_app.test_client(), EDITOR, new).status_code == 302


def test_a_reset_password_must_follow_the_rules(admin_app):
    client = signed_in(admin_app)
    editor = add_user(admin_app, EDITOR, "editor")
    response = client.post(f"/admin/users/{editor.id}",
                           data={"change": "password", "password": "password1234"})
    assert response.status_code == 400
    assert "too common" in response.get_data(as_text=True)


def test_admins_cannot_disable_themselves(admin_app):
    client = signed_in(admin_app)
    me = users.find(db(admin_app), ADMIN)
    response = client.post(f"/admin/users/{me.id}", data={"change": "disable"})
    assert response.status_code == 400
    assert users.get(db(admin_app), me.id).active


def test_anyone_signed_in_can_change_their_own_password(admin_app):
    client = signed_in(admin_app, "editor")
    new = "another long passphrase here"
    response = client.post("/admin/account/password", data={
        "current_password": PASSWORD, "new_password": new, "confirm_password": new})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200  # this session carries on
    assert sign_in(admin_app.test_client(), EDITOR, new).status_code == 302


def test_changing_your_password_needs_the_current_one(admin_app):
    client = signed_in(admin_app, "editor")
    new = "another long passphrase here"
    response = client.post("/admin/account/password", data={
        "current_password": "wrong", "new_password": new, "confirm_password": new})
    assert response.status_code == 400
    assert "Current password is not right" in response.get_data(as_text=True)


# -- sign-in rate limits ---------------------------------------------------------------------
def test_failed_sign_ins_are_limited_per_account(admin_app):
    add_user(admin_app)
    client = admin_app.test_client()
    for _ in range(5):
        assert sign_in(client, password="wrong password!").status_code == 400
    response = sign_in(client)  # even the right password, for now
    assert response.status_code == 429
    assert auth.TOO_MANY in response.get_data(as_text=True)
    check_page(response.get_data(as_text=True))


def test_the_account_limit_holds_across_addresses(admin_app):
    add_user(admin_app)
    for n in range(5):
        client = admin_app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{n}"
        sign_in(client, password="wrong password!")
    other = admin_app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.1.1"
    assert sign_in(other).status_code == 429


def test_failed_sign_ins_are_limited_per_address(admin_app):
    client = admin_app.test_client()
    for n in range(20):
        assert sign_in(client, f"nobody{n}@example.org").status_code == 400
    assert sign_in(client, "someone-else@example.org").status_code == 429
    elsewhere = admin_app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.9.9.9"
    assert sign_in(elsewhere, "someone-else@example.org").status_code == 400


def test_successful_sign_ins_do_not_count_towards_the_limit(admin_app):
    add_user(admin_app)
    for _ in range(8):
        assert sign_in(admin_app.test_client()).status_code == 302


def test_a_json_client_over_the_limit_gets_429_json(admin_app):
    client = admin_app.test_client()
    for _ in range(5):
        sign_in(client, password="wrong")
    response = client.post("/admin/login", data={"email": ADMIN, "password": "x"},
                           headers={"Accept": "application/json"})
    assert response.status_code == 429
    assert response.get_json()["error"]["message"] == auth.TOO_MANY


def test_limits_are_kept_in_the_data_folder_across_a_restart(built_default, tmp_path):
    first = make_app(built_default, tmp_path)
    for _ in range(5):
        sign_in(first.test_client(), password="wrong")
    restarted = make_app(built_default, tmp_path)  # the same data folder, a new app
    assert sign_in(restarted.test_client(), password="wrong").status_code == 429
    elsewhere = make_app(built_default, tmp_path / "other")
    assert sign_in(elsewhere.test_client(), password="wrong").status_code == 400


@pytest.mark.parametrize("password", [
    "correct horse battery staple", "Tr0ub4dor&3xyz", "my dog is called Rex 2019",
])
def test_an_uncommon_password_with_digits_or_symbols_is_still_accepted(password):
    assert users.password_problems(password, EDITOR) == []
