from django.urls import URLPattern, URLResolver, include, path

from accounts.api import views

# Mounted twice: at the seed's /demotoken/ and under /api/auth/.
auth_urlpatterns: list[URLPattern | URLResolver] = [
    path("register/", views.RegisterView.as_view(), name="register"),
    path("login/", views.LoginView.as_view(), name="login"),
]

# Only under /api/auth/. One path per line, so each addition is a one-line change.
account_urlpatterns: list[URLPattern | URLResolver] = [
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("logout-all/", views.LogoutAllView.as_view(), name="logout-all"),
    path("tokens/", views.TokenListView.as_view(), name="token-list"),
    path("tokens/<int:pk>/", views.TokenDetailView.as_view(), name="token-detail"),
    path("me/", views.MeView.as_view(), name="me"),
    path("me/personal-detail/", include("accounts.api.personal_detail")),
    path("password/", views.PasswordChangeView.as_view(), name="password"),
    path("", include("accounts.api.recovery")),
    path("api-keys/", include("accounts.api.api_keys")),
    path("mfa/", include("mfa.api.urls")),
]

secure_view = views.SecureView.as_view()
