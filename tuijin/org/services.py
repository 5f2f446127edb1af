"""Writes to the organisation: enterprises and accounts. Audited like every other write."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuijin.core import audit
from tuijin.core.roles import Role

from . import lockouts
from .models import Department, Enterprise, Person, Region, User

USER_FIELDS = ["username", "role", "region", "department", "enterprise", "person", "first_name"]


@transaction.atomic
def enterprise_create(*, actor, name: str, credit_code: str | None, region: Region,
                      kind: str = Enterprise.Kind.COMPANY, address: str = "", contact: str = "",
                      phone: str = "") -> Enterprise:
    if actor is not None and actor.role not in {Role.COORDINATOR, Role.DEPARTMENT}:
        raise PermissionDenied(_("您没有权限登记项目单位。"))
    if actor is not None and actor.region_id and not region.path.startswith(actor.region.path):
        raise ValidationError({"region": _("所属区域不在您的管辖范围内。")})
    enterprise = Enterprise(name=name.strip(), credit_code=credit_code, region=region, kind=kind,
                            address=address, contact=contact, phone=phone)
    enterprise.full_clean()
    enterprise.save()
    audit.record(actor=actor, action="enterprise.create", target=enterprise,
                 changes=audit.diff({}, {"name": enterprise.name, "credit_code": enterprise.credit_code}))
    return enterprise


@transaction.atomic
def user_create(*, actor, username: str, role: str, password: str, region: Region | None = None,
                department: Department | None = None, enterprise: Enterprise | None = None,
                person: Person | None = None, display_name: str = "", check_password: bool = True,
                prehashed: bool = False, must_change_password: bool = True) -> User:
    """A new account. Only the admin role (or a shell user, actor None) creates accounts.
    `prehashed` takes a password already hashed with make_password (the demo hashes its one password once)."""
    if actor is not None and actor.role != Role.ADMIN:
        raise PermissionDenied(_("只有系统管理员可以创建账号。"))
    if role not in Role.values:
        raise ValidationError({"role": _("未知的角色“%(r)s”，可选：%(all)s。") % {"r": role, "all": "、".join(Role.values)}})
    user = User(username=username, role=role, region=region, department=department, enterprise=enterprise,
                person=person, first_name=display_name, is_staff=role in {Role.ADMIN, Role.AUDITOR},
                must_change_password=must_change_password)
    if prehashed:
        user.password = password
    else:
        if check_password:
            validate_password(password, user)
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(actor=actor, action="user.create", target=user,
                 changes=audit.diff({}, {name: getattr(user, name) for name in USER_FIELDS}))
    return user


def _may_extend_organisation(actor) -> None:
    """Imports may add the regions, departments and people a sheet names; only the project office imports."""
    if actor is not None and actor.role != Role.COORDINATOR:
        raise PermissionDenied(_("只有项目办可以新增区域、部门和人员。"))


@transaction.atomic
def region_create(*, actor, name: str, parent: Region, level: str = Region.Level.COUNTY) -> Region:
    _may_extend_organisation(actor)
    region = Region(name=name.strip(), parent=parent, level=level)
    region.full_clean()
    region.save()
    audit.record(actor=actor, action="region.create", target=region, changes={"name": [None, region.name],
                                                                                "parent": [None, parent.name]})
    return region


@transaction.atomic
def department_create(*, actor, name: str, region: Region) -> Department:
    _may_extend_organisation(actor)
    department = Department(name=name.strip(), region=region,
                            order=(Department.objects.filter(region=region).count() + 1) * 10)
    department.full_clean()
    department.save()
    audit.record(actor=actor, action="department.create", target=department,
                 changes={"name": [None, department.name]})
    return department


@transaction.atomic
def person_create(*, actor, name: str, region: Region, title: str = "", is_leader: bool = False) -> Person:
    _may_extend_organisation(actor)
    person = Person(name=name.strip(), title=title, region=region, is_leader=is_leader)
    person.full_clean()
    person.save()
    audit.record(actor=actor, action="person.create", target=person, changes={"name": [None, person.name]})
    return person


@transaction.atomic
def password_reset_force(*, actor, user: User, new_password: str) -> User:
    """The admin sets a temporary password; its owner must change it at the next login."""
    if actor is None or actor.role != Role.ADMIN and not actor.is_superuser:
        raise PermissionDenied(_("只有系统管理员可以重置密码。"))
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit.record(actor=actor, action="user.password_reset", target=user, reason=_("管理员重置密码"))
    return user


@transaction.atomic
def password_changed(*, user: User) -> None:
    """The user chose their own password (the form already validated and saved it)."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    audit.record(actor=user, action="user.password_change", target=user)


@transaction.atomic
def lockout_release(*, actor, kind: str, value: str, reason: str) -> list[lockouts.Lockout]:
    """Lift a login lock (an account's or a source address's) before it expires. The admin does it from the
    lockout page; `actor=None` is the server's command line (break-glass, when the admin is the one locked)."""
    if actor is not None and not (actor.is_superuser or actor.role == Role.ADMIN):
        raise PermissionDenied(_("只有系统管理员可以解除锁定。"))
    if kind not in lockouts.KINDS:
        raise ValidationError(_("解锁对象只能是账号或来源地址。"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请写明解锁原因（如：已电话核实本人）。")})
    before = lockouts.current_lockouts()
    held = [lock for lock in before if lock.kind == kind and lock.value == value]
    if not held:
        raise ValidationError(_("“%(v)s”当前没有被锁定，无需解锁。") % {"v": value})
    from axes.utils import reset  # axes' own reset, so its handler and caches agree

    reset(**({"username": value} if kind == "username" else {"ip": value}))
    # axes keeps one record per (account, address): lifting an address also lifts the accounts that failed
    # only from it, and the other way round; the trail names every lock that went
    still = {(lock.kind, lock.value) for lock in lockouts.current_lockouts()}
    released = [lock for lock in before if (lock.kind, lock.value) not in still]
    audit.record(actor=actor, action="login.unlocked",
                 changes={kind: [value, None], "failures": [held[0].failures, 0],
                          "released": [[lock.label for lock in released], []]},
                 reason=reason.strip())
    return released
