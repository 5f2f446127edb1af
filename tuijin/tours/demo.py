"""The tour of the seed page in the demo zone: on 7 May 2025, before the 二季度 meeting, the leaders and
the bureaus observed nine “三十工程” sites, scored them, and the office closed the tour with its ranking.

Each stop keeps the name the seed uses and links the registry project it is. The marks are fixed numbers
(a table, not a random draw) so the demo's ranking is the same on every build."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from tuijin.core.roles import Role
from tuijin.org.services import user_create
from tuijin.projects.models import Project

from . import services

HELD_ON = date(2025, 5, 7)
TITLE = "二季度重点工作暨“三十工程”推进会观摩"

# (the seed's name for the stop, the demo registry project's name, the stop's level of marks out of 100)
STOPS = [
    ("神州路绿化", "神州路绿化提升工程", 86),
    ("南海路排水河", "南海路排水河治理工程", 82),
    ("卓立膜公司", "卓立膜材料扩建项目", 90),
    ("玉溪路小学", "玉溪路小学建设项目", 88),
    ("金沙社区", "金沙社区城中村改造项目", 84),
    ("山阳路桥", "山阳路桥建设工程", 87),
    ("紫荆大道", "紫荆大道（东延）建设工程", 89),
    ("瑞庆发动机", "瑞庆混动发动机项目", 93),
    ("龙源路绿化", "龙源路绿化提升工程", 81),
]
# Observers beyond the demo's own logins: the party secretary who led the tour and three bureaus.
EXTRA_OBSERVERS = [
    # username, display name, role, leader key or department short name
    ("tour_secretary", "党工委书记", Role.LEADER, "secretary"),
    ("tour_jingfa", "经发局观摩代表", Role.DEPARTMENT, "经发局"),
    ("tour_chengguan", "城管局观摩代表", Role.DEPARTMENT, "城管局"),
    ("tour_shehui", "社会事业局观摩代表", Role.DEPARTMENT, "社会事业局"),
]
# How each observer's totals sit around a stop's level (one row per observer, one column per stop): the
# usual spread of a panel, some stricter, some more generous.
LEANINGS = [
    [2, -1, 1, 0, 3, -2, 1, 2, -1],
    [-3, 0, -2, 1, -1, 0, -2, -1, 0],
    [1, 2, 0, -1, 0, 1, 2, 0, 1],
    [4, 3, 5, 3, 2, 4, 3, 4, 3],
    [-1, -2, -1, -3, -2, -1, 0, -2, -3],
    [0, 1, -3, 2, 1, -1, -1, 1, 2],
    [-5, -4, -2, -4, -6, -3, -4, -3, -5],
]
HALF = Decimal("0.5")


def _observers(zone) -> list:
    users = [zone.users[Role.LEADER], zone.users[Role.COORDINATOR], zone.users[Role.DEPARTMENT]]
    for username, name, role, key in EXTRA_OBSERVERS:
        scope = ({"person": zone.leaders[key], "region": zone.zone} if role == Role.LEADER
                 else {"department": zone.departments[key]})
        users.append(user_create(actor=None, username=username, role=role, password=zone.password_hash,
                                 prehashed=True, must_change_password=False, display_name=name, **scope))
    return users


def _marks(criteria, level: int) -> dict[int, Decimal]:
    """Marks giving about `level` out of 100, spread over the criteria by their weight, in half points."""
    marks = {}
    for criterion in criteria:
        value = (Decimal(criterion.weight) * Decimal(level) / 100 / HALF).quantize(Decimal(1), ROUND_HALF_UP) * HALF
        marks[criterion.pk] = min(value, Decimal(criterion.weight))
    return marks


def build(zone) -> None:
    coordinator = zone.coordinator
    tour = services.tour_create(actor=coordinator, region=zone.zone, title=TITLE, held_on=HELD_ON)
    projects = {p.name: p for p in Project.objects.filter(name__in=[name for _s, name, _l in STOPS])}
    services.tour_set_stops(actor=coordinator, tour=tour, stops=[
        {"project": projects.get(name), "site": seed_name} for seed_name, name, _level in STOPS])
    observers = _observers(zone)
    services.tour_set_observers(actor=coordinator, tour=tour, observers=observers)
    criteria = list(tour.criteria.all())
    for observer, leanings in zip(observers, LEANINGS, strict=True):
        for stop, (_seed, _name, level), leaning in zip(tour.stops.all(), STOPS, leanings, strict=True):
            services.score_save(actor=observer, stop=stop, marks=_marks(criteria, level + leaning))
    services.tour_close(actor=coordinator, tour=tour, reason="观摩结束，评比结果在推进会上通报")
