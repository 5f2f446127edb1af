from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("", views.task_list, name="list"),
    path("export/", views.export, name="export"),
    path("new/", views.task_new, name="new"),
    path("<int:pk>/", views.task, name="detail"),
    path("<int:pk>/notice/<str:kind>/", views.notice, name="notice"),
    path("notices/<int:step_id>/", views.notice_file, name="notice_file"),
]
