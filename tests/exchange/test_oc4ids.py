"""The OC4IDS export of the demo zone: valid against the published schema (offline), mapped as documented in
docs/oc4ids.md, and with nothing internal in the public cut."""

import json
import os
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tuijin.core.models import AuditEvent
from tuijin.dispatch.models import Problem
from tuijin.exchange.oc4ids import STATUS_OF_STAGE, export_package, sector_of, status_of
from tuijin.org.models import Enterprise, User
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import ProgrammeList, Project

ZONE_LIST = "2025年区定“三十工程”"
# The schema files sit beside the repository (../shared/standards, as CI has them); OC4IDS_SCHEMA_DIR overrides.
SCHEMA_DIR = Path(os.environ.get("OC4IDS_SCHEMA_DIR",
                                 Path(settings.BASE_DIR).parent / "shared" / "standards" / "oc4ids-0.9.5"))


def package_validator() -> jsonschema.Draft4Validator:
    assert SCHEMA_DIR.is_dir(), f"OC4IDS 0.9.5 schema not found at {SCHEMA_DIR} (set OC4IDS_SCHEMA_DIR)"
    package = json.loads((SCHEMA_DIR / "project-package-schema.json").read_text())
    project = json.loads((SCHEMA_DIR / "project-schema.json").read_text())
    registry = Registry().with_resource(project["id"], Resource.from_contents(project, default_specification=DRAFT4))
    return jsonschema.Draft4Validator(package, registry=registry)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from tuijin.demo.zone import ZoneBuilder

    with django_db_blocker.unblock(), transaction.atomic():
        yield ZoneBuilder("pw").build()
        transaction.set_rollback(True)


@pytest.fixture
def coordinator(demo, db):
    return User.objects.get(username="coordinator")


def test_the_demo_export_is_valid_oc4ids(coordinator):
    package = export_package(actor=coordinator, public_only=False, as_of=date(2025, 6, 30))
    errors = sorted(package_validator().iter_errors(package), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    assert len(package["projects"]) == Project.objects.filter(region__name="焦作高新区").count()
    for project in package["projects"]:  # the schema names date-time formats without enforcing them
        datetime.fromisoformat(project["updated"])
        for milestone in project.get("milestones", []):
            for key in ("dueDate", "dateMet"):
                if key in milestone:
                    datetime.fromisoformat(milestone[key])


def test_the_public_cut_is_valid_and_holds_nothing_internal(coordinator):
    owner = Project.objects.exclude(owner=None).first().owner
    Enterprise.objects.filter(pk=owner.pk).update(contact="王建国", phone="0391-3567890")
    public = export_package(actor=coordinator, public_only=True, as_of=date(2025, 6, 30))
    assert not list(package_validator().iter_errors(public))
    text = json.dumps(public, ensure_ascii=False)
    for key in ("stageNote", "problems", "responsibleLeader", "contactPoint"):
        assert f'"{key}"' not in text
    for problem in Problem.objects.all():
        assert problem.description not in text
    for project in Project.objects.exclude(stage_reason=""):
        assert project.stage_reason not in text
    assert "0391-3567890" not in text and "王建国" not in text
    full = json.dumps(export_package(actor=coordinator, public_only=False, as_of=date(2025, 6, 30)),
                      ensure_ascii=False)
    assert "0391-3567890" in full and "王建国" in full


def test_the_internal_export_keeps_problems_and_notes(coordinator):
    full = json.dumps(export_package(actor=coordinator, public_only=False, as_of=date(2025, 6, 30)),
                      ensure_ascii=False)
    assert Problem.objects.first().description in full
    assert Project.objects.exclude(stage_reason="").first().stage_reason in full


def test_each_project_carries_code_budget_in_yuan_status_and_progress(coordinator):
    package = export_package(actor=coordinator, public_only=True, as_of=date(2025, 6, 30))
    by_title = {p["title"]: p for p in package["projects"]}
    road = Project.objects.get(name="紫荆大道（东延）建设工程")
    exported = by_title[road.name]
    assert exported["budget"]["amount"] == {"amount": float(road.total_investment * 10000), "currency": "CNY"}
    assert exported["status"] == "implementation" and exported["sector"] == ["transport.road"]
    if road.code:
        assert {"id": road.code, "scheme": "CN-TZXMSPJG"} in exported["identifiers"]
    financial = next(m for m in exported["metrics"] if m["id"] == "financialProgress")
    share = next(o for o in financial["observations"] if o["id"] == "share")
    assert 0 < share["measure"] <= 100
    assert {party["roles"][0] for party in exported["parties"]} >= {"publicAuthority", "buyer"}


def test_bonds_are_exported_as_bond_finance(coordinator):
    project = Project.objects.filter(region__name="焦作高新区").first()
    Project.objects.filter(pk=project.pk).update(total_investment=Decimal(10000), invest_bond=Decimal(3000),
                                                 invest_self=Decimal(7000))
    package = export_package(actor=coordinator, public_only=True, as_of=date(2025, 6, 30))
    exported = next(p for p in package["projects"] if p["title"] == project.name)
    finance = {f["type"]: f["value"]["amount"] for f in exported["budget"]["finance"]}
    assert finance == {"bond": 30_000_000.0, "shares.unlisted": 70_000_000.0}


def test_every_stage_maps_to_an_oc4ids_status():
    for stage in Stage:
        project = Project(name="x", stage=stage, stage_before_suspension=Stage.CONSTRUCTION)
        assert status_of(project) in {"identification", "preparation", "implementation", "completion",
                                      "maintenance", "cancelled"}
    assert STATUS_OF_STAGE[Stage.WITHDRAWN] == "cancelled"
    assert status_of(Project(stage=Stage.SUSPENDED, stage_before_suspension=Stage.CONSTRUCTION)) == "implementation"


@pytest.mark.parametrize(("name", "sector"), [("玉溪路小学", "education"), ("南海路排水河治理", "waterAndWaste"),
                                              ("山阳路桥", "transport.road"), ("神州路绿化提升", "cultureSportsAndRecreation")])
def test_sectors_are_read_from_the_name_first(name, sector):
    assert sector_of(Project(name=name, planning_field="industry")) == sector


def test_a_list_limits_the_package_and_the_command_writes_it(coordinator, tmp_path):
    programme = ProgrammeList.objects.get(name=ZONE_LIST)
    before = AuditEvent.objects.filter(action="export.oc4ids").count()
    out = tmp_path / "zone.json"
    call_command("export-oc4ids", "--list", ZONE_LIST, "--public-only", "-o", str(out))
    package = json.loads(out.read_text(encoding="utf-8"))
    assert len(package["projects"]) == programme.projects.count() == 30
    assert not list(package_validator().iter_errors(package))
    assert AuditEvent.objects.filter(action="export.oc4ids").count() == before + 1


def test_the_coordinator_downloads_it_and_no_one_else_does(coordinator, client):
    client.force_login(coordinator)
    response = client.get("/projects/oc4ids.json?public=1")
    assert response.status_code == 200 and "oc4ids-public.json" in response["Content-Disposition"]
    assert json.loads(response.content)["version"] == "0.9"
    client.force_login(User.objects.get(username="leader"))
    assert client.get("/projects/oc4ids.json").status_code == 403
