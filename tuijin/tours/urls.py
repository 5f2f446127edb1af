from django.urls import path

from . import views

app_name = "tours"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/score/", views.score_start, name="score_start"),
    path("<int:pk>/score/<int:stop_pk>/", views.score, name="score"),
    path("<int:pk>/results.xlsx", views.export, name="export"),
    path("<int:pk>/close/", views.close, name="close"),
]
