from django.urls import path

from . import views

app_name = "briefs"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:person_id>/", views.brief, name="brief"),
    path("<int:person_id>/word/", views.word, name="word"),
    path("<int:person_id>/issue/", views.issue, name="issue"),
    path("issued/<int:pk>/", views.issued_file, name="issued_file"),
]
