"""Replay the seed's story: students and a user inserted, their details appearing by signal."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db.models.signals import post_save

from accounts import services as account_services
from students import services as student_services
from students.models import Student

ECHO_UID = "demo.echo_post_save"


class Command(BaseCommand):
    help = "Insert students ravi and anuj and register a user, printing each post_save signal."

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()

        def echo(sender: type, instance: Any, created: bool, **kwargs: Any) -> None:
            self.stdout.write("Post Save Signal Received")
            self.stdout.write(f"  Sender= {sender}")
            self.stdout.write(f"  Instance= {instance}")
            self.stdout.write(f"  Created= {created}")

        for model in (Student, user_model):
            post_save.connect(echo, sender=model, dispatch_uid=f"{ECHO_UID}.{model.__name__}")
        try:
            self._story(user_model)
        finally:
            for model in (Student, user_model):
                post_save.disconnect(sender=model, dispatch_uid=f"{ECHO_UID}.{model.__name__}")

    def _story(self, user_model: Any) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING("Inserting students (the seed's 'trigger')"))
        for name, age, mobileno in [("ravi", 23, "89789791"), ("anuj", 24, "98765432")]:
            student = student_services.student_create(
                name=name, age=age, mobileno=mobileno, personal_detail={"address": "xyz"}
            )
            detail = student.personal_detail
            self.stdout.write(
                self.style.SUCCESS(
                    f"Student {student.name} (id {student.pk}) has PersonalDetail "
                    f"id {detail.pk}, address {detail.address!r}"
                )
            )

        self.stdout.write(self.style.MIGRATE_HEADING("Registering a user"))
        username = "demo-user"
        if user_model.objects.filter(username=username).exists():
            username = f"demo-user-{user_model.objects.count() + 1}"
        user, token = account_services.user_register(
            username=username,
            password="correct horse battery staple",  # noqa: S106
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"User {user.username} has PersonalDetail id {user.personal_detail.pk}, "
                f"is_staff={user.is_staff}, is_superuser={user.is_superuser}, "
                f"and token {token} (shown once; only its digest is stored)"
            )
        )
