"""A small OpenID Connect provider for the single sign-on tests (django-oauth-toolkit).

A Django project of its own (settings, urls, a login page), run as a subprocess on a local
port by the `oidc_provider` fixture (tests/oidc_provider/harness.py), so that the portal
signs people in against a real provider: discovery, a signed ID token (RS256, a key made at
start), the token and userinfo endpoints, exactly as it would against an agency's identity
provider or ThaiD.
"""
