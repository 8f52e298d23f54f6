from __future__ import annotations

from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone


class AppendOnlyError(Exception):
    """An audit entry, once written, is never changed or removed through the ORM."""


class AuditEntry(models.Model):
    """One thing that happened to a record, or one login event. Append-only."""

    class Action(models.TextChoices):
        CREATE = "create"
        UPDATE = "update"
        DELETE = "delete"
        BULK_CREATE = "bulk_create"
        BULK_UPDATE = "bulk_update"
        REPAIR = "repair"
        LOGIN = "login"
        LOGIN_FAILED = "login_failed"
        LOGOUT = "logout"
        # Account events; each names the user it concerns.
        RESET_REQUESTED = "reset_requested"
        RESET_COMPLETED = "reset_completed"
        EMAIL_VERIFIED = "email_verified"
        MFA_ENABLED = "mfa_enabled"
        MFA_DISABLED = "mfa_disabled"
        RECOVERY_USED = "recovery_used"
        RECOVERY_RENEWED = "recovery_renewed"
        API_KEY_CREATED = "api_key_created"
        API_KEY_REVOKED = "api_key_revoked"

    class ActorType(models.TextChoices):
        USER = "user"
        API_KEY = "api_key"
        SYSTEM = "system"
        ANONYMOUS = "anonymous"

    # The database default serves entries written outside the ORM (a trigger, raw SQL).
    at = models.DateTimeField(default=timezone.now, db_default=Now(), db_index=True)
    actor_type = models.CharField(max_length=16, choices=ActorType.choices)
    # A plain id, not a foreign key: deleting a user must not rewrite (or cascade into) history.
    actor_user_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_label = models.CharField(
        max_length=200, blank=True, help_text="Username, API key or system process."
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    model = models.CharField(max_length=100, help_text="app_label.model_name")
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(
        default=dict, blank=True, encoder=DjangoJSONEncoder, help_text="{field: [before, after]}"
    )
    row_count = models.PositiveIntegerField(
        default=1, help_text="Rows the action touched; more than one for a bulk operation."
    )
    ip = models.GenericIPAddressField(
        "client IP",
        null=True,
        blank=True,
        help_text="The client's address, for writes during a request (TRUSTED_PROXY_COUNT).",
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action} {self.model}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("Audit entries are append-only.")
