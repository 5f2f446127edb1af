from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tuijin.api.api import urls as api_urls
from tuijin.core import views as core_views
from tuijin.org import auth_views as org_auth_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", org_auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("projects/", include("tuijin.projects.urls")),
    path("dispatch/", include("tuijin.dispatch.urls")),
    path("bulletins/", include("tuijin.bulletins.urls")),
    path("org/", include("tuijin.org.urls")),
    path("tracking/", include("tuijin.tracking.urls")),
    path("dashboard/", include("tuijin.dashboard.urls")),
    path("promotion/", include("tuijin.promotion.urls")),
    path("funding/", include("tuijin.funding.urls")),
    path("economy/", include("tuijin.economy.urls")),
    path("assist/", include("tuijin.assist.urls")),
    path("safety/", include("tuijin.safety.urls")),
    path("tasks/", include("tuijin.tasks.urls")),
    path("tours/", include("tuijin.tours.urls")),
    path("briefs/", include("tuijin.briefs.urls")),
    path("accounts/tokens/", include("tuijin.api.urls")),
    path("api/v1/", api_urls()),
    path("admin/", admin.site.urls),
]

handler403 = "tuijin.org.auth_views.permission_denied"
