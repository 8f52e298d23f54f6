from django.contrib import admin

from core.admin_inlines import ProvisionedDetailFormSet
from students.models import PersonalDetail, Student


class PersonalDetailInline(admin.StackedInline):
    model = PersonalDetail
    formset = ProvisionedDetailFormSet
    can_delete = False
    max_num = 1
    min_num = 1
    extra = 0


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "age", "mobileno", "owner"]
    search_fields = ["name", "mobileno"]
    list_filter = ["age"]
    raw_id_fields = ["owner"]
    inlines = [PersonalDetailInline]
