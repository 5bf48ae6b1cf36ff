from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from portal import contributions, geo, roles, units, visitors
from portal.models import (
    PROVINCE_LEVELS,
    DailyVisits,
    Holiday,
    JobRun,
    Link,
    LoginAttempt,
    Maintenance,
    Membership,
    Unit,
    UnitHost,
)


class SingletonAdmin(admin.ModelAdmin):
    """Admin of a one-row settings model (pk=1): the list goes straight to that row; no second row, no delete."""

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not self.model.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        prefix = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        if self.model.objects.filter(pk=1).exists():
            return redirect(reverse(f"{prefix}_change", args=[1]))
        return redirect(reverse(f"{prefix}_add"))


class UnitSingletonAdmin(SingletonAdmin):
    """Admin of a model with one row per unit: the list leads straight to the row of the unit in scope."""

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        prefix = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        row = self.model.objects.values_list("pk", flat=True).first()  # of the unit in scope
        if row is not None:
            return redirect(reverse(f"{prefix}_change", args=[row]))
        return redirect(reverse(f"{prefix}_add"))


def administers(user, unit):
    """True when ``user`` is an administrator of ``unit`` (or of its province), or a superuser."""
    return user.is_superuser or roles.ADMINISTRATOR in roles.roles_in(user, unit)


def administers_province(user):
    """True for a superuser, or an administrator of the province in scope: they add units and set hosts."""
    unit = units.current(required=False)
    return user.is_superuser or bool(unit and unit.is_province and administers(user, unit))


