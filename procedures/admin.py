from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from portal import roles, units
from portal.admin import UnitSingletonAdmin
from portal.admin_site import staff_name
from portal.models import Unit
from portal.text import thousands
from procedures import exchange, imports
from procedures.models import (
    ACTIVE_IMPORT,
    Agency,
    ChannelOption,
    CommentStatus,
    Dossier,
    DossierExport,
    DossierRating,
    DossierStep,
    Field,
    ImportKind,
    ImportRun,
    ImportStatus,
    InternalStep,
    LegalBasis,
    Paper,
    Procedure,
    ServiceCommitment,
    ServiceFault,
    Step,
    UnitProcedure,
    pick,
)


def may_edit_catalogue(request):
    """The national catalogue (procedures and their parts, fields, agencies) is shared by every unit: it is
    changed by superusers and by the desk staff and administrators of a province working in the province.
    A commune's staff read it, and keep their own list of the procedures they carry out."""
    if request.user.is_superuser:
        return True
    unit = units.current(required=False)
    if unit is None or not unit.is_province:
        return False
    return bool(roles.roles_in(request.user, unit) & {roles.DESK, roles.ADMINISTRATOR})


class NationalCatalogue:
    """Read-only for whoever may not change the national catalogue (``may_edit_catalogue``)."""

    def has_add_permission(self, request, *args):
        return may_edit_catalogue(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return may_edit_catalogue(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return may_edit_catalogue(request) and super().has_delete_permission(request, obj)


@admin.register(Field)
class FieldAdmin(NationalCatalogue, admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Agency)
class AgencyAdmin(NationalCatalogue, admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


class StepInline(NationalCatalogue, admin.TabularInline):
    model = Step
    extra = 0


class ChannelInline(NationalCatalogue, admin.TabularInline):
    model = ChannelOption
    extra = 0


class PaperInline(NationalCatalogue, admin.TabularInline):
    model = Paper
    extra = 0


class LegalBasisInline(NationalCatalogue, admin.TabularInline):
    model = LegalBasis
    extra = 0


class InternalStepInline(NationalCatalogue, admin.TabularInline):
    model = InternalStep
    extra = 0
    classes = ["collapse"]


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp cần nhập")
    dry_run = forms.BooleanField(
        label="Chạy thử",
        required=False,
        help_text="Chỉ kiểm tra tệp và cho biết sẽ thêm mới, cập nhật những mã nào; chưa ghi gì. Sau đó có "
        "thể bấm «Nhập thật tệp này».",
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportMixin:
    """An «Nhập từ tệp» page beside the list: upload, and the import runs in the background
    (procedures.imports); the page of the run shows its progress, then what changed and each bad row."""

    import_title = ""
    import_help = ""
    import_kind = None
    change_list_template = "admin/procedures/change_list_import.html"

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_import"
        return [path("nhap/", self.admin_site.admin_view(self.import_view), name=name), *super().get_urls()]

    def import_templates(self):
        """(label, url) of the files to fill in that the import page offers; none by default."""
        return []

    def may_import(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def import_view(self, request):
        if not self.may_import(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > exchange.MAX_BYTES:
                form.add_error("file", f"Tệp quá lớn: tối đa {exchange.MAX_BYTES // 1024 // 1024} MB.")
            else:
                run = imports.start_import(
                    kind=self.import_kind,
                    upload=upload,
                    user=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                )
                if run.is_active:
                    self.message_user(
                        request,
                        f"Đã nhận tệp «{run.file_name}». Việc nhập chạy nền; trang này tự cập nhật tiến độ, "
                        "có thể rời đi và quay lại từ danh sách «Lần nhập từ tệp».",
                        messages.INFO,
                    )
                else:
                    ok = run.status == ImportStatus.DONE and not run.error_count
                    text = run.summary() if run.total_rows is not None else run.message
                    self.message_user(request, text, messages.SUCCESS if ok else messages.ERROR)
                return HttpResponseRedirect(reverse("admin:procedures_importrun_change", args=[run.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": self.import_title,
            "help": self.import_help,
            "form": form,
            "templates": self.import_templates(),
            "runs_url": reverse("admin:procedures_importrun_changelist") + f"?kind__exact={self.import_kind}",
        }
        return TemplateResponse(request, "admin/procedures/import.html", context)


class CarriedOutFilter(admin.SimpleListFilter):
    title = "đơn vị thực hiện"
    parameter_name = "don_vi_thuc_hien"

    def lookups(self, request, model_admin):
        return [("co", "Đơn vị đang thực hiện"), ("khong", "Đơn vị chưa thực hiện")]

    def queryset(self, request, queryset):
        picked = UnitProcedure.objects.filter(is_active=True).values("procedure_id")
        if self.value() == "co":
            return queryset.filter(pk__in=picked)
        if self.value() == "khong":
            return queryset.exclude(pk__in=picked)
        return queryset


@admin.register(Procedure)
class ProcedureAdmin(NationalCatalogue, ImportMixin, admin.ModelAdmin):
    list_display = ["code", "name", "field", "level", "online_level", "processing_days", "is_active"]
    list_filter = [CarriedOutFilter, "field", "level", "online_level", "is_active"]
    search_fields = ["code", "name", "keywords"]
    autocomplete_fields = [
        "field",
        "implementing_agency",
        "competent_agency",
        "authorised_agency",
        "coordinating_agency",
    ]
    readonly_fields = ["updated_at", "updated_by"]
    date_hierarchy = "updated_at"
    inlines = [StepInline, ChannelInline, PaperInline, LegalBasisInline, InternalStepInline]
    actions = ["pick_for_unit", "export_json", "export_csv"]
    fieldsets = [
        (
            None,
            {"fields": ["code", "name", "decision_number", "field", "level", "procedure_type", "is_active"]},
        ),
        ("Thời hạn và nộp trực tuyến", {"fields": ["processing_days", "online_level", "online_url"]}),
        (
            "Cơ quan",
            {
                "fields": [
                    "implementing_agency",
                    "competent_agency",
                    "authorised_agency",
                    "coordinating_agency",
                    "reception_address",
                ]
            },
        ),
        ("Nội dung", {"fields": ["subjects", "result", "conditions", "keywords", "description"]}),
        ("Lịch sử", {"fields": ["updated_at", "updated_by"]}),
    ]
    import_title = "Nhập thủ tục từ tệp JSON hoặc CSV"
    import_kind = ImportKind.PROCEDURES
    import_help = (
        "Mỗi thủ tục được thêm mới hoặc cập nhật theo mã thủ tục. Thủ tục có lỗi không được lưu; lỗi được "
        "báo theo dòng (CSV) hoặc mục (JSON) và tên trường. Định dạng giống tệp xuất ra bằng thao tác «Xuất»."
    )

    def get_urls(self):
        files = self.admin_site.admin_view(self.template_view)
        return [path("mau-nhap.csv", files, name="procedures_procedure_template"), *super().get_urls()]

    def import_templates(self):
        # CSV only: the procedure import reads JSON and CSV (lists in a cell, one item a line), not Excel
        return [("Tệp mẫu CSV", reverse("admin:procedures_procedure_template"))]

    def template_view(self, request):
        """The columns of the procedure file and one example row: a procedure of the catalogue as exported."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        example = exchange.export_queryset().order_by("code")[:1]
        response = HttpResponse(
            exchange.export_csv(example).encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="mau-nhap-thu-tuc.csv"'
        return response

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # the dossier form's autocomplete offers the procedures the unit carries out (or did)
        if request.GET.get("app_label") == "procedures" and request.GET.get("model_name") == "dossier":
            queryset = queryset.filter(pk__in=UnitProcedure.objects.values("procedure_id"))
        elif request.GET.get("model_name") == "unitprocedure":
            queryset = queryset.filter(is_active=True)
        return queryset, may_have_duplicates

    def has_pick_permission(self, request):
        return request.user.has_perm("procedures.add_unitprocedure")

    @admin.action(
        description="Đưa các thủ tục đã chọn vào danh sách thủ tục đơn vị thực hiện", permissions=["pick"]
    )
    def pick_for_unit(self, request, queryset):
        new = pick(queryset.filter(is_active=True))
        self.message_user(request, f"Đơn vị thực hiện thêm {len(new)} thủ tục.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def _export(self, content, extension, content_type):
        response = HttpResponse(content, content_type=content_type)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="thu-tuc-{stamp}.{extension}"'
        return response

    @admin.action(description="Xuất các thủ tục đã chọn ra tệp JSON", permissions=["view"])
    def export_json(self, request, queryset):
        procedures = exchange.export_queryset().filter(pk__in=queryset.values("pk"))
        return self._export(exchange.export_json(procedures), "json", "application/json; charset=utf-8")

    @admin.action(description="Xuất các thủ tục đã chọn ra tệp CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        procedures = exchange.export_queryset().filter(pk__in=queryset.values("pk"))
        return self._export(exchange.export_csv(procedures), "csv", "text/csv; charset=utf-8")


@admin.register(UnitProcedure)
class UnitProcedureAdmin(admin.ModelAdmin):
    """The unit's list of the procedures it carries out, with its own desk details; the records themselves
    are national (read-only to a commune)."""

    list_display = ["code", "name", "level", "field", "is_active"]
    list_editable = ["is_active"]
    list_filter = ["is_active", "procedure__level", "procedure__field"]
    list_select_related = ["procedure__field"]
    search_fields = ["procedure__code", "procedure__name"]
    autocomplete_fields = ["procedure"]
    fields = ["procedure", "is_active", "reception_address", "note"]

    @admin.display(description="mã thủ tục", ordering="procedure__code")
    def code(self, obj):
        return obj.procedure.code

    @admin.display(description="tên thủ tục", ordering="procedure__name")
    def name(self, obj):
        return obj.procedure.name

    @admin.display(description="cấp thực hiện")
    def level(self, obj):
        return obj.procedure.get_level_display()

    @admin.display(description="lĩnh vực")
    def field(self, obj):
        return obj.procedure.field

    def get_readonly_fields(self, request, obj=None):
        # a pick stays the pick of its procedure: switch it off, or delete it, rather than change it
        return ["procedure"] if obj and obj.pk else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "procedure":
            kwargs["queryset"] = Procedure.objects.active()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


PERSONAL = ["applicant_name", "applicant_phone", "applicant_id_number", "applicant_email"]


class DossierForm(forms.ModelForm):
    def clean_code(self):
        # the unit is not on the form, so the code's uniqueness in the unit is checked here
        code = self.cleaned_data["code"]
        if Dossier.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Đơn vị đã có hồ sơ mang mã này.")
        return code


class DossierStepInline(admin.TabularInline):
    """The dossier's history as the lookup page shows it: a step is added by itself when the status or the
    handler changes; staff add the steps in between (sent to another office, signed) or correct one."""

    model = DossierStep
    fields = ["at", "status", "agency", "officer", "note"]
    extra = 0
    verbose_name = "bước xử lý"
    verbose_name_plural = "Lịch sử xử lý (hiện trên trang tra cứu hồ sơ)"


class DueFilter(admin.SimpleListFilter):
    """The dossiers to act on today: due later today, or already late (the desk's home links here)."""

    title = "hạn trả kết quả"
    parameter_name = "han"

    def lookups(self, request, model_admin):
        return [("hom-nay", "Đến hạn hôm nay"), ("qua-han", "Quá hạn, chưa xong")]

    def queryset(self, request, queryset):
        if self.value() == "hom-nay":
            return queryset.due_today()
        if self.value() == "qua-han":
            return queryset.overdue()
        return queryset


@admin.register(Dossier)
class DossierAdmin(ImportMixin, admin.ModelAdmin):
    form = DossierForm
    inlines = [DossierStepInline]
    list_display = ["code", "procedure", "channel", "received_at", "due_at", "status", "late"]
    list_filter = [DueFilter, "status", "timeliness", "channel", "procedure__field"]
    quick_filters = [
        ("Đến hạn hôm nay", "han=hom-nay"),
        ("Quá hạn, chưa xong", "han=qua-han"),
        ("Đã trả kết quả quá hạn", "timeliness__exact=qua_han"),
    ]
    search_fields = ["code"]
    autocomplete_fields = ["procedure"]
    date_hierarchy = "received_at"
    list_select_related = ["procedure"]
    readonly_fields = [
        "timeliness",
        "apology_slip",
        "updated_at",
        "updated_by",
        "removal_requested_at",
        "anonymised_at",
    ]
    import_title = "Nhập hồ sơ từ tệp CSV hoặc Excel (.xlsx)"
    import_kind = ImportKind.DOSSIERS
    import_help = (
        "Bảng tính xuất từ hệ thống một cửa của tỉnh, dòng đầu là tên cột. Hồ sơ được thêm mới hoặc cập nhật "
        "theo mã hồ sơ. Nếu có dòng lỗi thì không hồ sơ nào được lưu; hãy sửa tệp theo danh sách lỗi rồi nhập lại."
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "procedure":  # the procedures the unit carries out (or did: its past dossiers)
            kwargs["queryset"] = Procedure.objects.filter(pk__in=UnitProcedure.objects.values("procedure_id"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        view = self.admin_site.admin_view(self.apology_view)
        files = self.admin_site.admin_view(self.template_view)
        export = self.admin_site.admin_view(self.export_view)
        return [
            path("<int:pk>/phieu-xin-loi/", view, name="procedures_dossier_apology"),
            path("mau-nhap.<str:kind>", files, name="procedures_dossier_template"),
            path("xuat.<str:kind>", export, name="procedures_dossier_export"),
            *super().get_urls(),
        ]

    def import_templates(self):
        return [
            (f"Tệp mẫu {label}", reverse("admin:procedures_dossier_template", args=[kind]))
            for kind, label in (("xlsx", "Excel (.xlsx)"), ("csv", "CSV"))
        ]

    def _spreadsheet(self, rows, kind, name):
        if kind == "xlsx":
            content, content_type = exchange.as_xlsx(rows, "Hồ sơ"), XLSX
        elif kind == "csv":
            content, content_type = exchange.as_csv(rows), "text/csv; charset=utf-8"
        else:
            raise Http404("Chỉ có tệp .xlsx hoặc .csv.")
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
        return response

    def template_view(self, request, kind):
        """The import file to fill in: the headings and one example row, for a procedure the unit carries out."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        code = (
            UnitProcedure.objects.filter(is_active=True)
            .order_by("procedure__code")
            .values_list("procedure__code", flat=True)
            .first()
        )
        return self._spreadsheet(exchange.dossier_template_rows(code or "1.000000"), kind, "mau-nhap-ho-so")

    def export_view(self, request, kind):
        """The dossiers of the list as it is filtered (every page), in the import's columns; the applicants'
        personal data only for those who may see it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            dossiers = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(reverse("admin:procedures_dossier_changelist") + "?e=1")
        if kind not in ("xlsx", "csv"):
            raise Http404("Chỉ có tệp .xlsx hoặc .csv.")
        count = dossiers.count()
        if count > imports.EXPORT_IN_REQUEST_ROWS:
            # too many for a web request: the worker makes the file, kept for who asked
            imports.start_export(
                dossiers=dossiers,
                kind=kind,
                personal=self.sees_applicant(request),
                user=request.user,
                label=f"{count:,} hồ sơ".replace(",", ".")
                + (f" (lọc: {request.GET.urlencode()})" if request.GET else ""),
            )
            self.message_user(
                request,
                f"Đang tạo tệp {count:,} hồ sơ".replace(",", ".")
                + " ở chế độ chạy nền; tải về ở đây khi trạng thái là «Xong» (có thể rời trang và quay lại).",
                messages.INFO,
            )
            return HttpResponseRedirect(reverse("admin:procedures_dossierexport_changelist"))
        rows = exchange.dossier_export_rows(dossiers, personal=self.sees_applicant(request))
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return self._spreadsheet(rows, kind, f"ho-so-{stamp}")

    def changelist_view(self, request, extra_context=None):
        query = request.GET.urlencode()
        exports = [
            (label, reverse("admin:procedures_dossier_export", args=[kind]) + (f"?{query}" if query else ""))
            for kind, label in (("xlsx", "Xuất Excel"), ("csv", "Xuất CSV"))
        ]
        return super().changelist_view(request, {**(extra_context or {}), "exports": exports})

    def apology_view(self, request, pk):
        """Mẫu 04, «Phiếu xin lỗi và hẹn lại ngày trả kết quả», ready to print and hand over or send."""
        dossier = get_object_or_404(Dossier.objects.select_related("procedure"), pk=pk)
        if not (self.has_view_permission(request, dossier) and self.sees_applicant(request)):
            raise PermissionDenied
        if not dossier.apology_new_due_at:
            raise Http404("Hồ sơ này chưa có phiếu xin lỗi.")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Phiếu xin lỗi và hẹn lại ngày trả kết quả – {dossier.code}",
            "dossier": dossier,
            "site": Unit.load(),
        }
        return TemplateResponse(request, "admin/procedures/apology_slip.html", context)

    @admin.display(description="phiếu xin lỗi")
    def apology_slip(self, obj):
        if not (obj and obj.pk and obj.apology_new_due_at):
            return "Chưa có (điền lý do và ngày hẹn mới rồi lưu)."
        url = reverse("admin:procedures_dossier_apology", args=[obj.pk])
        return format_html('<a href="{}">In phiếu xin lỗi (Mẫu 04)</a>', url)

    @admin.display(description="quá hạn", boolean=True)
    def late(self, obj):
        return obj.is_late

    def sees_applicant(self, request):
        return request.user.has_perm("procedures.view_applicant")

    def lookup_allowed(self, lookup, value, request=None):
        # Hidden columns must not be filterable through the URL either (?applicant_name__startswith=…).
        if lookup.split("__")[0].startswith("applicant_") and not (request and self.sees_applicant(request)):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["code", "procedure", "channel", "result_online", "status", "timeliness"]}),
            (
                "Tiếp nhận và xử lý (công khai trên trang tra cứu)",
                {"fields": ["received_by", "handling_agency", "handled_by"]},
            ),
            ("Thời gian", {"fields": ["received_at", "due_at", "finished_at", "returned_at"]}),
            (
                "Phiếu xin lỗi và hẹn lại",
                {"fields": ["apology_issued_at", "apology_reason", "apology_new_due_at", "apology_slip"]},
            ),
        ]
        if self.sees_applicant(request):
            fieldsets.insert(
                1,
                (
                    "Người nộp (không công khai)",
                    {"fields": [*PERSONAL, "removal_requested_at", "anonymised_at"]},
                ),
            )
        fieldsets.append(("Lịch sử", {"fields": ["updated_at", "updated_by"]}))
        return fieldsets

    def get_search_fields(self, request):
        return [*self.search_fields, "applicant_name"] if self.sees_applicant(request) else self.search_fields

    def has_add_permission(self, request):
        # a new dossier needs its applicant, so only staff who may see applicants register dossiers
        return super().has_add_permission(request) and self.sees_applicant(request)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


# --- Imports from files, run in the background (procedures.imports) ------------------------------------


def _number(value):
    return thousands(value or 0)


def _duration(seconds):
    """«khoảng 2 phút 10 giây»: time left, in words."""
    if seconds < 60:
        return f"khoảng {max(seconds, 1)} giây"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"khoảng {minutes} phút {seconds} giây" if seconds else f"khoảng {minutes} phút"
    hours, minutes = divmod(minutes, 60)
    return f"khoảng {hours} giờ {minutes} phút"


def describe_progress(run):
    """Where a run stands, in words: rows checked of all, rows written, time left."""
    if run.status == ImportStatus.WAITING:
        return "Đang chờ tiến trình nền bắt đầu."
    if run.total_rows is None:
        return "Đang đọc tệp." if run.is_active else ""
    parts = [f"Đã kiểm tra {_number(run.rows_checked)}/{_number(run.total_rows)} dòng"]
    if run.rows_to_write is not None:
        parts.append(f"đã ghi {_number(run.rows_written)}/{_number(run.rows_to_write)} dòng")
    if run.is_writing and not run.rows_written:
        parts.append("đang ghi vào cơ sở dữ liệu")  # no rate of writing yet (on SQLite: none until it ends)
    else:
        left = run.seconds_left()
        if left is not None:
            parts.append(f"còn {_duration(left)}")
    return ", ".join(parts) + "."


@admin.register(DossierExport)
class DossierExportAdmin(admin.ModelAdmin):
    """The big exports a person asked for (procedures.imports.export_dossiers): where each stands, and its
    file to download once made. Each person sees their own."""

    list_display = ["label", "kind", "status", "row_count", "created_at", "download"]
    list_filter = ["status", "kind"]
    fields = ["label", "kind", "status", "row_count", "created_at", "finished_at", "message", "download"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(created_by=request.user).defer("query")

    def has_add_permission(self, request):
        return False  # an export starts from the dossier list's «Xuất Excel» / «Xuất CSV»

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        allowed = self.admin_site.get_model_admin(Dossier).has_view_permission(request)
        return allowed and (obj is None or obj.created_by_id == request.user.pk)

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj) and not (obj and obj.status in ACTIVE_IMPORT)

    @admin.display(description="tải về")
    def download(self, obj):
        if obj.status != ImportStatus.DONE or not obj.file:
            return obj.message or "Chưa xong"
        url = reverse("admin:procedures_dossierexport_download", args=[obj.pk])
        return format_html('<a href="{}">Tải tệp .{}</a>', url, obj.kind)

    def get_urls(self):
        view = self.admin_site.admin_view(self.download_view)
        return [path("<int:pk>/tai-ve/", view, name="procedures_dossierexport_download"), *super().get_urls()]

    def download_view(self, request, pk):
        run = self.get_queryset(request).filter(pk=pk, status=ImportStatus.DONE).first()
        if run is None or not run.file:
            raise Http404("Không có tệp xuất này.")
        if not self.has_view_permission(request, run):
            raise PermissionDenied
        response = FileResponse(run.file.open("rb"), content_type=XLSX if run.kind == "xlsx" else "text/csv")
        stamp = timezone.localtime(run.created_at).strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="ho-so-{stamp}.{run.kind}"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response

    def delete_model(self, request, obj):
        obj.file.delete(save=False)
        super().delete_model(request, obj)


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """The unit's imports from files: each one's progress, outcome and bad rows (its page refreshes itself
    while it runs), the report of errors to download, and «Hủy» for one that waits or runs. A person sees the
    runs of the kinds of data they may import in the unit they work in."""

    list_display = ["created_at", "kind", "file_name", "who", "status", "dry_run", "progress", "error_count"]
    list_filter = ["kind", "status", "dry_run"]
    search_fields = ["file_name"]
    date_hierarchy = "created_at"
    list_select_related = ["created_by"]
    change_form_template = "admin/procedures/importrun/progress.html"

    @admin.display(description="người nhập", ordering="created_by__last_name")
    def who(self, obj):
        return staff_name(obj.created_by)

    @admin.display(description="tiến độ")
    def progress(self, obj):
        if obj.total_rows is None:
            return "—"
        return f"{_number(obj.rows_checked)}/{_number(obj.total_rows)} dòng"

    def import_kinds(self, request):
        """The kinds of import the person may run (so follow) in the unit in scope."""
        if not hasattr(request, "_import_kinds"):
            request._import_kinds = [
                kind
                for kind, model in ((ImportKind.PROCEDURES, Procedure), (ImportKind.DOSSIERS, Dossier))
                if self.admin_site.is_registered(model)
                and self.admin_site.get_model_admin(model).may_import(request)
            ]
        return request._import_kinds

    def _allowed(self, request, obj):
        kinds = self.import_kinds(request)
        return bool(kinds) and (obj is None or obj.kind in kinds)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind__in=self.import_kinds(request))

    def has_add_permission(self, request):
        return False  # a run starts from the «Nhập từ tệp» page of its list

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._allowed(request, obj)

    def has_change_permission(self, request, obj=None):  # cancelling
        return super().has_change_permission(request, obj) and self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj) and self._allowed(request, obj)
        return allowed and not (obj and obj.is_active)

    def get_urls(self):
        cancel = self.admin_site.admin_view(self.cancel_view)
        errors = self.admin_site.admin_view(self.errors_view)
        return [
            path("<int:pk>/huy/", cancel, name="procedures_importrun_cancel"),
            path(
                "<int:pk>/nhap-that/",
                self.admin_site.admin_view(self.for_real_view),
                name="procedures_importrun_for_real",
            ),
            path("<int:pk>/loi.<str:kind>", errors, name="procedures_importrun_errors"),
            *super().get_urls(),
        ]

    def _run(self, request, pk):
        """The run, if it is of the unit in scope and of a kind the person may import; else 404."""
        run = self.get_queryset(request).select_related("created_by").filter(pk=pk).first()
        if run is None:
            raise Http404("Không có lần nhập này.")
        return run

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The run's page: progress while it runs (the page reloads itself every 2 s), then the report."""
        if not str(object_id).isdigit():
            raise Http404("Không có lần nhập này.")
        run = self._run(request, object_id)
        if not self.has_view_permission(request, run):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Nhập {run.get_kind_display().lower()} từ tệp «{run.file_name}»",
            "run": run,
            "who": staff_name(run.created_by),
            "progress_text": describe_progress(run),
            "percent": round(run.fraction_done() * 100),
            "shown_errors": run.errors[:200],
            "may_cancel": run.is_active and self.has_change_permission(request, run),
            "may_run_for_real": run.may_run_for_real and run.kind in self.import_kinds(request),
            "would_create": run.changes.get("created", []) if run.dry_run else [],
            "would_update": run.changes.get("updated", []) if run.dry_run else [],
            "reports": [
                (label, reverse("admin:procedures_importrun_errors", args=[run.pk, kind]))
                for kind, label in (("csv", "CSV"), ("xlsx", "Excel (.xlsx)"))
            ]
            if run.error_count or (run.status == ImportStatus.FAILED and run.message)
            else [],
            "list_url": reverse(f"admin:procedures_{_model_name(run.kind)}_changelist"),
        }
        return TemplateResponse(request, self.change_form_template, context)

    def cancel_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:procedures_importrun_change", args=[pk]))
        run = self._run(request, pk)
        if not self.has_change_permission(request, run):
            raise PermissionDenied
        self.message_user(request, imports.cancel(run), messages.INFO)
        return HttpResponseRedirect(reverse("admin:procedures_importrun_change", args=[run.pk]))

    def for_real_view(self, request, pk):
        """«Nhập thật tệp này» on a dry run's page: the same file, imported for real in a new run."""
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:procedures_importrun_change", args=[pk]))
        run = self._run(request, pk)  # of the unit, and of a kind the person may import
        if not run.may_run_for_real:
            self.message_user(request, "Lần chạy thử này không có gì để nhập thật.", messages.WARNING)
            return HttpResponseRedirect(reverse("admin:procedures_importrun_change", args=[run.pk]))
        new = imports.run_for_real(run, request.user)
        self.message_user(request, f"Đã bắt đầu nhập thật tệp «{new.file_name}».", messages.INFO)
        return HttpResponseRedirect(reverse("admin:procedures_importrun_change", args=[new.pk]))

    def errors_view(self, request, pk, kind):
        """The bad rows of a run as a spreadsheet: the row (or item) and the reason, in Vietnamese."""
        run = self._run(request, pk)
        if not self.has_view_permission(request, run):
            raise PermissionDenied
        rows = exchange.error_rows(run.errors)
        items = any(error.startswith("Mục số") for error in run.errors)
        table = [["Mục số" if items else "Dòng", "Lỗi"], *([n or "", reason] for n, reason in rows)]
        if run.status == ImportStatus.FAILED and run.message and not rows:
            table.append(["", run.message])
        if kind == "xlsx":
            content, content_type = exchange.as_xlsx(table, "Lỗi"), XLSX
        elif kind == "csv":
            content, content_type = exchange.as_csv(table), "text/csv; charset=utf-8"
        else:
            raise Http404("Chỉ có tệp .xlsx hoặc .csv.")
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="loi-nhap-tu-tep-{run.pk}.{kind}"'
        return response

    def delete_model(self, request, obj):
        obj.file.delete(save=False)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        queryset = queryset.exclude(status__in=ACTIVE_IMPORT)  # a run still waiting or running stays
        for run in queryset:
            run.file.delete(save=False)
        super().delete_queryset(request, queryset)


def _model_name(kind):
    return "procedure" if kind == ImportKind.PROCEDURES else "dossier"


# --- Service quality --------------------------------------------------------------------------------------


@admin.register(DossierRating)
class DossierRatingAdmin(admin.ModelAdmin):
    """Citizens' ratings of finished dossiers: staff read them and decide which comments are made public."""

    list_display = ["dossier", "score", "short_comment", "comment_status", "created_at"]
    list_filter = ["comment_status", "score"]
    search_fields = ["dossier__code", "comment"]
    readonly_fields = ["dossier", "score", "comment", "created_at", "consented_at"]
    fields = ["dossier", "score", "comment", "comment_status", "created_at", "consented_at"]
    list_select_related = ["dossier"]
    actions = ["publish_comments", "hide_comments"]

    def has_add_permission(self, request):
        return False  # only citizens rate, on /danh-gia-ho-so/

    @admin.display(description="ý kiến")
    def short_comment(self, obj):
        return (obj.comment[:80] + "…") if len(obj.comment) > 80 else (obj.comment or "—")

    @admin.action(description="Công khai ý kiến đã chọn", permissions=["change"])
    def publish_comments(self, request, queryset):
        count = queryset.exclude(comment="").update(comment_status=CommentStatus.PUBLISHED)
        self.message_user(request, f"Đã công khai {count} ý kiến.", messages.SUCCESS)

    @admin.action(description="Không công khai ý kiến đã chọn", permissions=["change"])
    def hide_comments(self, request, queryset):
        count = queryset.update(comment_status=CommentStatus.HIDDEN)
        self.message_user(request, f"Đã ẩn {count} ý kiến.", messages.SUCCESS)


@admin.register(ServiceCommitment)
class ServiceCommitmentAdmin(UnitSingletonAdmin):
    fields = ["commitment", "how_to_report", "handling", "improvements"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        for name in ("commitment", "how_to_report", "handling"):
            form.base_fields[
                name
            ].help_text = "Để trống để dùng nội dung mặc định (xem ở trang Chất lượng dịch vụ)."
        return form


@admin.register(ServiceFault)
class ServiceFaultAdmin(admin.ModelAdmin):
    list_display = ["summary", "started_at", "ended_at", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["summary"]
    date_hierarchy = "started_at"
