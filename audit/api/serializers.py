from __future__ import annotations

from rest_framework import serializers

from audit.models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    changes = serializers.DictField(
        child=serializers.ListField(child=serializers.JSONField(), min_length=2, max_length=2),
        help_text="{field: [before, after]}",
    )

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "actor_type",
            "actor_user_id",
            "actor_label",
            "action",
            "model",
            "object_id",
            "object_repr",
            "changes",
            "row_count",
            "ip",
        ]
        read_only_fields = fields


class AuditEntryFilterSerializer(serializers.Serializer):
    """Query parameters of the audit list; a bad value is a 400 naming it."""

    action = serializers.ChoiceField(choices=AuditEntry.Action.choices, required=False)
    model = serializers.RegexField(
        r"^[A-Za-z_]+\.[A-Za-z_]+$",
        max_length=100,
        required=False,
        help_text="app_label.model_name, e.g. students.student",
    )
    object_id = serializers.CharField(max_length=64, required=False)
    actor_type = serializers.ChoiceField(choices=AuditEntry.ActorType.choices, required=False)
    # Bounded to a bigint, so an absurd id is a 400 rather than a database overflow.
    actor_user_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    since = serializers.DateTimeField(required=False, help_text="Entries at or after this time.")
    until = serializers.DateTimeField(required=False, help_text="Entries before this time.")
