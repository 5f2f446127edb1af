"""Issuing bulletins and letters: numbering, storage exactly as issued, audit, and who may do it."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tuijin.bulletins.services import bulletin_issue, next_bulletin_number, problem_letter
from tuijin.core.loop import LetterKind, LoopStatus, LoopStep
from tuijin.core.models import AuditEvent
from tuijin.dispatch.models import Bulletin, Period

pytestmark = pytest.mark.django_db

REQUIREMENTS = "一、抓进度。\n\n二、抓问题。"


def issue(world, period=None, actor=None, programme="list"):
    return bulletin_issue(actor=actor or world.coordinator, period=period or world.apr,
                          programme=world.programme if programme == "list" else programme,
                          requirements=REQUIREMENTS, issued_on=date(2025, 5, 8))


def download(client, bulletin) -> bytes:
    response = client.get(reverse("bulletins:file", args=[bulletin.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


# ---- the service ----------------------------------------------------------------------------------------


def test_issue_stores_the_document_and_audits(world, docx_text):
    bulletin = issue(world)
    assert (bulletin.number, bulletin.period, bulletin.programme) == (1, world.apr, world.programme)
    assert bulletin.title == "关于2025年1-4月区定“三十工程”推进情况的通报"
    assert bulletin.requirements == REQUIREMENTS
    assert bulletin.issued_by == world.coordinator
    with bulletin.document.open("rb") as stored:
        text = docx_text(stored.read())
    assert "第1期" in text["paragraphs"]
    assert "瑞庆混动发动机项目" in text["cells"]
    event = AuditEvent.objects.get(action="bulletin.issue")
    assert event.actor == world.coordinator
    assert event.target_id == str(bulletin.pk)
    assert event.changes["number"] == [None, 1]
    assert len(event.changes["sha256"][1]) == 64


def test_numbering_counts_the_bulletins_of_the_region_and_year(world):
    assert [issue(world).number, issue(world).number] == [1, 2]
    assert issue(world, period=world.mar).number == 3
    assert issue(world, period=world.dec, programme=None).number == 1  # 2024: a new series
    assert bulletin_issue(actor=world.other_coordinator, period=world.other_apr, programme=world.other_list,
                          requirements="").number == 1  # another zone keeps its own series
    assert next_bulletin_number(world.apr) == 4
    assert Bulletin.objects.count() == 5


def test_only_the_project_office_issues(world):
    for user in (world.owner, world.department, world.leader, world.auditor, world.admin):
        with pytest.raises(PermissionDenied):
            issue(world, actor=user)
    with pytest.raises(PermissionDenied):
        issue(world, actor=world.other_coordinator)  # not its zone
    assert not Bulletin.objects.exists()


def test_a_list_of_another_zone_is_refused(world):
    with pytest.raises(ValidationError):
        issue(world, programme=world.other_list)
    assert not Bulletin.objects.exists()


# ---- the pages ------------------------------------------------------------------------------------------


def test_coordinator_sees_the_form_with_default_requirements(world, login):
    response = login(world.coordinator).get(reverse("bulletins:period", args=[world.apr.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "一、对标对表抓进度。" in body
    assert "印发第1期通报" in body
    assert f'<option value="{world.programme.pk}" selected>' in body


def test_preview_shows_the_summary_and_tables(world, login):
    client = login(world.coordinator)
    url = reverse("bulletins:period", args=[world.apr.pk])
    data = {"programme": world.programme.pk, "requirements": REQUIREMENTS, "action": "preview"}
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "1-4月，2025年区定“三十工程”5个项目完成投资8500万元" in body
    assert "完成率0.0%，落后序时进度33.3个百分点" in body
    assert "二、抓问题。" in body
    partial = client.post(url, data, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    assert "慢于序时进度（33.3%）14.4个百分点" in partial.content.decode()
    assert not Bulletin.objects.exists()


def test_issue_from_the_page_and_download_twice_identically(world, login):
    client = login(world.coordinator)
    url = reverse("bulletins:period", args=[world.apr.pk])
    response = client.post(url, {"programme": world.programme.pk, "requirements": REQUIREMENTS, "action": "issue"})
    assert response.status_code == 302
    bulletin = Bulletin.objects.get()
    with bulletin.document.open("rb") as stored:
        stored_bytes = stored.read()
    first = download(client, bulletin)
    # Later data changes do not change an issued bulletin.
    world.land.status = LoopStatus.RESOLVED
    world.land.save()
    second = download(login(world.owner), bulletin)
    assert first == second == stored_bytes
    assert AuditEvent.objects.filter(action="download.bulletin", target_id=str(bulletin.pk)).count() == 2
    page = client.get(url).content.decode()
    assert bulletin.title in page and reverse("bulletins:file", args=[bulletin.pk]) in page


@pytest.mark.parametrize("role", ["owner", "department", "leader"])
def test_other_business_roles_cannot_issue_but_can_read_and_download(world, login, role):
    bulletin = issue(world)
    client = login(getattr(world, role))
    url = reverse("bulletins:period", args=[world.apr.pk])
    response = client.post(url, {"programme": world.programme.pk, "requirements": "x", "action": "issue"})
    assert response.status_code == 403
    assert client.post(url, {"requirements": "x", "action": "preview"}).status_code == 403
    page = client.get(url)
    assert page.status_code == 200 and "印发第" not in page.content.decode()
    assert download(client, bulletin)
    assert Bulletin.objects.count() == 1


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_auditor_and_admin_see_nothing_here(world, login, role):
    bulletin = issue(world)
    step = problem_letter(actor=world.coordinator, problem=world.land, kind=LetterKind.ASSIGN)
    client = login(getattr(world, role))
    assert client.get(reverse("bulletins:index")).status_code == 403
    assert client.get(reverse("bulletins:period", args=[world.apr.pk])).status_code == 403
    assert client.get(reverse("bulletins:file", args=[bulletin.pk])).status_code == 403
    assert client.post(reverse("bulletins:letter", args=[world.land.pk, "remind"])).status_code == 403
    assert client.get(reverse("bulletins:letter_file", args=[step.pk])).status_code == 403


def test_out_of_scope_period_and_download_are_not_found(world, login):
    bulletin = issue(world)
    client = login(world.other_coordinator)
    assert client.get(reverse("bulletins:file", args=[bulletin.pk])).status_code == 404
    assert client.get(reverse("bulletins:period", args=[world.apr.pk])).status_code == 404
    assert client.get(reverse("bulletins:file", args=[999999])).status_code == 404
    assert not AuditEvent.objects.filter(action="download.bulletin").exists()


def test_index_lists_visible_periods_with_their_bulletins(world, login):
    issue(world)
    body = login(world.coordinator).get(reverse("bulletins:index")).content.decode()
    assert "2025-04" in body and "2024-12" in body
    assert "焦作示范区" not in body
    assert Period.objects.count() == 4


def test_anonymous_users_are_sent_to_log_in(world, client):
    response = client.get(reverse("bulletins:period", args=[world.apr.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ---- letters --------------------------------------------------------------------------------------------


def test_letters_of_each_kind_are_numbered_and_kept(world, docx_text):
    year = timezone.localdate().year
    steps = [problem_letter(actor=world.coordinator, problem=world.land, kind=kind)
             for kind in (LetterKind.ASSIGN, LetterKind.REMIND, LetterKind.SUPERVISE)]
    assert [s.letter_number for s in steps] == [f"高新项目办〔{year}〕{n}号" for n in (1, 2, 3)]
    assert [s.letter_kind for s in steps] == ["assign", "remind", "supervise"]
    for step, label in zip(steps, ["交办", "提醒办理", "督办"], strict=True):
        assert step.kind == LoopStep.Kind.LETTER and step.item == world.land
        with step.letter.open("rb") as stored:
            text = docx_text(stored.read())
        assert f"关于{label}“紫荆大道改造工程”用地问题的函" in text["paragraphs"]
        assert step.letter_number in text["paragraphs"]
        assert "住房和城乡建设局：" in text["paragraphs"]
    assert AuditEvent.objects.filter(action="problem.letter").count() == 3


def test_letter_numbers_follow_the_prefix_setting(world, settings):
    settings.TUIJIN_LETTER_PREFIX = "示范项目办"
    step = problem_letter(actor=world.coordinator, problem=world.power, kind=LetterKind.REMIND)
    assert step.letter_number == f"示范项目办〔{timezone.localdate().year}〕1号"


def test_letters_only_by_the_office_and_only_for_open_handed_problems(world):
    for user in (world.department, world.owner, world.leader):
        with pytest.raises(PermissionDenied):
            problem_letter(actor=user, problem=world.land, kind=LetterKind.ASSIGN)
    with pytest.raises(ValidationError):
        problem_letter(actor=world.coordinator, problem=world.solved, kind=LetterKind.REMIND)
    world.power.department = None
    world.power.save()
    with pytest.raises(ValidationError):
        problem_letter(actor=world.coordinator, problem=world.power, kind=LetterKind.ASSIGN)
    with pytest.raises(ValidationError):
        problem_letter(actor=world.coordinator, problem=world.land, kind="praise")
    assert not LoopStep.objects.exists()


@pytest.mark.parametrize("kind", ["assign", "remind", "supervise"])
def test_letter_page_generates_and_downloads(world, login, kind):
    client = login(world.coordinator)
    response = client.post(reverse("bulletins:letter", args=[world.land.pk, kind]))
    step = LoopStep.objects.get(kind=LoopStep.Kind.LETTER)
    assert response.status_code == 302
    assert response["Location"] == reverse("bulletins:letter_file", args=[step.pk])
    got = client.get(response["Location"])
    assert got.status_code == 200
    with step.letter.open("rb") as stored:
        assert b"".join(got.streaming_content) == stored.read()
    assert AuditEvent.objects.filter(action="download.letter").count() == 1


def test_letter_page_returns_to_next(world, login):
    client = login(world.coordinator)
    response = client.post(reverse("bulletins:letter", args=[world.land.pk, "remind"]),
                           {"next": "/projects/"})
    assert response["Location"] == "/projects/"
    response = client.post(reverse("bulletins:letter", args=[world.land.pk, "remind"]),
                           {"next": "https://evil.example/"})
    assert response["Location"].startswith("/bulletins/letter-file/")


def test_letter_page_refuses_other_roles_and_unknown_kinds(world, login):
    for user in (world.department, world.owner, world.leader):
        assert login(user).post(reverse("bulletins:letter", args=[world.land.pk, "assign"])).status_code == 403
    client = login(world.coordinator)
    assert client.post(reverse("bulletins:letter", args=[world.land.pk, "praise"])).status_code == 404
    assert client.get(reverse("bulletins:letter", args=[world.land.pk, "assign"])).status_code == 405
    assert login(world.other_coordinator).post(
        reverse("bulletins:letter", args=[world.land.pk, "assign"])).status_code == 404
    assert not LoopStep.objects.exists()


def test_letter_download_is_scope_checked(world, login):
    step = problem_letter(actor=world.coordinator, problem=world.land, kind=LetterKind.SUPERVISE)
    url = reverse("bulletins:letter_file", args=[step.pk])
    assert login(world.department).get(url).status_code == 200  # the department it is addressed to
    assert login(world.leader).get(url).status_code == 200
    assert login(world.owner).get(url).status_code == 404  # not its project
    assert login(world.other_coordinator).get(url).status_code == 404
    assert login(world.coordinator).get(reverse("bulletins:letter_file", args=[step.pk + 1000])).status_code == 404


def test_the_letters_card_for_the_problem_page(world, rf):
    from django.template.loader import render_to_string

    from tuijin.core.loop_services import steps_of

    step = problem_letter(actor=world.coordinator, problem=world.land, kind=LetterKind.REMIND)
    request = rf.get(f"/dispatch/problems/{world.land.pk}/")
    request.user = world.coordinator
    html = render_to_string("bulletins/_problem_letters.html",
                            {"problem": world.land, "steps": steps_of(world.land), "can_direct": True}, request=request)
    assert reverse("bulletins:letter", args=[world.land.pk, "supervise"]) in html
    assert f'name="next" value="/dispatch/problems/{world.land.pk}/"' in html
    assert reverse("bulletins:letter_file", args=[step.pk]) in html and step.letter_number in html
    readonly = render_to_string("bulletins/_problem_letters.html",
                                {"problem": world.land, "steps": steps_of(world.land), "can_direct": False},
                                request=request)
    assert "生成督办函" not in readonly and step.letter_number in readonly
