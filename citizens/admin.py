from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from citizens import services
from citizens.models import (
    CitizenSettings,
    ContactOffice,
    Feedback,
    FeedbackAttachment,
    Hotline,
    Official,
    Question,
    QuestionTopic,
    ReceptionSchedule,
    ReceptionSession,
    SessionStatus,
    UsefulnessReport,
    UsefulnessVote,
    WorkEntry,
    monday_of,
)
from portal import roles, units
from portal.admin import UnitSingletonAdmin
from portal.admin_site import StaffFilter, staff_name
from portal.workdays import working_days_between

PERSONAL_FIELDS = ["name", "address", "phone", "email"]
# Lookups a URL may not filter on without the personal-data permission (phone_digits is a hidden copy).
PERSONAL_LOOKUPS = {*PERSONAL_FIELDS, "phone_digits", "attachments", "mail_error"}


def sees_personal_data(request):
    return request.user.has_perm("citizens.view_personal_data")


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "workplace", "phone", "email", "is_leader", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_leader", "is_active"]
    search_fields = ["name", "title", "workplace", "email"]
    fieldsets = [
        (
            None,
            {"fields": ["name", "title", "title_en", "workplace", "phone", "email", "order", "is_active"]},
        ),
        (
            "Trang riêng của lãnh đạo (/gioi-thieu/lanh-dao/)",
            {
                "fields": ["is_leader", "term", "photo", "duties", "biography"],
                "description": "Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm c: mỗi lãnh đạo có tiểu sử tóm tắt và "
                "nhiệm vụ được phân công trên cổng thông tin; cập nhật ngay khi có thay đổi.",
            },
        ),
    ]


@admin.register(ContactOffice)
class ContactOfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "handles", "phone", "email", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_en", "handles", "email"]


@admin.register(Hotline)
class HotlineAdmin(admin.ModelAdmin):
    list_display = ["name", "number", "note", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "number"]


@admin.register(CitizenSettings)
class CitizenSettingsAdmin(UnitSingletonAdmin):
    """One row per unit: the list page leads straight to the row of the unit the staff member works in."""

    fieldsets = [
        ("Liên hệ", {"fields": ["map_url"]}),
        (
            "Trang tiếng Anh (/en/contact/)",
            {"fields": ["name_en", "address_en", "about_en", "working_hours_en"]},
        ),
        ("Tiếp công dân", {"fields": ["reception_place", "reception_hours"]}),
        ("Phản ánh, kiến nghị", {"fields": ["feedback_due_days"]}),
    ]


@admin.register(ReceptionSchedule)
class ReceptionScheduleAdmin(admin.ModelAdmin):
    list_display = ["presider", "rule", "start_time", "end_time", "place", "is_active"]
    list_filter = ["is_active", "weekday"]
    search_fields = ["presider", "place"]

    @admin.display(description="lịch")
    def rule(self, obj):
        return obj.rule


class WhenFilter(admin.SimpleListFilter):
    title = "thời gian"
    parameter_name = "khi"

    def lookups(self, request, model_admin):
        return [("tuan-nay", "Tuần này"), ("sap-toi", "Sắp tới"), ("da-qua", "Đã qua")]

    def queryset(self, request, queryset):
        if self.value() == "tuan-nay":
            return queryset.this_week()
        if self.value() == "sap-toi":
            return queryset.upcoming()
        if self.value() == "da-qua":
            return queryset.past()
        return queryset


