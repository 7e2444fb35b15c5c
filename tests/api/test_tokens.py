"""Personal API tokens: made by their owner, shown once, stored as a SHA-256 only, revoked
by their owner; the token page."""

import hashlib

import pytest
from django.urls import reverse

from api.models import ApiToken
from api.queries import token_for
from api.services import MAX_ACTIVE_TOKENS, create_token, revoke_token
from portal.enums import Role
from portal.refusals import Refusal
from tests.factories import user_with


@pytest.fixture
def person(db):
    return user_with(Role.APPLICANT, email="script-owner@example.org")


def test_create_token_returns_the_plaintext_and_stores_only_its_hash(person):
    token, plaintext = create_token(person, name="รายงานประจำเดือน")

    prefix, secret = plaintext.removeprefix("nia_").split("_", 1)
    stored = ApiToken.objects.get(pk=token.pk)
    assert (stored.prefix, stored.name) == (prefix, "รายงานประจำเดือน")
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.secret_hash, stored.prefix, stored.name}
    assert len(secret) >= 43  # 32 random bytes, URL-safe base64


def test_token_for_finds_the_token_only_with_its_exact_secret(person):
    token, plaintext = create_token(person, name="a")

    assert token_for(plaintext) == token
    assert token_for(plaintext[:-1] + ("x" if plaintext[-1] != "x" else "y")) is None
    assert token_for(plaintext.replace("nia_", "xyz_")) is None
    assert token_for("nia__") is None
    assert token_for("") is None


def test_a_revoked_token_or_an_inactive_person_opens_nothing(person):
    token, plaintext = create_token(person, name="a")
    _other, other_plaintext = create_token(person, name="b")

    revoke_token(token, by=person)
    person.is_active = False
    person.save()

    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert token_for(plaintext) is None
    assert token_for(other_plaintext) is None


def test_a_blank_name_or_too_many_tokens_is_refused(person):
    with pytest.raises(Refusal) as blank:
        create_token(person, name="   ")
    for n in range(MAX_ACTIVE_TOKENS):
        create_token(person, name=f"t{n}")
    with pytest.raises(Refusal) as too_many:
        create_token(person, name="one more")

    assert (blank.value.code, too_many.value.code) == ("required", "too_many")
    assert ApiToken.objects.filter(user=person).count() == MAX_ACTIVE_TOKENS


def test_the_token_page_shows_a_new_token_once(client, person):
    client.force_login(person)
    url = reverse("api_tokens:token_list")

    created = client.post(url, {"name": "สคริปต์ของฉัน"})
    plaintext = created.context["created"]
    again = client.get(url)

    assert plaintext.startswith("nia_")
    assert plaintext.encode() in created.content
    assert created["Cache-Control"] == "private, no-store"
    assert plaintext.encode() not in again.content
    assert "สคริปต์ของฉัน" in again.content.decode()
    assert "โทเคน API" in again.content.decode()  # in Thai by default


def test_the_owner_revokes_a_token_and_nobody_else_can(client, person):
    token, _plaintext = create_token(person, name="a")
    stranger = user_with(Role.APPLICANT, email="stranger@example.org")
    url = reverse("api_tokens:token_revoke", kwargs={"pk": token.pk})

    client.force_login(stranger)
    refused = client.post(url)
    token.refresh_from_db()
    revoked_by_stranger = token.revoked_at
    client.force_login(person)
    done = client.post(url)
    token.refresh_from_db()

    assert (refused.status_code, revoked_by_stranger) == (404, None)
    assert done.status_code == 302
    assert token.revoked_at is not None
