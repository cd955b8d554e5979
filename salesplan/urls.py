"""The URL map: the only module that sees every app."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from salesplan import logins, views

admin.site.site_header = _("salesplan administration")
admin.site.site_title = _("salesplan")

urlpatterns = [
    path("login/", logins.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("language/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("customers/", include("customers.urls")),
    path("competition/", include("competition.urls")),
    path("", include("planning.urls")),
]
