from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.api.urls import account_urlpatterns, auth_urlpatterns, secure_view
from core.docs import OfflineRedocView
from core.health import healthz, readyz
from core.media import serve_media
from core.views import home
from mfa.forms import MfaAuthenticationForm

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.not_found"
handler500 = "core.views.server_error"

# The busiest routes first: resolving walks the list in order.
api_urlpatterns: list[URLPattern | URLResolver] = [
    path("secure/", secure_view, name="secure"),
    path("auth/", include(([*auth_urlpatterns, *account_urlpatterns], "auth"))),
    path("", include("students.api.urls")),
    path("", include("audit.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", OfflineRedocView.as_view(url_name="api:schema"), name="redoc"),
]

# The seed's URLs, kept as they were: http://127.0.0.1:8000/demotoken/...
demotoken_urlpatterns: list[URLPattern | URLResolver] = [
    *auth_urlpatterns,
    path("secure/", secure_view, name="secure"),
]

# DRF's rest_framework.urls, with a login form that keeps the username as typed.
browsable_api_login_urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="rest_framework/login.html", authentication_form=MfaAuthenticationForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", include((api_urlpatterns, "api"))),
    path("demotoken/", include((demotoken_urlpatterns, "demotoken"))),
    path("admin/", admin.site.urls),
]

# Probes, the browsable API's session login, and uploaded pictures (served by Django so that
# each carries its checked Content-Type and nosniff, whatever sits in front).
urlpatterns += [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("api-auth/", include((browsable_api_login_urlpatterns, "rest_framework"))),
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", serve_media, name="media"),
]
