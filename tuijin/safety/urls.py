from django.urls import path

from . import views

app_name = "safety"

urlpatterns = [
    path("", views.hazards, name="hazards"),
    path("ledger/", views.ledger, name="ledger"),
    path("stats/", views.stats, name="stats"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("inspections/", views.inspections, name="inspections"),
    path("inspections/new/", views.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", views.inspection, name="inspection"),
    path("hazards/<int:pk>/", views.hazard, name="hazard"),
    path("hazards/<int:pk>/photos/", views.photos_add, name="photos_add"),
    path("hazards/<int:pk>/letter/<str:kind>/", views.letter, name="letter"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("letters/<int:step_id>/", views.letter_file, name="letter_file"),
]
