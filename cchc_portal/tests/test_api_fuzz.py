"""Issue 13: schemathesis against the portal's own OpenAPI schema, as several roles: no 5xx, responses as documented.

Every operation of the schema gets `FUZZ_EXAMPLES` generated requests (hypothesis, derandomized so
that CI is repeatable), each sent as an administrator, Home Affairs, the team leader and a unit
head, in-process through the WSGI application, against a small world of real records.
"""

import json
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from remediation.tests.factories import make_remediation_setup

FUZZ_EXAMPLES = 10


def _schema():
    raw = json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    return schema


@pytest.fixture
def tokens(cast, settings):
    settings.ALLOWED_HOSTS = ["*"]
    world = make_remediation_setup(cast)
    users = (cast.admin, cast.home_affairs, world.leader, cast.unit_head)
    return [Token.objects.get_or_create(user=user)[0].key for user in users]


def test_no_role_meets_a_server_error_or_an_undocumented_answer(tokens):
    # As Django's test client does: a request's start and end must not close the test's own connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _fuzz(tokens)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz(tokens):
    sent, failures = [], []
    # Revoking the token would sign every later request out (it is tested in units/tests).
    operations = [
        op for op in (r.ok() for r in _schema().get_all_operations()) if op.label != "DELETE /api/v1/auth/token/"
    ]

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
        def run(case):
            for token in tokens:
                # The schema's security scheme makes hypothesis invent an Authorization header: ours wins.
                # The WSGI test client does not inflate gzip: ask for plain answers.
                case.headers = {
                    **(case.headers or {}),
                    "Authorization": f"Token {token}",
                    "Accept-Encoding": "identity",
                }
                response = case.call()
                sent.append(response.status_code)
                case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

        try:
            run()
        except (Exception, BaseExceptionGroup) as error:  # every operation is tried; all failures listed
            failures.append(f"{operation.label}: {str(error)[:600]}")
    assert len(operations) >= 60 and len(sent) >= len(operations) * len(tokens)
    print(f"schemathesis: {len(operations)} operations, {len(sent)} requests, {sorted(Counter(sent).items())}")
    assert failures == [], "\n\n".join(failures)
