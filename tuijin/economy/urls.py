from django.urls import path

from . import views

app_name = "economy"

urlpatterns = [
    path("", views.monitor, name="monitor"),
    path("indicators/", views.catalogue, name="catalogue"),
    path("indicators/<int:pk>/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/value/", views.value_edit, name="value_edit"),
    path("import/", views.sheet_import, name="import"),
    path("export.xlsx", views.export, name="export"),
]
