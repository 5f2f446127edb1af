"""config.urls plus the forecast page, for the page's tests until it is wired into tuijin/tracking/urls.py."""

from django.urls import path

from config.urls import urlpatterns as site
from tuijin.tracking import forecast_views

urlpatterns = [path("tracking/forecast/", forecast_views.forecast_page, name="tracking-forecast-test"), *site]
