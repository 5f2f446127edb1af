"""Funding applications for `tuijin synth`: about two projects in five that are not yet built apply for policy
money, in bulk, keeping every rule the services enforce (Application.clean, readiness at 申报, dated moves).

Called once per chunk of projects by tuijin/synth/generator.py, after their 前期 rows are written. It draws from
its own random generator (seeded by the synth seed and the project's code), so adding it changes nothing else."""

import random
from datetime import date, timedelta
from decimal import Decimal

from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import Preparation

from .channels import ensure_default_channels
from .models import Application, Channel, Move
from .readiness import readiness
from .statuses import PATH, Status

APPLYING_STAGES = {Stage.PLANNING, Stage.PROMOTION, Stage.PENDING, Stage.CONSTRUCTION}
SHARE_OF_PROJECTS = 0.4
# How far an application of a ready project has got: weights of 申报, 审核通过, 资金下达, 拨付, 未通过.
OUTCOMES = [(Status.APPLIED, 30), (Status.APPROVED, 20), (Status.ISSUED, 15), (Status.PAID, 20),
            (Status.REJECTED, 15)]
REASONS = ["不属于支持领域", "项目成熟度不足", "前期要件合规性审核未通过", "资金平衡方案不足"]


def applications(synth, plans: list[dict]) -> None:
    """Write the chunk's applications and their moves with `synth.write` (bulk, counted in its stats)."""
    channels = _channels()
    statuses: dict[int, dict[str, str]] = {}
    for project_id, item, status in Preparation.objects.filter(
            project_id__in=[p["pk"] for p in plans]).values_list("project_id", "item", "status"):
        statuses.setdefault(project_id, {})[item] = status
    rows = []
    for plan in plans:
        project = plan["project"]
        # Seeded by what the project is, not its row id (PostgreSQL does not give back ids on rollback).
        rng = random.Random(f"{synth.o.seed}:funding:{project.code or project.name}:{project.total_investment}")
        if plan["stage"] not in APPLYING_STAGES or rng.random() >= SHARE_OF_PROJECTS:
            continue
        channel = rng.choice(channels)
        ready = readiness(project, channel, statuses.get(plan["pk"], {})).ok
        rows.append(_application(project, channel, ready, rng, synth.today))
    synth.write(Application, [application for application, _moves in rows])
    synth.write(Move, [move for application, moves in rows for move in _bind(application, moves)])


def _channels() -> list[Channel]:
    if not Channel.objects.exists():
        ensure_default_channels(Channel)
    return list(Channel.objects.filter(active=True))


def _application(project, channel, ready: bool, rng: random.Random, today: date):
    total = project.total_investment or Decimal(1000)
    requested = Decimal(max(int(total * Decimal(rng.uniform(0.1, 0.5)) / 10), 1) * 10)
    reserved_on = min(today - timedelta(days=rng.randint(120, 540)), today)
    outcome = rng.choices([s for s, _w in OUTCOMES], weights=[w for _s, w in OUTCOMES])[0] if ready \
        else Status.RESERVE
    application = Application(project=project, channel=channel, year=reserved_on.year, batch="第一批",
                              status=outcome, reserved_on=reserved_on, amount_requested=requested)
    moves = [Move(to_status=Status.RESERVE, on=reserved_on, amount=requested)]
    on, previous = reserved_on, Status.RESERVE
    path = [] if outcome == Status.RESERVE else [Status.APPLIED] if outcome == Status.REJECTED else PATH[1:]
    amount = requested
    for step in path:
        on = min(on + timedelta(days=rng.randint(10, 60)), today)
        if step == Status.APPLIED:
            application.applied_on = on
        elif step == Status.APPROVED:
            amount = Decimal(int(requested * Decimal(rng.uniform(0.6, 1.0)) / 10) * 10) or requested
            application.amount_approved, application.approved_on = amount, on
        elif step == Status.ISSUED:
            application.amount_issued, application.issued_on = amount, on
        elif step == Status.PAID:
            amount = Decimal(int(amount * Decimal(rng.uniform(0.3, 1.0)) / 10) * 10) or amount
            application.amount_paid, application.paid_on = amount, on
        moves.append(Move(from_status=previous, to_status=step, on=on,
                          amount=amount if step != Status.APPLIED else requested))
        previous = step
        if step == outcome:
            break
    if outcome == Status.REJECTED:
        on = min(on + timedelta(days=rng.randint(20, 60)), today)
        application.rejected_on, application.rejection_reason = on, rng.choice(REASONS)
        moves.append(Move(from_status=Status.APPLIED, to_status=Status.REJECTED, on=on,
                          reason=application.rejection_reason))
    return application, moves


def _bind(application: Application, moves: list[Move]) -> list[Move]:
    for move in moves:
        move.application_id = application.pk
    return moves
