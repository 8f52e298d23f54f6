from django.contrib import admin

from core.personal_detail.admin import PersonalDetailInline as BasePersonalDetailInline
from students.models import PersonalDetail, Student


class PersonalDetailInline(BasePersonalDetailInline):
    model = PersonalDetail


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
