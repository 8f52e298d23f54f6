"""Replay the seed's whole story: students inserted with their details, a user registered and
logged in, the secure page with and without the token, and what each of the four model signals
and the database trigger did along the way."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.test import Client

from accounts.models import User
from audit.models import AuditEntry
from students import services as student_services
from students.models import PersonalDetail, Student

ECHO_UID = "demo.echo"
SIGNALS = {"pre_save": pre_save, "post_save": post_save, "pre_delete": pre_delete,
           "post_delete": post_delete}  # fmt: skip
PASSWORD = "correct horse battery staple"  # noqa: S105 (a demo account on a throwaway database)

# The seed's two students, typed the way people type: stray spaces, separators in the number.
SEED_STUDENTS = [
    ("  ravi  ", 23, "8978-9791", "12 Park Street"),
    ("anuj", 24, "(987) 654 32", "4 Lake Road"),
]


class Command(BaseCommand):
    help = (
        "Insert students ravi and anuj, register and log in a user, call the secure page with "
        "and without the token, and print what each signal and the trigger did."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        receivers = []
        for name, signal in SIGNALS.items():
            receiver = self._echo(name)
            signal.connect(receiver, sender=Student, dispatch_uid=f"{ECHO_UID}.{name}")
            receivers.append(receiver)
        try:
            self._students()
            # Django logs every 4xx as a warning; the story prints the 401 itself.
            request_log = logging.getLogger("django.request")
            level = request_log.level
            request_log.setLevel(logging.ERROR)
            try:
                self._account()
            finally:
                request_log.setLevel(level)
            self._deletion()
            self._audit_trail()
        finally:
            for name, signal in SIGNALS.items():
                signal.disconnect(sender=Student, dispatch_uid=f"{ECHO_UID}.{name}")

    def _echo(self, signal_name: str) -> Any:
        def echo(sender: type, instance: Any, **kwargs: Any) -> None:
            self.stdout.write(f"  {signal_name} signal received")
            self.stdout.write(f"    Sender= {sender}")
            self.stdout.write(f"    Instance= {instance}")
            if "created" in kwargs:
                self.stdout.write(f"    Created= {kwargs['created']}")

        return echo

    def _heading(self, text: str) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(f"\n{text}"))

    def _students(self) -> None:
        self._heading("1. Inserting students (the seed's 'trigger': each gets a PersonalDetail)")
        self.stdout.write(
            "  The 'signal received' lines come from echo receivers connected after the\n"
            "  project's own: they see each row after pre_save normalised it and after\n"
            "  post_save provisioned its detail."
        )
        for name, age, mobileno, address in SEED_STUDENTS:
            self.stdout.write(f"\nStudent.save() with name={name!r}, mobileno={mobileno!r}")
            student = student_services.student_create(name=name, age=age, mobileno=mobileno)
            detail = PersonalDetail.objects.get(student=student)
            self.stdout.write(
                self.style.SUCCESS(
                    f"  pre_save (students.receivers.normalise_student): name {name!r} -> "
                    f"{student.name!r}, mobileno {mobileno!r} -> {student.mobileno!r}"
                )
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"  database trigger integrity_students_student_detail: inserted "
                    f"PersonalDetail id {detail.pk} (address {detail.address!r}, still blank)"
                )
            )
            self.stdout.write(
                self.style.SUCCESS(
                    "  post_save (students.receivers.create_personal_detail): found that row and "
                    "wrote its audit entry; post_save (audit.receivers.record_save): the "
                    "student's 'create' entry"
                )
            )
            student_services.personal_detail_update(detail=detail, address=address)
            detail.refresh_from_db()
            self.stdout.write(
                self.style.SUCCESS(
                    f"  then the caller filled in the detail: address {detail.address!r}"
                )
            )

    def _account(self) -> None:
        self._heading("2. A registration, a login, and the secure page (over HTTP, in-process)")
        client = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["localhost"])[0])
        username = "demo-user"
        response = client.post(
            "/api/auth/register/",
            {"username": username, "password": PASSWORD},
            content_type="application/json",
        )
        body = response.json()
        self.stdout.write(f"POST /api/auth/register/ -> {response.status_code} {body['response']}")
        user = User.objects.get(username=body["username"])
        self.stdout.write(
            self.style.SUCCESS(
                f"  post_save (accounts.receivers.provision_new_user): User {user.username} got "
                f"PersonalDetail id {user.personal_detail.pk} and its first token; "
                f"is_staff={user.is_staff}, is_superuser={user.is_superuser}"
            )
        )
        response = client.post(
            "/api/auth/login/",
            {"username": username, "password": PASSWORD},
            content_type="application/json",
        )
        token = response.json()["token"]
        self.stdout.write(
            f"POST /api/auth/login/ -> {response.status_code}, a new token "
            f"{token[:8]}... (shown once; only its digest is stored)"
        )
        response = client.get("/api/secure/")
        self.stdout.write(
            f"GET /api/secure/ without the token -> {response.status_code} "
            f"(WWW-Authenticate: {response.get('WWW-Authenticate')})"
        )
        response = client.get("/api/secure/", HTTP_AUTHORIZATION=f"Token {token}")
        self.stdout.write(
            f"GET /api/secure/ with the token -> {response.status_code} {response.json()!r}"
        )

    def _deletion(self) -> None:
        self._heading("3. Deleting a student: pre_delete and post_delete")
        student = Student.objects.get(name="anuj")
        detail_id = PersonalDetail.objects.get(student=student).pk
        student_services.student_delete(student=student)
        self.stdout.write(
            self.style.SUCCESS(
                "  pre_delete (audit.receivers.snapshot_before_delete): kept the row's values; "
                "post_delete (audit.receivers.record_delete): wrote the 'delete' entry, for the "
                f"student and, through the cascade, its PersonalDetail id {detail_id}"
            )
        )

    def _audit_trail(self) -> None:
        self._heading("4. The audit trail the signals wrote (GET /api/audit/ for staff)")
        for entry in AuditEntry.objects.order_by("pk"):
            what = entry.object_repr or str(entry.object_id)
            self.stdout.write(
                f"  {entry.action:<8} {entry.model:<26} {what:<26} "
                f"by {entry.actor_type} {entry.actor_label}"
            )
