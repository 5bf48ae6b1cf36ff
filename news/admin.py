from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.html import format_html

from news import services
from news.models import (
    VALIDITY_FILTERS,
    Article,
    ArticleEvent,
    ArticleStatus,
    Category,
    Document,
    Page,
    ProfileItem,
    ValidityState,
)
from portal import units
from portal.admin_site import staff_name


class ProfileItemFilter(admin.SimpleListFilter):
    """The profile's items (NĐ 224/2026 Điều 9 khoản 1 điểm c): those not published yet (the admin's home
    links here), all of them, one of them, or the other pages."""

    title = "mục giới thiệu bắt buộc"
    parameter_name = "muc"
    NOT_PUBLISHED, ALL, NONE = "chua-cong-khai", "bat-buoc", "khac"

    def lookups(self, request, model_admin):
        return [
            (self.NOT_PUBLISHED, "Mục bắt buộc chưa công khai"),
            (self.ALL, "Tất cả mục bắt buộc"),
            *ProfileItem.choices,
            (self.NONE, "Trang giới thiệu khác"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.NOT_PUBLISHED:
            return queryset.exclude(profile_item="").filter(is_published=False)
        if value == self.ALL:
            return queryset.exclude(profile_item="")
        if value == self.NONE:
            return queryset.filter(profile_item="")
        if value in ProfileItem.values:
            return queryset.filter(profile_item=value)
        return queryset


PROFILE_NOTE = (
    "Mục giới thiệu bắt buộc: Nghị định 224/2026/NĐ-CP (Điều 9 khoản 1 điểm c) yêu cầu công bố tổ chức bộ "
    "máy hành chính, điều kiện tự nhiên, lịch sử, truyền thống văn hóa, di tích, danh thắng; mỗi mục một "
    "trang. Trang của một mục không xóa được và không đổi sang mục khác: hãy sửa tiêu đề, nội dung, đánh "
    "dấu «công khai» khi viết xong, và cập nhật ngay khi thông tin thay đổi (Điều 9 khoản 3)."
)


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "profile_item",
        "order",
        "show_in_menu",
        "show_officials",
        "is_published",
        "updated_at",
    ]
    list_editable = ["order"]
    list_filter = [ProfileItemFilter, "is_published", "show_in_menu"]
    search_fields = ["title", "summary"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        ("Mục giới thiệu bắt buộc", {"fields": ["profile_item"], "description": PROFILE_NOTE}),
        ("Hiển thị", {"fields": ["order", "show_in_menu", "show_officials", "is_published"]}),
    ]
    view_on_site = True

    def get_readonly_fields(self, request, obj=None):
        # an item's page stays that item: the unit always has one page per item (news.profile)
        if obj is not None and obj.profile_item:
            return [*super().get_readonly_fields(request, obj), "profile_item"]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        # the decree asks for every item: its page is edited or unpublished, never deleted (the bulk
        # action checks each page with this too, and refuses when one of them is an item's)
        if obj is not None and obj.profile_item:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "show_on_home", "is_notice"]
    list_editable = ["order", "show_on_home"]
    search_fields = ["name"]
    view_on_site = True


