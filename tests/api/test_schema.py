"""Schemathesis against the API's own OpenAPI document: every operation, anonymous and with
a token, with generated parameters (valid and not). No answer may be a server error, and
every answer must match the schema (status, content type, body). Runs in `make test`, so
CI fails on a violation."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from tests.security.matrix_data import APPLICANT_A, OFFICER

# Generated cases per operation and caller: enough to reach the validation paths and the
# empty, found and not-found answers, cheap enough for a shared CI machine.
EXAMPLES = 25
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
    checks.negative_data_rejection,
    checks.positive_data_acceptance,
    checks.ignored_auth,
]


# Loaded from the application itself, in-process (its WSGI handler): the document served at
# /api/openapi.json, and the requests go through the whole middleware stack.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


# Each case is sent anonymously, and with the token of an officer (who runs the world's
# call) and of an applicant (who has proposals in it).
CALLERS = [None, OFFICER, APPLICANT_A]


@pytest.fixture
def connections_kept():
    """The WSGI handler closes the database connection after each request (request_finished);
    the test's transaction must outlive the requests, as Django's test client arranges."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_answers_as_its_schema_says(case, world, db, connections_kept):
    for caller in CALLERS:
        headers = {"Authorization": f"Bearer {world.extra['tokens'][caller]}"} if caller else {}
        case.call_and_validate(headers=headers, checks=CHECKS)
