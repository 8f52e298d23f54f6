from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import AuthToken, PersonalDetail, User
from core.admin_inlines import ProvisionedDetailFormSet


class PersonalDetailInline(admin.StackedInline):
    model = PersonalDetail
    formset = ProvisionedDetailFormSet
    can_delete = False
    max_num = 1
    extra = 0


class AuthTokenInline(admin.TabularInline):
    """Tokens by name and prefix only; the secret is not stored, so it cannot be shown."""

    model = AuthToken
    fields = ["prefix", "name", "created", "last_used", "expires"]
    readonly_fields = fields
    extra = 0
    can_delete = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [PersonalDetailInline, AuthTokenInline]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        secret = getattr(obj, "issued_token", None)
        if secret:
            messages.warning(
                request,
                f"API token for {obj.username}: {secret} (copy it now: it will not be shown again)",
            )


@admin.register(AuthToken)
class AuthTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created", "last_used", "expires"]
    search_fields = ["user__username", "name", "prefix"]
    readonly_fields = ["user", "prefix", "created"]
    fields = ["user", "prefix", "name", "created", "last_used", "expires"]

    def has_add_permission(self, request) -> bool:
        return False
