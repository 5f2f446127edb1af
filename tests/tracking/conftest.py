"""Fixtures of the tracking tests: the warning rules' cache emptied around every test (a rule changed in one
test's transaction must not outlive its rollback), 序时进度 by months, and the `build` helper."""

import pytest

from tuijin.tracking.rules import clear_cache

from .builders import Build


@pytest.fixture(autouse=True)
def _fresh_rules_cache(settings):
    settings.TUIJIN_TIME_PROGRESS = "months"  # 30 June = 50%
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def build(zone, category, department, enterprise, leader_person, programme):
    return Build(zone=zone, category=category, department=department, enterprise=enterprise, leader=leader_person,
                 programme=programme)
