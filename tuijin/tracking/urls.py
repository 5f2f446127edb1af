from django.urls import path

from . import forecast_views, views

app_name = "tracking"

urlpatterns = [
    path("warnings/", views.warnings, name="warnings"),
    path("warnings.xlsx", views.warnings_export, name="warnings_export"),
    path("warnings/keep/<int:pk>/", views.keep, name="keep"),
    path("rankings/", views.rankings, name="rankings"),
    path("rules/", views.rules, name="rules"),
    path("rules/<str:kind>/", views.rule_edit, name="rule_edit"),
    path("forecast/", forecast_views.forecast_page, name="forecast"),
]
