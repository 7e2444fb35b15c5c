"""The API's tests share the permission matrix's world (tests/security/matrix_data.py), built
once per module, with a token for each role that reads with one."""

import pytest
from django.db import transaction
from django.test import Client

from api.services import create_token
from tests.security.matrix_data import ROLES, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world after publication, and `world.tokens[role]`: each role's token plaintext.
    Inside a transaction rolled back at the end of the module; tests nest in it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world(publish=True)
            built.extra["tokens"] = {
                role: create_token(user, name=f"{role} script")[1]
                for role, user in built.users.items()
                if role in ROLES
            }
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def token_client(world, role: str | None) -> Client:
    """A client that sends `role`'s token with every request (no token for None)."""
    if role is None:
        return Client()
    return Client(headers={"Authorization": f"Bearer {world.extra['tokens'][role]}"})
