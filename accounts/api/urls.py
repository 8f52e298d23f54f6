from django.urls import include, path

from accounts.api import views

# Mounted twice: at the seed's /demotoken/ and under /api/auth/.
auth_urlpatterns = [
    path("register/", views.RegisterView.as_view(), name="register"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("me/personal-detail/", include("accounts.api.personal_detail")),
]

secure_view = views.SecureView.as_view()
