import io

import pytest
from django.core.management import call_command

from students.models import PersonalDetail, Student


@pytest.mark.django_db
def test_the_demo_replays_the_seeds_story_and_prints_each_signal():
    out = io.StringIO()

    call_command("demo", stdout=out)

    text = out.getvalue()
    assert "Sender= <class 'students.models.Student'>" in text
    assert "Instance= ravi" in text
    assert "Instance= anuj" in text
    assert "Created= True" in text
    assert "is_staff=False, is_superuser=False" in text
    assert PersonalDetail.objects.filter(student__in=Student.objects.all()).count() == 2
