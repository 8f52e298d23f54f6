import io

import pytest
from django.core.management import call_command

from audit.models import AuditEntry
from students.models import PersonalDetail, Student


@pytest.fixture
def story() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_demo_inserts_the_seeds_students_each_with_its_detail(story):
    assert "Sender= <class 'students.models.Student'>" in story
    assert "Instance= ravi" in story
    assert "Created= True" in story
    assert "name '  ravi  ' -> 'ravi'" in story
    assert "database trigger integrity_students_student_detail: inserted PersonalDetail" in story
    ravi = Student.objects.get(name="ravi")
    assert PersonalDetail.objects.get(student=ravi).address == "12 Park Street"


@pytest.mark.django_db
def test_the_demo_registers_logs_in_and_calls_the_secure_page_with_and_without_the_token(story):
    assert "POST /api/auth/register/ -> 201" in story
    assert "is_staff=False, is_superuser=False" in story
    assert "POST /api/auth/login/ -> 200" in story
    assert "GET /api/secure/ without the token -> 401" in story
    assert "GET /api/secure/ with the token -> 200" in story


@pytest.mark.django_db
def test_the_demo_shows_all_four_signals_and_what_they_wrote(story):
    for signal in ("pre_save", "post_save", "pre_delete", "post_delete"):
        assert f"{signal} signal received" in story
    assert not Student.objects.filter(name="anuj").exists()
    assert AuditEntry.objects.filter(action="delete", model="students.student").count() == 1
    assert "4. The audit trail" in story
