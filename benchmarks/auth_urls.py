"""URLs for the authentication benchmark: the application's, plus two reference endpoints."""

from django.urls import path
from rest_framework.authentication import TokenAuthentication as StockTokenAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated

from accounts.api.views import SecureView
from config.urls import urlpatterns as app_urlpatterns


class StockDrfSecureView(SecureView):
    """The secure page behind DRF's own TokenAuthentication (rest_framework.authtoken)."""

    authentication_classes = [StockTokenAuthentication]
    permission_classes = [IsAuthenticated]


class CeilingView(SecureView):
    """The same page with no authentication and no database: the most any row can reach."""

    authentication_classes: list = []
    permission_classes = [AllowAny]


urlpatterns = [
    path("bench/stock-drf/secure/", StockDrfSecureView.as_view()),
    path("bench/ceiling/", CeilingView.as_view()),
    *app_urlpatterns,
]
