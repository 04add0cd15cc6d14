"""The access gate: open without [auth]; with it, only allow-listed signed-in users see data.

The gate is exercised through AppTest's user simulation (`AppTest.user`), on a tiny app that calls
`require_access()` and then shows a stand-in for the corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.views.access import AccessPolicy, is_allowed, policy_from_secrets

REPO = Path(__file__).resolve().parents[2]
DATA_MARKER = "CORPUS-DATA-VISIBLE"

APP = f"""
import sys
sys.path.insert(0, {str(REPO)!r})
import streamlit as st
from components.views.access import require_access

require_access()
st.write({DATA_MARKER!r})
"""

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-test-secret-0123456789abcdef",
    "client_id": "client",
    "client_secret": "secret",
    "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
}
ACCESS = {"allowed_emails": ["Editor@Example.org"], "allowed_domains": ["newsroom.example"]}


def run_app(secrets: dict | None, user: dict) -> AppTest:
    at = AppTest.from_string(APP, default_timeout=30)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.user = user
    return at.run()


def page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [t.value for t in at.title]
    parts += [e.value for e in (*at.info, *at.warning, *at.error)]
    return "\n".join(str(p) for p in parts)


def shows_data(at: AppTest) -> bool:
    return DATA_MARKER in page_text(at)


# --- the gate in a running app -------------------------------------------------------------------


def test_open_when_auth_not_configured():
    at = run_app({"unrelated": {"key": "value"}}, {"is_logged_in": False})
    assert not at.exception
    assert shows_data(at)
    assert not at.button


@pytest.mark.parametrize(
    "email",
    ["editor@example.org", "EDITOR@example.org", "someone@newsroom.example"],
)
def test_allowed_user_sees_the_data(email):
    at = run_app({"auth": AUTH, "access": ACCESS}, {"is_logged_in": True, "email": email})
    assert not at.exception
    assert shows_data(at)
    assert not [b for b in at.button if b.label.startswith("Sign in")]


def test_logged_out_viewer_sees_only_sign_in():
    at = run_app({"auth": AUTH, "access": ACCESS}, {"is_logged_in": False})
    assert not at.exception
    assert not shows_data(at)
    assert [b.label for b in at.button] == ["Sign in"]
    assert "private" in page_text(at)


@pytest.mark.parametrize(
    "email",
    [
        "intruder@example.com",
        "editor@example.org.evil.example",  # suffix tricks are not a domain match
        "someone@sub.newsroom.example",  # domains match exactly, not subdomains
        "newsroom.example@evil.example",
    ],
)
def test_signed_in_outsider_is_refused(email):
    at = run_app({"auth": AUTH, "access": ACCESS}, {"is_logged_in": True, "email": email})
    assert not at.exception
    assert not shows_data(at)
    assert email in page_text(at)  # tells them which account was refused
    assert [b.label for b in at.button] == ["Sign out"]


def test_unverified_email_is_refused():
    user = {"is_logged_in": True, "email": "editor@example.org", "email_verified": False}
    at = run_app({"auth": AUTH, "access": ACCESS}, user)
    assert not shows_data(at)


def test_auth_without_allow_list_fails_closed():
    at = run_app({"auth": AUTH}, {"is_logged_in": True, "email": "editor@example.org"})
    assert not at.exception
    assert not shows_data(at)
    assert "access list" in page_text(at)


def test_sign_in_click_without_working_auth_explains_instead_of_crashing():
    # AppTest's secrets do not reach st.login's own checks (and Authlib may be absent): the
    # click must end in a readable message, never a traceback.
    at = run_app({"auth": AUTH, "access": ACCESS}, {"is_logged_in": False})
    at.button[0].click().run()
    assert not at.exception
    assert not shows_data(at)
    assert "not available" in page_text(at)


def test_named_provider_gets_its_own_button():
    auth = {k: v for k, v in AUTH.items() if k in ("redirect_uri", "cookie_secret")}
    auth["microsoft"] = {"client_id": "c", "client_secret": "s", "server_metadata_url": "https://x/y"}
    at = run_app({"auth": auth, "access": ACCESS}, {"is_logged_in": False})
    assert [b.label for b in at.button] == ["Sign in with Microsoft"]


# --- the policy as plain data ---------------------------------------------------------------------


def test_policy_is_open_without_auth_section():
    assert policy_from_secrets({}).is_open
    assert policy_from_secrets(None).is_open
    assert policy_from_secrets({"auth": "not a table"}).is_open


def test_unreadable_secrets_fail_closed():
    policy = policy_from_secrets({}, readable=False)
    assert policy.login_required and policy.problem
    assert not is_allowed({"is_logged_in": True, "email": "editor@example.org"}, policy)


def test_policy_normalises_lists():
    policy = policy_from_secrets(
        {"auth": AUTH, "access": {"allowed_emails": " A@B.org ", "allowed_domains": ["@C.org", 3, ""]}}
    )
    assert policy.allowed_emails == frozenset({"a@b.org"})
    assert policy.allowed_domains == frozenset({"c.org"})


@pytest.mark.parametrize(
    "user",
    [
        {},
        {"is_logged_in": "yes", "email": "a@c.org"},
        {"is_logged_in": True},
        {"is_logged_in": True, "email": 5},
        {"is_logged_in": True, "email": "a@@c.org"},
        {"is_logged_in": True, "email": "a@"},
    ],
)
def test_malformed_identities_are_refused(user):
    policy = AccessPolicy(login_required=True, allowed_domains=frozenset({"c.org"}))
    assert not is_allowed(user, policy)


# --- the gate in the real dashboard ---------------------------------------------------------------


def test_dashboard_shows_outsiders_only_the_sign_in_page():
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.secrets["auth"] = AUTH
    at.secrets["access"] = ACCESS
    at.user = {"is_logged_in": True, "email": "intruder@example.com"}
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign out"]
    # Nothing of the corpus: no filters, no charts, no tables, no page navigation ran.
    assert at.sidebar.children == {}
    assert not at.multiselect and not at.text_input and not at.dataframe
    assert "news-atlas-view" not in "".join(str(h.proto) for h in at.get("html"))
