from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from accounts.api.urls import account_urlpatterns, auth_urlpatterns, secure_view

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.not_found"
handler500 = "core.views.server_error"

api_urlpatterns = [
    path("auth/", include(([*auth_urlpatterns, *account_urlpatterns], "auth"))),
    path("secure/", secure_view, name="secure"),
    path("", include("students.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]

# The seed's URLs, kept as they were: http://127.0.0.1:8000/demotoken/...
demotoken_urlpatterns = [
    *auth_urlpatterns,
    path("secure/", secure_view, name="secure"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    # The browsable API's session login and logout.
    path("api-auth/", include("rest_framework.urls")),
    path("api/", include((api_urlpatterns, "api"))),
    path("demotoken/", include((demotoken_urlpatterns, "demotoken"))),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
