from django.urls import path

from . import import_views, views

app_name = "promotion"

urlpatterns = [
    path("", views.board, name="board"),
    path("leads/", views.lead_list, name="leads"),
    path("leads/export.xlsx", views.ledger_export, name="export"),
    path("leads/import/", import_views.ledger_import, name="import"),
    path("leads/new/", views.create, name="create"),
    path("kpis/", views.kpis, name="kpis"),
    path("leads/<int:pk>/", views.detail, name="detail"),
    path("leads/<int:pk>/edit/", views.edit, name="edit"),
    path("leads/<int:pk>/team/", views.team, name="team"),
    path("leads/<int:pk>/move/", views.move, name="move"),
    path("leads/<int:pk>/contacts/", views.contact_add, name="contact_add"),
    path("leads/<int:pk>/tasks/", views.task_add, name="task_add"),
    path("leads/<int:pk>/tasks/<int:task_pk>/", views.task_status, name="task_status"),
    path("leads/<int:pk>/sign/", views.sign, name="sign"),
    path("leads/<int:pk>/funds/", views.fund_add, name="fund_add"),
    path("leads/<int:pk>/convert/", views.convert, name="convert"),
]
