from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from units.forms import LoginForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm

from . import views

auth_patterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/", auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm), name="password_change"
    ),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", auth_views.PasswordResetView.as_view(form_class=PasswordResetForm), name="password_reset"),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm),
        name="password_reset_confirm",
    ),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
    path("accounts/", include(auth_patterns)),
    path("units/", include("units.urls")),
    path("people/", include("units.people_urls")),
    path("inspections/", include("inspections.urls")),
    path("remediation/", include("remediation.urls")),
    path("", include("core.urls")),
    path("documents/", include("reports.urls")),
    path("dashboard/", include("reports.dashboard_urls")),
    path("audit/", include("audit.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("cchc_portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path(
        "api/redoc/", SpectacularRedocView.as_view(url_name="schema", template_name="api/redoc.html"), name="api-redoc"
    ),
    path("", include("cchc_portal.legacy_urls")),
]

# Vietnamese error pages in the portal's layout, JSON under /api/ (core.error_views).
handler400 = "core.error_views.bad_request"
handler403 = "core.error_views.permission_denied"
handler404 = "core.error_views.page_not_found"
handler500 = "core.error_views.server_error"
