"""Access gate for a hosted corpus: Streamlit's built-in OIDC login plus an e-mail allow-list.

A hosted corpus may not be public. When `.streamlit/secrets.toml` (or Community Cloud's secrets box)
has an `[auth]` section, only signed-in users whose e-mail address or e-mail domain is on the
`[access]` allow-list see the dashboard; everyone else gets a sign-in page and the script stops
before any data is loaded. Without an `[auth]` section the dashboard stays open.

    [auth]                      # Streamlit's OIDC settings, see st.login
    redirect_uri = "https://host/atlas/oauth2callback"
    cookie_secret = "..."
    client_id = "..."
    client_secret = "..."
    server_metadata_url = "https://accounts.google.com/.well-known/openid-configuration"

    [access]
    allowed_emails = ["editor@example.org"]
    allowed_domains = ["newsroom.example"]
    # provider = "google"       # only when [auth] holds several named providers

The gate fails closed: `[auth]` with an empty allow-list, a secrets file that cannot be read, or an
identity whose e-mail the provider marks unverified all deny access.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

_LOG = logging.getLogger(__name__)

# Keys of [auth] that are shared settings, not named provider sections.
_SHARED_AUTH_KEYS = frozenset(
    {
        "redirect_uri",
        "cookie_secret",
        "expose_tokens",
        "client_id",
        "client_secret",
        "server_metadata_url",
        "client_kwargs",
    }
)


@dataclass(frozen=True)
class AccessPolicy:
    """Who may see the dashboard, as read from the secrets."""

    login_required: bool
    allowed_emails: frozenset[str] = frozenset()
    allowed_domains: frozenset[str] = frozenset()
    providers: tuple[str | None, ...] = (None,)  # None = Streamlit's default provider ([auth] itself)
    problem: str | None = None  # why the configuration denies everyone, for the sign-in page

    @property
    def is_open(self) -> bool:
        return not self.login_required


OPEN = AccessPolicy(login_required=False)


def _clean_list(value: Any) -> frozenset[str]:
    """Lower-cased, stripped strings of a TOML list (a lone string counts as a one-item list)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Iterable):
        return frozenset()
    return frozenset(v.strip().lower().lstrip("@") for v in value if isinstance(v, str) and v.strip())


def _providers(auth: Mapping[str, Any], access: Mapping[str, Any]) -> tuple[str | None, ...]:
    """The provider(s) the sign-in page offers: [access].provider, else default, else named sections."""
    chosen = access.get("provider")
    if isinstance(chosen, str) and chosen.strip():
        return (chosen.strip(),)
    if auth.get("client_id"):
        return (None,)
    named = tuple(k for k, v in auth.items() if k not in _SHARED_AUTH_KEYS and isinstance(v, Mapping))
    return named or (None,)


def policy_from_secrets(secrets: Mapping[str, Any] | None, *, readable: bool = True) -> AccessPolicy:
    """Read the access policy from a secrets mapping; never raises.

    `readable=False` means a secrets file exists but could not be parsed: deny rather than guess.
    """
    if not readable:
        return AccessPolicy(login_required=True, providers=(), problem="the secrets file could not be read")
    if not isinstance(secrets, Mapping):
        return OPEN
    auth = secrets.get("auth")
    if not isinstance(auth, Mapping):
        return OPEN
    access = secrets.get("access")
    access = access if isinstance(access, Mapping) else {}
    emails = _clean_list(access.get("allowed_emails"))
    domains = _clean_list(access.get("allowed_domains"))
    problem = None if emails or domains else "no e-mail address or domain is on the access list yet"
    return AccessPolicy(
        login_required=True,
        allowed_emails=emails,
        allowed_domains=domains,
        providers=_providers(auth, access),
        problem=problem,
    )


def is_allowed(user: Mapping[str, Any], policy: AccessPolicy) -> bool:
    """Whether this identity (st.user as a mapping) may see the dashboard under the policy."""
    if policy.is_open:
        return True
    if user.get("is_logged_in") is not True:
        return False
    if user.get("email_verified") is False:
        return False
    email = user.get("email")
    if not isinstance(email, str) or email.count("@") != 1:
        return False
    email = email.strip().lower()
    domain = email.rsplit("@", 1)[1]
    return bool(domain) and (email in policy.allowed_emails or domain in policy.allowed_domains)


def _secrets_file_present() -> bool:
    """Whether any configured secrets location exists (so an unreadable one is a broken file)."""
    try:
        paths = st.get_option("secrets.files") or []
    except Exception:  # noqa: BLE001 - an unknown option must not take the app down
        return False
    return any(Path(p).exists() for p in paths)


def _read_secrets() -> tuple[Mapping[str, Any], bool]:
    """(secrets, readable). Missing secrets are readable and empty; a broken file is not readable."""
    try:
        return st.secrets.to_dict(), True
    except FileNotFoundError:  # StreamlitSecretNotFoundError: no file, or a file that fails to parse
        return {}, not _secrets_file_present()
    except Exception:  # noqa: BLE001 - whatever goes wrong, fail closed
        _LOG.exception("Could not read secrets for the access gate")
        return {}, False


def _current_user() -> Mapping[str, Any]:
    try:
        return dict(st.user.to_dict())
    except Exception:  # noqa: BLE001 - no identity means not signed in
        return {}


def _login_button(provider: str | None) -> None:
    label = "Sign in" if provider is None else f"Sign in with {provider.replace('-', ' ').title()}"
    if st.button(label, type="primary", key=f"access-login-{provider or 'default'}"):
        try:
            st.login() if provider is None else st.login(provider)
        except Exception as exc:  # noqa: BLE001 - misconfigured auth: explain instead of a traceback
            _LOG.warning("st.login failed: %s", exc)
            st.error(
                "Sign-in is not available on this server right now. Ask the administrator to check "
                "the [auth] settings."
            )


def _render_sign_in_page(policy: AccessPolicy, user: Mapping[str, Any]) -> None:
    """A page that says nothing about the corpus: who you are, and how to get in."""
    st.title("News Atlas")
    signed_in = user.get("is_logged_in") is True
    if policy.problem:
        st.warning(f"This dashboard is private and access is closed: {policy.problem}.")
    elif signed_in:
        who = user.get("email") or "this account"
        st.warning(f"You are signed in as {who}, which is not on this dashboard's access list.")
    else:
        st.info("This dashboard is private. Sign in to continue.")
    if signed_in:
        if st.button("Sign out", key="access-logout"):
            st.logout()
    else:
        for provider in policy.providers:
            _login_button(provider)


def require_access() -> None:
    """Stop the script with a sign-in page unless the viewer may see the dashboard.

    Call it in dashboard.py after st.set_page_config and before loading data or navigating.
    """
    secrets, readable = _read_secrets()
    policy = policy_from_secrets(secrets, readable=readable)
    if policy.is_open:
        return
    user = _current_user()
    if policy.problem is None and is_allowed(user, policy):
        return
    _render_sign_in_page(policy, user)
    st.stop()
