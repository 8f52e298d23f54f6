from __future__ import annotations

from rest_framework import serializers

from core.images import PictureField
from students.models import PersonalDetail, Student


class StudentPersonalDetailSerializer(serializers.ModelSerializer):
    pic = PictureField(required=False, allow_null=True, use_url=True)

    class Meta:
        model = PersonalDetail
        fields = ["address", "dob", "pic"]


class StudentPersonalDetailInputSerializer(serializers.ModelSerializer):
    """Detail fields a create or update may carry; the picture has its own endpoint."""

    class Meta:
        model = PersonalDetail
        fields = ["address", "dob"]


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
