from django.urls import path

from . import views

app_name = "assist"

urlpatterns = [
    path("", views.index, name="index"),
    path("enterprises/<int:pk>/", views.enterprise, name="enterprise"),
    path("enterprises/<int:pk>/profile/", views.profile_edit, name="profile_edit"),
    path("awards/new/", views.award_new, name="award_new"),
    path("financing/new/", views.financing_new, name="financing_new"),
    path("help/new/", views.help_new, name="help_new"),
    path("demands/", views.demands, name="demands"),
    path("demands/new/", views.demand_new, name="demand_new"),
    path("demands/<int:pk>/", views.demand, name="demand"),
    path("export.xlsx", views.export, name="export"),
]
