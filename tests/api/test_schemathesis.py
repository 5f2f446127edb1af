"""schemathesis against /api/v1/openapi.json: every operation, 20 generated requests each (a fixed seed), as the
demo zone's coordinator with a token, through Django's own WSGI application. No answer may be a server error,
use a status the document does not list, or differ from its documented schema."""

import json

import pytest
import schemathesis
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tuijin.api import tokens
from tuijin.api.api import api
from tuijin.assist.models import Demand
from tuijin.dispatch.models import Period, Problem, ProgressReport
from tuijin.economy.models import Indicator
from tuijin.funding.models import Application
from tuijin.org.models import Enterprise, User
from tuijin.projects.models import Milestone, Project
from tuijin.promotion.models import Lead

from .schemathesis_ids_safety import safety_ids

pytestmark = pytest.mark.api_fuzz

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo zone, built once for the module and rolled back after it."""
    from tuijin.demo.zone import ZoneBuilder

    with django_db_blocker.unblock(), transaction.atomic():
        ZoneBuilder("pw").build()
        coordinator = User.objects.get(username="coordinator")
        _token, raw = tokens.token_create(actor=coordinator, user=coordinator, name="schemathesis", days=1)
        ids = {
            "project_id": list(Project.objects.order_by("pk").values_list("pk", flat=True)),
            "period_id": list(Period.objects.order_by("pk").values_list("pk", flat=True)),
            "report_id": list(ProgressReport.objects.order_by("pk").values_list("pk", flat=True)),
            "problem_id": list(Problem.objects.order_by("pk").values_list("pk", flat=True)),
            "milestone_id": list(Milestone.objects.order_by("pk").values_list("pk", flat=True)),
            "lead_id": list(Lead.objects.order_by("pk").values_list("pk", flat=True)),
            "application_id": list(Application.objects.order_by("pk").values_list("pk", flat=True)),
            "indicator_id": list(Indicator.objects.order_by("pk").values_list("pk", flat=True)),
            "enterprise_id": list(Enterprise.objects.order_by("pk").values_list("pk", flat=True)),
            "demand_id": list(Demand.objects.order_by("pk").values_list("pk", flat=True)),
        }
        ids.update(safety_ids())
        yield {"headers": {"Authorization": f"Bearer {raw}"}, "ids": ids}
        transaction.set_rollback(True)


@pytest.fixture
def wsgi_in_test_transaction(db):
    """Django's WSGI handler closes the database connection around each request; the test client does not, and
    neither may these requests, which run inside the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# The document as /api/v1/openapi.json serves it (test_docs checks that it does), read without a request so the
# operations are known when pytest collects: one test per operation.
schema = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder)))


def with_demo_ids(case, ids: dict) -> None:
    """Most generated ids point at demo records (so operations run their real work); negative and huge ones
    stay as generated (so the 404 and 422 answers are exercised too)."""
    for name, value in (case.path_parameters or {}).items():
        known = ids.get(name)
        if known and isinstance(value, int) and 0 <= value < 10**6:
            case.path_parameters[name] = known[value % len(known)]


@schema.parametrize()
@settings(max_examples=20, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
def test_every_operation_answers_as_documented(case, demo, wsgi_in_test_transaction):
    with_demo_ids(case, demo["ids"])
    case.call_and_validate(app=wsgi_in_test_transaction, headers=demo["headers"], checks=CHECKS)
