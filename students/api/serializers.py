from __future__ import annotations

from rest_framework import serializers

from core.personal_detail.api import PersonalDetailJSONSerializer, PersonalDetailSerializer
from students.models import PersonalDetail, Student


class StudentPersonalDetailSerializer(PersonalDetailSerializer):
    class Meta(PersonalDetailSerializer.Meta):
        model = PersonalDetail


class StudentPersonalDetailInputSerializer(PersonalDetailJSONSerializer):
    """Detail fields in JSON; a picture is uploaded to the detail's own endpoint in multipart."""

    class Meta(PersonalDetailJSONSerializer.Meta):
        model = PersonalDetail


class StudentSerializer(serializers.ModelSerializer):
    personal_detail = StudentPersonalDetailSerializer(read_only=True)

    class Meta:
        model = Student
        fields = ["id", "name", "age", "mobileno", "personal_detail"]


class StudentInputSerializer(serializers.ModelSerializer):
    personal_detail = StudentPersonalDetailInputSerializer(required=False)

    class Meta:
        model = Student
        fields = ["name", "age", "mobileno", "personal_detail"]
