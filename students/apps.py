from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = "Students"

    def ready(self) -> None:
        from students import receivers

        receivers.connect()
