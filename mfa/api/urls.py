from django.urls import path

from mfa.api import views

# Included by accounts/api/urls.py under /api/auth/mfa/.
urlpatterns = [
    path("totp/", views.TOTPView.as_view(), name="mfa-totp"),
    path("totp/confirm/", views.TOTPConfirmView.as_view(), name="mfa-totp-confirm"),
    path("recovery-codes/", views.RecoveryCodesView.as_view(), name="mfa-recovery-codes"),
]
