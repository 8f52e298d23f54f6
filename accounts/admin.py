from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts import services
from accounts.models import ApiKey, AuthToken, PersonalDetail, User
from core.personal_detail.admin import PersonalDetailInline as BasePersonalDetailInline


class PersonalDetailInline(BasePersonalDetailInline):
    model = PersonalDetail


class AuthTokenInline(admin.TabularInline):
    """Tokens by name and prefix only; the secret is not stored, so it cannot be shown."""

    model = AuthToken
    fields = ["prefix", "name", "created", "last_used", "expires"]
    readonly_fields = ["prefix", "name", "created", "last_used", "expires"]
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


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """API keys: created here (or with `manage.py create_api_key`), the key shown once."""

    list_display = ["prefix", "name", "user", "scope", "created", "last_used", "expires"]
    list_filter = ["scope"]
    search_fields = ["user__username", "name", "prefix"]
    autocomplete_fields = ["user"]

    def get_fields(self, request: Any, obj: ApiKey | None = None) -> list[Any]:
        if obj is None:
            return ["user", "name", "scope", "expires"]
        return ["user", "prefix", "name", "scope", "created", "last_used", "expires"]

    def get_readonly_fields(self, request: Any, obj: ApiKey | None = None) -> list[str]:
        return [] if obj is None else ["user", "prefix", "created", "last_used"]

    def save_model(self, request: Any, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created, secret = services.api_key_create(
            user=obj.user, name=obj.name, scope=obj.scope, expires=obj.expires
        )
        # The admin goes on to log and redirect to `obj`, so it becomes the saved row.
        obj.pk, obj.digest, obj.prefix, obj.created = (
            created.pk,
            created.digest,
            created.prefix,
            created.created,
        )
        obj._state.adding = False
        messages.warning(
            request, f"API key for {obj.user}: {secret} (copy it now: it will not be shown again)"
        )
