"""The registry page: filtered by stage and department, sorted by task progress (laggards first), first page, as a leader — against
the Django admin changelist of the same rows and filter."""

from django.db.models import Count
from django.test import Client

from tuijin.projects.models import Project

from . import Case


def cases(scene) -> list[Case]:
    department_id = (Project.objects.filter(stage="construction").values("lead_department_id")
                     .annotate(n=Count("pk")).order_by("-n").first()["lead_department_id"])
    ours_client, admin_client = Client(), Client()
    ours_client.force_login(scene.leader)
    admin_client.force_login(scene.admin)
    ours_url = f"/projects/?stage=construction&department={department_id}&sort=progress"
    admin_url = f"/bench-admin/projects/project/?stage__exact=construction&department={department_id}"

    def get(client, url):
        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response
        return run

    def agree(ours, anchor) -> str:
        page, cl = ours.context["page"], anchor.context["cl"]
        assert page.paginator.count == cl.result_count, (page.paginator.count, cl.result_count)
        mine = [p.pk for p in page.object_list]
        theirs = [p.pk for p in cl.result_list]
        assert mine == theirs, (mine[:5], theirs[:5])
        return f"{cl.result_count} rows, the same {len(mine)} on page 1"

    return [Case("registry: stage + department, by task progress, page 1", "Django admin changelist, same rows",
                 0.7, get(ours_client, ours_url), get(admin_client, admin_url), agree, order=3)]
