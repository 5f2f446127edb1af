"""个人信息保护: tuijin keeps work contacts only (a unit's contact person and office phone, a lead's 对接人), never
identity documents, bank cards or private addresses; passwords reach neither the audit trail nor the logs; a
unit's contact reaches only the people who work with that unit, and never the public open-data cut (that
part: tests/exchange/test_oc4ids.py::test_the_public_cut_is_valid_and_holds_nothing_internal)."""

import json
import logging
import re

import pytest
from django.apps import apps
from django.test import Client

from tuijin.core.models import AuditEvent
from tuijin.core.roles import Role
from tuijin.org.services import password_reset_force, user_create

# Field names and labels that would mean the application collects more than work contacts.
NOT_KEPT = re.compile(r"id_?card|id_?number|identity|passport|bank_?card|home_?address|birth|gender|"
                      r"身份证|证件号|护照|银行卡|家庭住址|出生|性别|民族", re.IGNORECASE)
SECRET = "Mima-Zhen-2026"
GUESS = "Cai-De-Mima-77"


def test_no_model_keeps_identity_documents_or_private_details():
    offending = [f"{model._meta.label}.{field.name} ({field.verbose_name})"
                 for model in apps.get_models() if model.__module__.startswith("tuijin.")
                 for field in model._meta.get_fields() if hasattr(field, "verbose_name")
                 if NOT_KEPT.search(field.name) or NOT_KEPT.search(str(field.verbose_name))]
    assert offending == []


def test_the_scan_would_catch_an_identity_field():
    assert NOT_KEPT.search("id_card_number") and NOT_KEPT.search("法人身份证号")


def test_passwords_reach_neither_the_audit_trail_nor_the_logs(db, admin_user, lockout, caplog):
    caplog.set_level(logging.DEBUG)
    user = user_create(actor=admin_user, username="liaison", role=Role.AUDITOR, password=SECRET)
    password_reset_force(actor=admin_user, user=user, new_password="Linshi-Mima-2026")
    stranger = Client(REMOTE_ADDR="10.1.2.3")
    stranger.post("/accounts/login/", {"username": "liaison", "password": GUESS})
    owner = Client()
    owner.post("/accounts/login/", {"username": "liaison", "password": "Linshi-Mima-2026"})
    owner.post("/accounts/password/", {"old_password": "Linshi-Mima-2026", "new_password1": SECRET,
                                       "new_password2": SECRET})

    trail = json.dumps([[e.action, e.changes, e.reason, e.target_label]
                        for e in AuditEvent.objects.all()], ensure_ascii=False)
    assert {"user.create", "user.password_reset", "login.failed", "login", "user.password_change"} <= set(
        AuditEvent.objects.values_list("action", flat=True))
    for secret in (SECRET, GUESS, "Linshi-Mima-2026", "pbkdf2_", "argon2"):
        assert secret not in trail
        assert secret not in caplog.text
    user.refresh_from_db()
    assert SECRET not in user.password and user.check_password(SECRET)  # kept only as a salted hash


def test_a_units_contact_reaches_only_those_who_work_with_it(db, owner_user, enterprise, other_enterprise,
                                                             coordinator_user):
    for unit in (enterprise, other_enterprise):
        unit.contact, unit.phone = "王建国", "0391-3567890"
        unit.save()
    office = Client()
    office.force_login(coordinator_user)  # the zone's project office works with the zone's units
    assert "0391-3567890" in office.get(f"/assist/enterprises/{enterprise.pk}/").content.decode()
    stranger = Client()
    stranger.force_login(owner_user)  # another unit's staff does not
    answer = stranger.get(f"/assist/enterprises/{other_enterprise.pk}/")
    assert answer.status_code == 404 and "0391-3567890" not in answer.content.decode()


@pytest.mark.parametrize("role", ["auditor_user", "admin_user"])
def test_the_auditor_and_the_admin_do_not_read_units_contacts(db, role, request, enterprise):
    enterprise.phone = "0391-3567890"
    enterprise.save()
    client = Client()
    client.force_login(request.getfixturevalue(role))
    answer = client.get(f"/assist/enterprises/{enterprise.pk}/")
    assert answer.status_code == 403 and "0391-3567890" not in answer.content.decode()
