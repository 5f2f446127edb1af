from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("applications/", views.application_list, name="list"),
    path("applications/export/", views.application_export, name="export"),
    path("applications/new/", views.application_create, name="create"),
    path("applications/<int:pk>/", views.application_detail, name="detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="edit"),
    path("applications/<int:pk>/move/<str:status>/", views.application_move, name="move"),
    path("projects/<int:pk>/", views.project_readiness, name="project"),
]
