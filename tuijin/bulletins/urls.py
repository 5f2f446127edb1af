from django.urls import path

from . import views

app_name = "bulletins"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:period_id>/", views.period_page, name="period"),
    path("file/<int:bulletin_id>/", views.bulletin_file, name="file"),
    path("letter/<int:problem_id>/<str:kind>/", views.letter, name="letter"),
    path("letter-file/<int:step_id>/", views.letter_file, name="letter_file"),
]