@admin.register(ReceptionSession)
class ReceptionSessionAdmin(admin.ModelAdmin):
    list_display = ["date", "start_time", "presider", "place", "status", "registration_deadline"]
    list_filter = [WhenFilter, "status"]
    search_fields = ["presider", "place", "topics"]
    date_hierarchy = "date"
    autocomplete_fields = ["schedule"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        notice = working_days_between(timezone.localdate(), obj.date)
        if obj.status == SessionStatus.PLANNED and obj.date >= timezone.localdate() and notice < 5:
            self.message_user(
                request,
                f"Buổi tiếp ngày {obj.date:%d/%m/%Y} được công bố trước {notice} ngày làm việc; Luật Tiếp công dân "
                "(Điều 24) yêu cầu công bố lịch chậm nhất 05 ngày làm việc trước ngày tiếp, trừ khi tiếp đột xuất.",
                messages.WARNING,
            )


class WeekFilter(admin.SimpleListFilter):
    title = "tuần"
    parameter_name = "tuan"

    def lookups(self, request, model_admin):
        return [("truoc", "Tuần trước"), ("nay", "Tuần này"), ("sau", "Tuần sau"), ("sap-toi", "Từ tuần này")]

    def queryset(self, request, queryset):
        monday = monday_of(timezone.localdate())
        offset = {"truoc": -7, "nay": 0, "sau": 7}.get(self.value())
        if offset is not None:
            first = monday + timedelta(days=offset)
            return queryset.filter(day__gte=first, day__lte=first + timedelta(days=6))
        if self.value() == "sap-toi":
            return queryset.filter(day__gte=monday)
        return queryset


class WorkEntryForm(forms.ModelForm):
    """Its fields come from the admin (an import-time ModelForm would query officials with no unit in scope)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "leaders" in self.fields:  # a choice outside the unit's officials (they are all the field offers)
            self.fields["leaders"].error_messages["invalid_choice"] = (
                "Chỉ chọn được lãnh đạo, cán bộ của đơn vị mình."
            )

    def clean(self):
        data = super().clean()
        leaders = data.get("leaders")
        if "leaders" in data and not leaders and not data.get("leader_text", "").strip():
            self.add_error(
                "leaders",
                "Chọn lãnh đạo chủ trì, hoặc ghi người chủ trì vào ô «lãnh đạo chủ trì (ghi thêm)».",
            )
        unit = units.current(required=False)
        if leaders and unit is not None and any(o.unit_id != unit.pk for o in leaders):
            self.add_error("leaders", "Chỉ chọn được lãnh đạo, cán bộ của đơn vị mình.")
        return data


@admin.register(WorkEntry)
class WorkEntryAdmin(admin.ModelAdmin):
    """The weekly work calendar: the office enters the week's items, then publishes them."""

    form = WorkEntryForm
    list_display = ["day_name", "start_time", "end_time", "short_content", "chairs", "place", "is_published"]
    list_display_links = ["day_name", "short_content"]
    list_filter = [WeekFilter, "is_published", "leaders"]
    search_fields = ["content", "place", "participants", "leader_text", "leaders__name"]
    date_hierarchy = "day"
    autocomplete_fields = ["leaders"]
    ordering = ["-day", "start_time"]
    view_on_site = True
    actions = ["publish", "unpublish", "copy_to_next_week"]
    fieldsets = [
        (None, {"fields": ["day", ("start_time", "end_time"), "content"]}),
        ("Người chủ trì, thành phần", {"fields": ["leaders", "leader_text", "participants", "preparation"]}),
        (None, {"fields": ["place", "is_published"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("leaders")

    @admin.display(description="ngày", ordering="day")
    def day_name(self, obj):
        return f"{obj.weekday_name}, {obj.day:%d/%m/%Y}"

    @admin.display(description="nội dung")
    def short_content(self, obj):
        return obj.content if len(obj.content) <= 90 else obj.content[:89] + "…"

    @admin.display(description="chủ trì")
    def chairs(self, obj):
        return "; ".join(obj.leader_names())

    def save_model(self, request, obj, form, change):
        obj.changed_by = request.user
        super().save_model(request, obj, form, change)

    def _set_published(self, request, queryset, value):
        done = 0
        for entry in queryset.filter(is_published=not value):
            entry.is_published, entry.changed_by = value, request.user
            entry.save(update_fields=["is_published", "changed_by", "updated_at"])  # the pages change at once
            done += 1
        return done

    @admin.action(description="Công bố các mục đã chọn", permissions=["change"])
    def publish(self, request, queryset):
        done = self._set_published(request, queryset, True)
        self.message_user(request, f"Đã công bố {done} mục lịch công tác.", messages.SUCCESS)

    @admin.action(description="Thôi công bố các mục đã chọn", permissions=["change"])
    def unpublish(self, request, queryset):
        done = self._set_published(request, queryset, False)
        self.message_user(request, f"Đã thôi công bố {done} mục lịch công tác.", messages.SUCCESS)

    @admin.action(description="Sao chép sang tuần sau (chưa công bố)", permissions=["add"])
    def copy_to_next_week(self, request, queryset):
        done = services.copy_work_entries(entries=queryset, days=7, user=request.user)
        self.message_user(
            request,
            f"Đã sao chép {done} mục sang tuần sau; kiểm tra lại rồi công bố.",
            messages.SUCCESS,
        )


class OverdueFilter(admin.SimpleListFilter):
    title = "hạn xử lý"
    parameter_name = "han"

    def lookups(self, request, model_admin):
        return [("qua-han", "Quá hạn"), ("sap-den-han", "Sắp đến hạn"), ("con-han", "Còn hạn, chưa xong")]

    def queryset(self, request, queryset):
        if self.value() == "qua-han":
            return queryset.overdue()
        if self.value() == "sap-den-han":
            return queryset.due_soon()
        if self.value() == "con-han":
            return queryset.open().filter(due_date__gte=timezone.localdate())
        return queryset


class AttachmentInline(admin.TabularInline):
    model = FeedbackAttachment
    extra = 0
    can_delete = False
    fields = ["download", "content_type", "size"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="tệp")
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """The staff workflow. Personal data (name, address, phone, email, files) only for those allowed to see it."""

    list_display = ["code", "subject", "status", "due", "assignee", "created_at"]
    # only the people items of this unit are assigned to (not every staff member of every unit)
    list_filter = [
        "status",
        OverdueFilter,
        ("assigned_to", StaffFilter),
        "consent_publish",
        "procedure__field",
    ]
    search_fields = ["code", "subject", "content"]
    quick_filters = [
        ("Quá hạn", "han=qua-han"),
        ("Sắp đến hạn", "han=sap-den-han"),
        ("Mới, chưa xử lý", "status__exact=new"),
        ("Chưa giao cán bộ", "assigned_to__isnull=True"),
    ]
    date_hierarchy = "created_at"
    list_select_related = ["assigned_to"]
    actions = ["make_question"]

    class Media:
        css = {"all": ["citizens/admin.css"]}

    def has_add_permission(self, request):
        return False  # feedback comes from citizens through the public form

    def lookup_allowed(self, lookup, value, request=None):
        # Hidden columns must not be filterable through the URL either (?phone_digits=…, ?name__contains=…).
        if lookup.split("__")[0] in PERSONAL_LOOKUPS and not (request and sees_personal_data(request)):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_list_display(self, request):
        if sees_personal_data(request):
            return ["code", "name", "phone", "subject", "status", "due", "assignee", "created_at"]
        return self.list_display

    def get_search_fields(self, request):
        if sees_personal_data(request):
            return [*self.search_fields, "name", "phone", "email"]
        return self.search_fields

    def get_fieldsets(self, request, obj=None):
        sent = ["code", "created_at", "subject", "content", "procedure", "consent_publish"]
        sets = []
        if sees_personal_data(request):
            sets.append(("Người gửi (thông tin cá nhân)", {"fields": PERSONAL_FIELDS}))
        sets += [
            ("Nội dung gửi", {"fields": sent}),
            (
                "Xử lý",
                {
                    "fields": [
                        "status",
                        "assigned_to",
                        "due_date",
                        "answer",
                        "answering_unit",
                        "transferred_to",
                        "answered_at",
                    ]
                },
            ),
        ]
        if sees_personal_data(request):  # a mail error can quote the address
            sets.append(("Thư điện tử", {"fields": ["receipt_sent_at", "mail_error"]}))
        sets.append(
            (
                "Dữ liệu cá nhân",
                {"fields": ["consented_at", "removal_requested_at", "anonymised_at"]},
            )
        )
        sets.append(("Lần sửa cuối", {"fields": ["changed_by", "updated_at"]}))
        return sets

    def get_readonly_fields(self, request, obj=None):
        return [
            *PERSONAL_FIELDS,
            "code",
            "created_at",
            "subject",
            "content",
            "procedure",
            "consent_publish",
            "receipt_sent_at",
            "mail_error",
            "consented_at",
            "removal_requested_at",
            "anonymised_at",
            "changed_by",
            "updated_at",
        ]

    def get_inlines(self, request, obj):
        return [AttachmentInline] if sees_personal_data(request) else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            # the staff of the unit in scope (and of its province's administrators, and superusers)
            unit = units.current()
            theirs = Q(memberships__unit=unit) | Q(is_superuser=True)
            if unit.parent_id:
                theirs |= Q(memberships__unit=unit.parent_id, memberships__role=roles.ADMINISTRATOR)
            staff = get_user_model().objects.filter(is_staff=True, is_active=True)
            kwargs["queryset"] = staff.filter(pk__in=staff.filter(theirs).values("pk"))
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.label_from_instance = staff_name
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="cán bộ xử lý", ordering="assigned_to__last_name")
    def assignee(self, obj):
        return staff_name(obj.assigned_to) or "—"

    @admin.display(description="hạn xử lý", ordering="due_date")
    def due(self, obj):
        if obj.is_overdue:
            return format_html('<strong class="qua-han">{} — quá hạn</strong>', f"{obj.due_date:%d/%m/%Y}")
        return f"{obj.due_date:%d/%m/%Y}"

    def get_urls(self):
        download = path(
            "<int:object_id>/tep/<int:pk>/",
            self.admin_site.admin_view(self.attachment_view),
            name="citizens_feedback_attachment",
        )
        return [download, *super().get_urls()]

    def attachment_view(self, request, object_id, pk):
        """A feedback attachment, only for staff of the item's unit allowed to see personal data; never
        from /media/. Served in the admin, where the unit in scope is the one the person works in."""
        if not (self.has_view_permission(request) and sees_personal_data(request)):
            raise PermissionDenied
        item = get_object_or_404(FeedbackAttachment, pk=pk, feedback_id=object_id)  # of the unit in scope
        try:
            handle = item.file.open("rb")
        except FileNotFoundError:
            raise Http404("Tệp đính kèm này không còn trên máy chủ.") from None
        response = FileResponse(
            handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def save_model(self, request, obj, form, change):
        previous = Feedback.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        services.record_staff_change(
            feedback=obj,
            user=request.user,
            previous_status=previous,
            lookup_url=request.build_absolute_uri(reverse("citizens:feedback-lookup")),
        )

    def has_add_question_permission(self, request):
        return request.user.has_perm("citizens.add_question")

    @admin.action(
        description="Tạo bản nháp Hỏi đáp từ phản ánh đã trả lời (người gửi đồng ý công khai)",
        permissions=["add_question"],
    )
    def make_question(self, request, queryset):
        topic = QuestionTopic.objects.first()
        if topic is None:
            self.message_user(request, "Chưa có chủ đề hỏi đáp nào; hãy tạo chủ đề trước.", messages.ERROR)
            return
        eligible = queryset.filter(status="answered", consent_publish=True).exclude(answer="")
        made = [services.question_from_feedback(feedback=item, topic=topic) for item in eligible]
        skipped = queryset.count() - len(made)
        self.message_user(
            request,
            f"Đã tạo {len(made)} câu hỏi ở dạng nháp (chưa đăng): hãy xem lại, bỏ mọi thông tin cá nhân rồi "
            f"đánh dấu «Đã đăng». Bỏ qua {skipped} mục chưa trả lời hoặc người gửi không đồng ý công khai.",
            messages.SUCCESS,
        )


@admin.register(QuestionTopic)
class QuestionTopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["title", "topic", "answering_unit", "answered_on", "is_published"]
    list_filter = ["is_published", "topic"]
    search_fields = ["title", "question", "answer"]
    date_hierarchy = "answered_on"
    autocomplete_fields = ["topic"]
    fields = [
        "topic",
        "title",
        "question",
        "answer",
        "answering_unit",
        "answered_on",
        "is_published",
        "source",
    ]
    readonly_fields = ["source"]
    list_select_related = ["topic"]

    @admin.display(description="từ phản ánh")
    def source(self, obj):
        return obj.feedback.code if obj.feedback_id else "—"


@admin.register(UsefulnessVote)
class UsefulnessVoteAdmin(admin.ModelAdmin):
    list_display = ["created_at", "title", "path", "useful", "comment"]
    list_filter = ["useful"]
    search_fields = ["path", "title", "comment"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# the first segment of a page's address → the section readers know it by
SECTIONS = {
    "tin-tuc": "Tin tức",
    "gioi-thieu": "Giới thiệu",
    "van-ban": "Văn bản",
    "thu-tuc-hanh-chinh": "Thủ tục hành chính",
    "mot-cua": "Một cửa",
    "tra-cuu-ho-so": "Tra cứu hồ sơ",
    "thong-ke-ho-so": "Thống kê hồ sơ",
    "tiep-cong-dan": "Tiếp công dân",
    "lich-cong-tac": "Lịch công tác",
    "hoi-dap": "Hỏi đáp",
    "lien-he": "Liên hệ",
}


def worst_first(rows):
    """Rows with yes and no counts, each given its share of "yes", the least useful first (then the most "no")."""
    rows = list(rows)
    for row in rows:
        total = row["yes"] + row["no"]
        row["share"] = row["yes"] / total if total else None
    return sorted(rows, key=lambda r: (r["share"] if r["share"] is not None else 2, -r["no"]))


@admin.register(UsefulnessReport)
class UsefulnessReportAdmin(admin.ModelAdmin):
    """Per page: how many said yes or no, and how many left a comment (the comments are in the votes list)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = list(
            UsefulnessVote.objects.values("path")
            .annotate(
                title=Max("title"),
                yes=Count("pk", filter=Q(useful=True)),
                no=Count("pk", filter=Q(useful=False)),
                comments=Count("pk", filter=~Q(comment="")),
                last=Max("created_at"),
            )
            .order_by()
        )
        sections = {}
        for row in rows:
            segment = row["path"].strip("/").split("/", 1)[0]
            section = sections.setdefault(
                segment,
                {
                    "name": SECTIONS.get(segment, f"/{segment}/" if segment else "Trang chủ"),
                    "yes": 0,
                    "no": 0,
                },
            )
            section["yes"] += row["yes"]
            section["no"] += row["no"]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Trang này có hữu ích không? — theo trang và chuyên mục",
            "rows": worst_first(rows),
            "sections": worst_first(sections.values()),
            "votes_url": reverse("admin:citizens_usefulnessvote_changelist"),
        }
        return TemplateResponse(request, "admin/citizens/usefulness_report.html", context)
