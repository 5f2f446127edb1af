from django.contrib.admin.apps import AdminConfig


class TuijinAdminConfig(AdminConfig):
    """Django's admin with tuijin's site: open to the admin and auditor roles only."""

    default_site = "tuijin.core.admin_roles.TuijinAdminSite"
