from django import forms
from django.contrib import admin
from django.utils.html import format_html

from core.admin_inlines import ProvisionedDetailFormSet
from core.images import SafeImageFormField
from students.models import PersonalDetail, Student


class PersonalDetailForm(forms.ModelForm):
    # The admin's uploads get the same checks and re-encoding as the API's.
    pic = SafeImageFormField(required=False)

    class Meta:
        model = PersonalDetail
        fields = ["address", "dob", "pic"]


class PersonalDetailInline(admin.StackedInline):
    model = PersonalDetail
    form = PersonalDetailForm
    formset = ProvisionedDetailFormSet
    fields = ["address", "dob", "pic", "picture_preview"]
    readonly_fields = ["picture_preview"]
    can_delete = False
    max_num = 1
    min_num = 1
    extra = 0

    @admin.display(description="Preview")
    def picture_preview(self, obj: PersonalDetail) -> str:
        if not obj or not obj.pic:
            return "No picture"
        return format_html(
            '<img src="{}" alt="Picture of {}" style="max-height: 160px; max-width: 160px;">',
            obj.pic.url,
            obj.student,
        )


class AgeBandFilter(admin.SimpleListFilter):
    """Ages in bands: a hundred and fifty single-age links would be no filter at all."""

    title = "age"
    parameter_name = "age_band"
    BANDS = {
        "under-18": ("under 18", None, 17),
        "18-25": ("18 to 25", 18, 25),
        "26-40": ("26 to 40", 26, 40),
        "over-40": ("over 40", 41, None),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _, _) in self.BANDS.items()]

    def queryset(self, request, queryset):
        band = self.BANDS.get(self.value() or "")
        if band is None:
            return queryset
        _, low, high = band
        if low is not None:
            queryset = queryset.filter(age__gte=low)
        if high is not None:
            queryset = queryset.filter(age__lte=high)
        return queryset


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "age", "mobileno", "owner", "created_at"]
    list_select_related = ["owner"]
    search_fields = ["name", "mobileno", "owner__username"]
    list_filter = [AgeBandFilter, ("owner", admin.RelatedOnlyFieldListFilter), "created_at"]
    raw_id_fields = ["owner"]
    date_hierarchy = "created_at"
    inlines = [PersonalDetailInline]
