from django.contrib import admin

from mfa.models import RecoveryCode, TOTPDevice


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    """Who has two-factor. Staff may delete a device to let a locked-out user back in."""

    list_display = ["user", "confirmed", "created", "confirmed_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    fields = ["user", "confirmed", "created", "confirmed_at"]
    readonly_fields = ["user", "confirmed", "created", "confirmed_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RecoveryCode)
class RecoveryCodeAdmin(admin.ModelAdmin):
    """Recovery codes by owner and state; only digests are stored, so no code is shown."""

    list_display = ["user", "created", "used_at"]
    search_fields = ["user__username"]
    fields = ["user", "created", "used_at"]
    readonly_fields = ["user", "created", "used_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
