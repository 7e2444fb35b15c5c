"""The test OpenID Connect provider itself, without a browser: if these fail, the single
sign-on tests cannot be believed either way."""

import base64
import hashlib
import json
import re
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from jwcrypto import jwk, jwt

REDIRECT_URI = "http://localhost:8999/accounts/oidc/agency/login/callback/"
PASSWORD = "provider-pass-2026"


@pytest.fixture(scope="module")
def client_app(oidc_provider):
    oidc_provider.add_client("harness-client", "harness-secret", REDIRECT_URI, skip_consent=True)
    return "harness-client", "harness-secret"


def sign_in(provider, email: str) -> requests.Session:
    """A requests session signed in at the provider through its login form."""
    session = requests.Session()
    form = session.get(f"{provider.url}/accounts/login/", timeout=10)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    answer = session.post(
        f"{provider.url}/accounts/login/",
        data={"csrfmiddlewaretoken": csrf, "username": email, "password": PASSWORD, "next": "/"},
        headers={"Referer": f"{provider.url}/accounts/login/"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    return session


def code_flow(provider, client_app, email: str) -> dict:
    """Authorization code with PKCE, as the portal does it: the token endpoint's answer and
    the decoded, signature-checked ID token."""
    client_id, secret = client_app
    session = sign_in(provider, email)
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    nonce = secrets.token_urlsafe(16)
    discovery = requests.get(provider.discovery_url, timeout=10).json()
    answer = session.get(
        discovery["authorization_endpoint"],
        params={
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": REDIRECT_URI,
            "scope": "openid email profile",
            "state": "state-1",
            "nonce": nonce,
            "code_challenge": challenge.decode().rstrip("="),
            "code_challenge_method": "S256",
        },
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back._replace(query="").geturl() == REDIRECT_URI
    query = parse_qs(back.query)
    assert query["state"] == ["state-1"]
    tokens = requests.post(
        discovery["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier,
        },
        auth=(client_id, secret),
        timeout=10,
    )
    assert tokens.status_code == 200, tokens.text
    keys = jwk.JWKSet.from_json(requests.get(discovery["jwks_uri"], timeout=10).text)
    id_token = jwt.JWT(jwt=tokens.json()["id_token"], key=keys, algs=["RS256"])
    claims = json.loads(id_token.claims)
    assert claims["nonce"] == nonce
    return {"tokens": tokens.json(), "claims": claims, "discovery": discovery}


def test_discovery_and_keys(oidc_provider):
    discovery = requests.get(oidc_provider.discovery_url, timeout=10).json()
    assert discovery["issuer"] == oidc_provider.server_url
    assert "RS256" in discovery["id_token_signing_alg_values_supported"]
    assert "code" in discovery["response_types_supported"]
    for endpoint in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint"):
        assert discovery[endpoint].startswith(oidc_provider.server_url)
    keys = requests.get(discovery["jwks_uri"], timeout=10).json()["keys"]
    assert [key["kty"] for key in keys] == ["RSA"]


def test_code_exchange_gives_a_signed_id_token_with_a_verified_email(oidc_provider, client_app):
    oidc_provider.add_person("somchai@agency.example", PASSWORD, first_name="Somchai")
    flow = code_flow(oidc_provider, client_app, "somchai@agency.example")
    claims = flow["claims"]
    assert claims["iss"] == oidc_provider.server_url
    assert claims["aud"] == client_app[0]
    assert claims["email"] == "somchai@agency.example"
    assert claims["email_verified"] is True
    userinfo = requests.get(
        flow["discovery"]["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {flow['tokens']['access_token']}"},
        timeout=10,
    ).json()
    assert userinfo["email"] == "somchai@agency.example"
    assert userinfo["email_verified"] is True
    assert userinfo["given_name"] == "Somchai"


def test_an_unverified_address_is_said_to_be_unverified(oidc_provider, client_app):
    oidc_provider.add_person("unchecked@agency.example", PASSWORD, verified=False)
    claims = code_flow(oidc_provider, client_app, "unchecked@agency.example")["claims"]
    assert claims["email"] == "unchecked@agency.example"
    assert claims["email_verified"] is False


def test_a_wrong_secret_gets_no_tokens(oidc_provider, client_app):
    discovery = requests.get(oidc_provider.discovery_url, timeout=10).json()
    answer = requests.post(
        discovery["token_endpoint"],
        data={"grant_type": "authorization_code", "code": "x", "redirect_uri": REDIRECT_URI},
        auth=(client_app[0], "not-the-secret"),
        timeout=10,
    )
    assert answer.status_code == 401