class RuledInline(admin.TabularInline):
    """An inline whose rights to add, change and delete rows are one rule, ``may(request, obj)``; seeing
    them takes ``may`` too unless ``always_visible``."""

    always_visible = False

    def may(self, request, obj):
        return True

    def has_add_permission(self, request, obj=None):
        return self.may(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.may(request, obj)

    def has_view_permission(self, request, obj=None):
        return self.always_visible or self.may(request, obj)


class UnitHostInline(RuledInline):
    model = UnitHost
    extra = 1
    fields = ["host", "is_primary"]
    always_visible = True  # a commune's administrator sees its host names; the province sets them

    def may(self, request, obj):
        return administers_province(request.user)


class MembershipInline(RuledInline):
    model = Membership
    extra = 1
    fields = ["user", "role"]
    autocomplete_fields = ["user"]
    verbose_name_plural = "cán bộ của đơn vị và vai trò"

    def may(self, request, obj):
        return obj is None or administers(request.user, obj)


class UnitForm(forms.ModelForm):
    boundary_file = forms.FileField(
        label="tệp ranh giới (GeoJSON)",
        required=False,
        help_text=(
            "Tệp .geojson hoặc .json, tọa độ kinh độ, vĩ độ theo WGS 84 (EPSG:4326), tối đa 5 MB. Tải lên tệp "
            "mới để thay ranh giới đang lưu."
        ),
    )

    class Meta:
        model = Unit
        fields = ["boundary_is_illustrative"]  # the admin adds those of its fieldsets

    def clean_boundary_file(self):
        upload = self.cleaned_data.get("boundary_file")
        if upload:
            self.instance.boundary = geo.read_boundary(upload.read(geo.MAX_BYTES + 1))
        return upload


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """The units a person administers: a commune's administrator sees only their own (the list goes
    straight to it), a province's administrator the province and its communes, where they add units and
    set host names. Nobody deletes a unit here (it would take all its content with it)."""

    list_display = ["code", "unit_name", "unit_level", "parent", "primary_host"]
    search_fields = ["code", "unit_name"]
    list_filter = ["unit_level"]
    inlines = [UnitHostInline, MembershipInline]
    fieldsets = [
        (
            "Đơn vị",
            {"fields": ["code", "unit_name", "unit_level", "parent", "parent_unit", "authority_name"]},
        ),
        ("Cổng thông tin", {"fields": ["portal_title", "welcome", "emblem", "banner"]}),
        ("Liên hệ", {"fields": ["address", "phone", "fax", "email", "hotline", "working_hours"]}),
        ("Chân trang", {"fields": ["responsible_person", "licence"]}),
        ("Dữ liệu cá nhân", {"fields": ["retention_months"]}),
        ("Bản đồ ranh giới", {"fields": ["boundary_file", "boundary_is_illustrative", "boundary_summary"]}),
    ]
    form = UnitForm

    @admin.display(description="ranh giới đang lưu")
    def boundary_summary(self, obj):
        if not obj or not obj.boundary:
            return "Chưa có."
        shapes = obj.boundary["coordinates"]
        points = sum(len(ring) for polygon in shapes for ring in polygon)
        return f"{len(shapes)} vùng, {points:,} điểm. Xem ở trang «Bản đồ hành chính» của cổng.".replace(
            ",", "."
        )

    @admin.display(description="tên miền chính")
    def primary_host(self, obj):
        return units.primary_host(obj) or "—"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("parent")
        if request.user.is_superuser:
            return queryset
        allowed = [unit.pk for unit in roles.units_of(request.user) if administers(request.user, unit)]
        return queryset.filter(pk__in=allowed)

    def get_readonly_fields(self, request, obj=None):
        if administers_province(request.user):
            return ["boundary_summary"]
        return ["code", "unit_level", "parent", "boundary_summary"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Unit.objects.filter(unit_level__in=PROVINCE_LEVELS)
            if not request.user.is_superuser:
                kwargs["queryset"] = kwargs["queryset"].filter(pk=units.current_id())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and administers_province(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        visible = list(self.get_queryset(request).values_list("pk", flat=True)[:2])
        if len(visible) == 1 and not self.has_add_permission(request):
            return redirect(reverse("admin:portal_unit_change", args=[visible[0]]))
        return super().changelist_view(request, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            # the new unit's site comes up with what every site starts with (portal.contributions)
            with units.activate(form.instance):
                contributions.new_unit(form.instance)


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
    search_fields = ["name"]
    date_hierarchy = "date"


class PlannedFilter(admin.SimpleListFilter):
    title = "thời gian"
    parameter_name = "khi"

    def lookups(self, request, model_admin):
        return [("sap-toi", "Sắp tới"), ("da-qua", "Đã bắt đầu")]

    def queryset(self, request, queryset):
        from django.utils import timezone

        if self.value() == "sap-toi":
            return queryset.filter(starts_at__gt=timezone.now())
        if self.value() == "da-qua":
            return queryset.filter(starts_at__lte=timezone.now())
        return queryset


@admin.register(Maintenance)
class MaintenanceAdmin(admin.ModelAdmin):
    """Planned stops of the unit's site and their public notice (Điều 13, Nghị định 224/2026/NĐ-CP)."""

    list_display = ["__str__", "description", "force_majeure", "notice_from", "shown_now"]
    list_filter = [PlannedFilter, "force_majeure"]
    fields = ["starts_at", "expected_end", "description", "force_majeure", "notice_from"]
    readonly_fields = ["notice_from"]

    @admin.display(description="đang hiện", boolean=True)
    def shown_now(self, obj):
        return obj.is_shown()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        earliest = Maintenance.earliest_planned_start()
        form.base_fields["starts_at"].help_text = (
            f"Tạm dừng theo kế hoạch được thông báo trên mọi trang từ {Maintenance.NOTICE_WORKING_DAYS} ngày "
            f"làm việc trước (tính cả ngày nghỉ lễ): bắt đầu sớm nhất ngày {earliest:%d/%m/%Y}."
        )
        return form


class LockedFilter(admin.SimpleListFilter):
    title = "trạng thái"
    parameter_name = "khoa"

    def lookups(self, request, model_admin):
        return [("co", "Đang bị khóa"), ("khong", "Chưa bị khóa")]

    def queryset(self, request, queryset):
        if self.value() == "co":
            return queryset.locked()
        if self.value() == "khong":
            return queryset.exclude(pk__in=LoginAttempt.objects.locked().values("pk"))
        return queryset


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
    """Wrong admin passwords per username and client (an address or an IPv6 /64): deleting a row
    unlocks that pair; "Mở khóa tài khoản" deletes every row of the selected accounts."""

    list_display = ["account", "address", "failures", "locked", "last_attempt"]
    list_filter = [LockedFilter]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"
    ordering = ["-attempt_time"]
    fields = ["account", "address", "failures", "locked", "last_attempt", "browser"]
    readonly_fields = fields
    actions = ["unlock", "unlock_accounts"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_account_failures()

    @admin.display(description="tên đăng nhập", ordering="username")
    def account(self, obj):
        return obj.username

    @admin.display(description="địa chỉ", ordering="ip_address")
    def address(self, obj):
        # an IPv6 client is counted by its /64 (visitors.client_network), stored as the /64's first address
        return f"{obj.ip_address}/64" if obj.ip_address and ":" in obj.ip_address else obj.ip_address

    @admin.display(description="số lần sai", ordering="failures_since_start")
    def failures(self, obj):
        return obj.failures_since_start

    @admin.display(description="đang bị khóa", boolean=True)
    def locked(self, obj):
        return obj.is_locked

    @admin.display(description="lần sai gần nhất", ordering="attempt_time")
    def last_attempt(self, obj):
        return obj.attempt_time

    @admin.display(description="trình duyệt")
    def browser(self, obj):
        return obj.user_agent

    @admin.action(description="Mở khóa đăng nhập (xóa các lần sai đã chọn)", permissions=["delete"])
    def unlock(self, request, queryset):
        count, _ = queryset.delete()
        self.message_user(request, f"Đã mở khóa {count} tài khoản và địa chỉ.")

    @admin.action(
        description="Mở khóa tài khoản (xóa mọi lần sai của các tài khoản đã chọn, từ mọi địa chỉ)",
        permissions=["delete"],
    )
    def unlock_accounts(self, request, queryset):
        usernames = set(queryset.values_list("username", flat=True))
        LoginAttempt.objects.filter(username__in=usernames).delete()
        names = ", ".join(sorted(name or "(trống)" for name in usernames))
        self.message_user(request, f"Đã mở khóa tài khoản: {names}.")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


CHART_WIDTH, CHART_HEIGHT = 900, 220


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """The last run of each periodic job (`manage.py run_scheduler`), read-only; shared by every unit, so
    no role gives it: superusers see it (and /healthz says the same to monitoring)."""

    list_display = ["name", "started_at", "finished_at", "outcome"]
    fields = ["name", "started_at", "finished_at", "outcome", "message"]
    readonly_fields = fields

    @admin.display(description="kết quả")
    def outcome(self, obj):
        return {True: "Thành công", False: "Lỗi", None: "Đang chạy"}[obj.ok]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# django-tasks-db's own list of task results has English labels; the outcome of what matters to staff is kept
# where they work (a mail's failure on its feedback, «lỗi gửi thư»). Operators read the table in SQL.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(DailyVisits)
class DailyVisitsAdmin(admin.ModelAdmin):
    """Daily visits of the last 90 days of the unit the staff member works in: a chart drawn on the
    server, with its table."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        series = visitors.daily_series(90)
        peak = max((count for _, count in series), default=0) or 1
        step = CHART_WIDTH / len(series)
        bars = []
        for index, (day, count) in enumerate(series):
            height = round(count / peak * (CHART_HEIGHT - 20), 1)
            bars.append(
                {
                    "day": day,
                    "count": count,
                    "x": round(index * step, 1),
                    "y": round(CHART_HEIGHT - height, 1),
                    "width": round(step * 0.8, 1),
                    "height": height,
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Lượt truy cập 90 ngày gần đây – {units.current()}",
            "bars": bars,
            "rows": list(reversed(series)),
            "peak": peak,
            "total": sum(count for _, count in series),
            "counts": visitors.compute_counts(),
            "chart_width": CHART_WIDTH,
            "chart_height": CHART_HEIGHT,
        }
        return TemplateResponse(request, "admin/portal/visits.html", context)


class UserMembershipInline(RuledInline):
    """A person's roles, one line per unit: only in the units the signed-in administrator administers,
    and never their own (nobody widens their own rights)."""

    model = Membership
    extra = 1
    fields = ["unit", "role"]
    verbose_name_plural = "vai trò tại các đơn vị"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("unit")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(unit__in=administered_units(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            with units.everywhere():
                kwargs["queryset"] = Unit.objects.filter(
                    pk__in=[u.pk for u in administered_units(request.user)]
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    always_visible = True

    def may(self, request, obj):
        return request.user.is_superuser or obj is None or obj.pk != request.user.pk


def administered_units(user):
    return [unit for unit in roles.units_of(user) if administers(user, unit)]


class PortalUserAdmin(UserAdmin):
    """Administrators manage the staff accounts of their units (a province's, those of its communes) and
    give roles there; they cannot make anyone a superuser, grant permissions one by one, change their own
    roles, or touch a superuser's account. Roles are memberships in units, not groups."""

    PROTECTED = ("is_superuser", "user_permissions")
    inlines = [UserMembershipInline]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Thông tin cá nhân", {"fields": ["last_name", "first_name", "email"]}),
        ("Quyền", {"fields": ["is_active", "is_staff", "is_superuser", "user_permissions"]}),
        ("Thời gian", {"fields": ["last_login", "date_joined"]}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # the staff of the units they administer, and accounts not yet given a role anywhere
        return queryset.filter(
            Q(memberships__unit__in=administered_units(request.user)) | Q(memberships__isnull=True)
        ).distinct()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [name for name in self.PROTECTED if name not in fields]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)