class ArticleEventInline(admin.TabularInline):
    model = ArticleEvent
    verbose_name_plural = "Lịch sử bài viết"
    fields = ["at", "action", "actor_name", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-at", "-pk"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description="người thực hiện")
    def actor_name(self, obj):
        return staff_name(obj.actor) or "—"

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("news.view_article")


EDITOR_ONLY_FIELDS = ["status", "published_at", "featured"]
SUBMIT, PUBLISH_NOW = "_gui_duyet", "_xuat_ban"


class WaitingFilter(admin.SimpleListFilter):
    """What waits for a reporter besides the statuses: the drafts an editor sent back (the admin's home)."""

    title = "việc chờ"
    parameter_name = "viec"

    def lookups(self, request, model_admin):
        return [("tra-lai", "Bị trả lại để sửa")]

    def queryset(self, request, queryset):
        if self.value() == "tra-lai":
            return queryset.returned()
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    change_form_template = "admin/news/article/change_form.html"
    list_display = [
        "title",
        "category",
        "status_label",
        "published_at",
        "featured",
        "author_name",
        "view_count",
    ]
    list_filter = ["status", WaitingFilter, "category", "featured"]
    quick_filters = [
        ("Chờ duyệt", "status__exact=cho-duyet"),
        ("Bị trả lại để sửa", "viec=tra-lai"),
        ("Bản nháp", "status__exact=nhap"),
        ("Tin nổi bật", "featured__exact=1"),
        ("Đã gỡ", "status__exact=da-go"),
    ]
    search_fields = ["title", "summary"]
    date_hierarchy = "published_at"
    list_select_related = ["category"]
    inlines = [ArticleEventInline]
    actions = ["publish_selected", "withdraw_selected"]
    view_on_site = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "summary", "body"]}),
        ("Ảnh đại diện", {"fields": ["cover", "cover_alt", "cover_caption"]}),
        ("Tác giả và nguồn", {"fields": ["author_name", "source"]}),
        ("Xuất bản", {"fields": ["status", "published_at", "featured", "view_count"]}),
    ]

    @admin.display(description="trạng thái", ordering="status")
    def status_label(self, obj):
        label = obj.get_status_display()
        if obj.is_scheduled:
            label = f"Hẹn giờ {timezone.localtime(obj.published_at):%d/%m/%Y %H:%M}"
        return format_html('<span class="trang-thai trang-thai-{}">{}</span>', obj.status, label)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if services.can_publish(request.user):
            return qs
        return qs.filter(created_by=request.user)

    def get_readonly_fields(self, request, obj=None):
        if services.can_publish(request.user):
            return ["view_count"]
        return [*EDITOR_ONLY_FIELDS, "view_count"]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or services.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and services.can_publish(request.user)

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["can_submit"] = obj is None or obj.status == ArticleStatus.DRAFT
        context["can_publish"] = services.can_publish(request.user)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def save_model(self, request, obj, form, change):
        old = Article.objects.filter(pk=obj.pk).values("status", "published_at").first() if change else {}
        if SUBMIT in request.POST and obj.status == ArticleStatus.DRAFT:
            obj.status = ArticleStatus.REVIEW
        elif PUBLISH_NOW in request.POST:
            if not services.can_publish(request.user):
                raise PermissionDenied
            obj.status = ArticleStatus.PUBLISHED
            if not obj.published_at:
                obj.published_at = timezone.now()
        changed = [
            str(form.fields[name].label) for name in form.changed_data if name not in EDITOR_ONLY_FIELDS
        ]
        services.save_article(
            article=obj,
            user=request.user,
            is_new=not change,
            old_status=old.get("status"),
            old_published_at=old.get("published_at"),
            changed_fields=changed,
        )
        if obj.status == ArticleStatus.REVIEW and old.get("status") != ArticleStatus.REVIEW:
            messages.info(request, "Bài đã được gửi cho biên tập viên duyệt.")
        elif obj.is_scheduled and old.get("published_at") != obj.published_at:
            when = timezone.localtime(obj.published_at)
            messages.info(request, f"Bài sẽ tự hiện trên cổng lúc {when:%H:%M} ngày {when:%d/%m/%Y}.")

    @admin.action(description="Xuất bản ngay các bài đã chọn", permissions=["publish"])
    def publish_selected(self, request, queryset):
        done = 0
        for article in queryset.exclude(status=ArticleStatus.PUBLISHED):
            services.publish(article=article, user=request.user)
            done += 1
        self.message_user(request, f"Đã xuất bản {done} bài.", messages.SUCCESS)

    @admin.action(description="Gỡ các bài đã chọn khỏi cổng", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        done = 0
        for article in queryset.filter(status=ArticleStatus.PUBLISHED):
            services.withdraw(article=article, user=request.user)
            done += 1
        self.message_user(request, f"Đã gỡ {done} bài.", messages.SUCCESS)


class ValidityFilter(admin.SimpleListFilter):
    """The validity a reader sees today (the dates applied), as on the public list."""

    title = "tình trạng hiệu lực"
    parameter_name = "hieu-luc"

    def lookups(self, request, model_admin):
        return VALIDITY_FILTERS

    def queryset(self, request, queryset):
        if self.value() in dict(VALIDITY_FILTERS):
            return queryset.in_state(self.value(), timezone.localdate())
        return queryset


OTHER_UNIT = "Chỉ chọn được văn bản của cùng đơn vị."


class DocumentForm(forms.ModelForm):
    """Its fields come from the admin (an import-time ModelForm would query documents with no unit in scope)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("replaced_by", "amended_by"):  # a choice outside the unit's documents
            if name in self.fields:
                self.fields[name].error_messages["invalid_choice"] = OTHER_UNIT

    def clean_amended_by(self):
        amending = self.cleaned_data.get("amended_by")
        if not amending:
            return amending
        if self.instance.pk and any(doc.pk == self.instance.pk for doc in amending):
            raise forms.ValidationError("Một văn bản không thể sửa đổi, bổ sung chính nó.")
        unit_id = self.instance.unit_id or units.current_id()
        if any(doc.unit_id != unit_id for doc in amending):
            raise forms.ValidationError(OTHER_UNIT)
        issued = self.cleaned_data.get("issued_on")
        earlier = [doc.number for doc in amending if issued and doc.issued_on < issued]
        if earlier:
            raise forms.ValidationError(
                f"Văn bản sửa đổi, bổ sung phải ban hành cùng ngày hoặc sau văn bản này: {', '.join(earlier)}."
            )
        return amending


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    form = DocumentForm
    list_display = ["number", "doc_type", "issuer", "issued_on", "validity_column", "is_published"]
    list_filter = [ValidityFilter, "doc_type", "is_published", "issuer"]
    search_fields = ["number", "summary", "issuer", "signer"]
    date_hierarchy = "issued_on"
    autocomplete_fields = ["related_articles", "replaced_by", "amended_by"]
    list_select_related = ["replaced_by"]
    view_on_site = True
    fieldsets = [
        (None, {"fields": ["doc_type", "number", "summary", "issuer", "signer"]}),
        ("Ngày tháng", {"fields": ["issued_on"]}),
        (
            "Hiệu lực",
            {
                "fields": [
                    "validity",
                    ("effective_on", "expires_on"),
                    "replaced_by",
                    "amended_by",
                    "validity_note",
                ]
            },
        ),
        ("Tệp và liên kết", {"fields": ["file", "related_articles", "slug", "is_published"]}),
    ]

    @admin.display(description="hiệu lực", ordering="validity")
    def validity_column(self, obj):
        state = obj.validity_state
        if obj.replaced_by_id and state == ValidityState.EXPIRED:
            return f"{state.label} (thay thế bởi {obj.replaced_by.number})"
        return state.label
