from django.urls import path

from . import import_views, views

app_name = "dispatch"

urlpatterns = [
    path("", views.periods, name="periods"),
    path("<int:pk>/", views.board, name="board"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/import/", import_views.sheet_import, name="import"),
    path("<int:pk>/export.xlsx", import_views.sheet_export, name="export"),
    path("<int:pk>/projects/<int:project_pk>/", views.report, name="report"),
    path("reports/<int:report_pk>/photos/", views.photos_add, name="photos_add"),
    path("reports/<int:report_pk>/<str:action>/", views.review, name="review"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("problems/", views.problems, name="problems"),
    path("problems/<int:pk>/", views.problem, name="problem"),
    path("projects/<int:project_pk>/problems/new/", views.problem_raise, name="problem_raise"),
]
