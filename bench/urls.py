"""The application's URLs plus the bench's admin site (the registry case's anchor)."""

from django.urls import path

from config.urls import urlpatterns as app_urlpatterns

from .admin_site import site

urlpatterns = [*app_urlpatterns, path("bench-admin/", site.urls)]
