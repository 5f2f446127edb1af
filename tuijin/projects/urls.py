from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.registry, name="registry"),
    path("export.xlsx", views.registry_export, name="export"),
    path("oc4ids.json", views.oc4ids_download, name="oc4ids"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/stage/", views.transition, name="transition"),
    path("<int:pk>/team/", views.team, name="team"),
    path("<int:pk>/plan/", views.plan_upload, name="plan_upload"),
    path("<int:pk>/plan/download/", views.plan_download, name="plan_download"),
    path("<int:pk>/milestones/new/", views.milestone_edit, name="milestone_new"),
    path("<int:pk>/milestones/<int:milestone_pk>/", views.milestone_edit, name="milestone_edit"),
    path("<int:pk>/preparation/<str:item>/", views.preparation_edit, name="preparation_edit"),
    path("<int:pk>/lists/<int:programme_pk>/", views.membership_edit, name="membership_edit"),
]
