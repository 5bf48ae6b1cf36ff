"""The province's measurement of its units' sites in the admin (Nghị định 224/2026/NĐ-CP, Điều 12): one page
for the province's staff, read from the roll-ups that ``measure_units`` writes (website.measurement)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from portal import roles, units
from website import measurement
from website.models import UnitMeasurement


def province_of(request):
    """The province whose units the person may measure: the unit they work in, when it is a province and
    they have a role there (a superuser: any province they work in). None for a commune's staff."""
    unit = units.current(required=False)
    user = request.user
    if unit is None or not unit.is_province or not user.is_active or not user.is_staff:
        return None
    if user.is_superuser or roles.roles_in(user, unit):
        return unit
    return None


@admin.register(UnitMeasurement)
class MeasurementAdmin(admin.ModelAdmin):
    """«Đánh giá cổng thông tin các đơn vị»: the table of every unit of the province, sortable, filtered by
    kind, as CSV or XLSX, with the charts of 12 months, what each unit lacks and its worst pages."""

    def has_module_permission(self, request):
        return province_of(request) is not None

    def has_view_permission(self, request, obj=None):
        return province_of(request) is not None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        province = province_of(request)
        if province is None:
            raise PermissionDenied
        context, status = measurement.page_context(
            request, province, lambda unit: units.site_url(unit, request), detailed=True
        )
        kind = request.GET.get("xuat")
        if kind in ("csv", "xlsx") and status == 200:
            return measurement.download(context["rows"], kind, timezone.localdate())
        public = units.site_url(province, request, reverse("measurement")) or reverse("measurement")
        context.update(
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": f"Đánh giá cổng thông tin các đơn vị – {province.unit_name}",
                "public_url": public,
                # of the units on this page of the table
                "missed_rows": [row for row in context["shown"] if row.m and row.m.missed_searches],
                "read_rows": [row for row in context["shown"] if row.m and row.m.top_pages],
                "item_rows": measurement.item_rows(context["shown"]),
            }
        )
        return TemplateResponse(request, "admin/website/measurement.html", context, status=status)
