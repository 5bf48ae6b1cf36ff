import os

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from news import proposals, services, versions
from news.models import (
    VALIDITY_FILTERS,
    Article,
    ArticleEvent,
    ArticleProposal,
    ArticleStatus,
    Category,
    Document,
    Page,
    Photo,
    ProfileItem,
    ProposalStatus,
    ValidityState,
)
from portal import units
from portal.admin_site import staff_name
from portal.richtext import sanitize_html


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


class ArticleForm(forms.ModelForm):
    def _post_clean(self):
        # the model's clean() takes a newly chosen library photo's texts, except those typed here
        self.instance.typed_cover_texts = {
            n for n in ("cover_alt", "cover_caption") if n in self.changed_data
        }
        super()._post_clean()


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    change_form_template = "admin/news/article/change_form.html"

    class Media:
        js = ["js/article_autosave.js", "js/focal_point.js"]

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
    actions = ["publish_selected", "withdraw_selected", "propose_selected"]
    view_on_site = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "summary", "body"]}),
        (
            "Ảnh đại diện",
            {
                "fields": [
                    "cover_source",
                    "cover",
                    "cover_preview",
                    "cover_alt",
                    "cover_caption",
                    ("cover_focus_x", "cover_focus_y"),
                ]
            },
        ),
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

    raw_id_fields = ["cover_source"]  # opens the photo library's list, with its thumbnails, to pick one

    def get_readonly_fields(self, request, obj=None):
        if services.can_publish(request.user):
            return ["view_count", "cover_preview"]
        return [*EDITOR_ONLY_FIELDS, "view_count", "cover_preview"]

    @admin.display(description="ảnh hiện tại")
    def cover_preview(self, obj):
        if obj is None or not obj.cover:
            return "Chưa có ảnh. Tải ảnh lên hoặc chọn từ thư viện, rồi lưu để chọn điểm nhấn của ảnh."
        picture = obj.cover_picture()
        return focal_picker(
            picture["src"] if picture else obj.cover.url,
            obj.cover_alt,
            "id_cover_focus_x",
            "id_cover_focus_y",
        )

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or services.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and services.can_publish(request.user)

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    def get_object(self, request, object_id, from_field=None):
        """A published article with a pending change opens with that change in the form (readers still see
        the live text until it is published)."""
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and obj.status == ArticleStatus.PUBLISHED:
            obj._pending = versions.pending_of(obj)
            if obj._pending is not None and request.method == "GET":
                versions.apply(obj, obj._pending.data)
        if obj is not None and request.method == "GET":
            obj._autosave = versions.autosave_of(obj, request.user)
            if obj._autosave is not None and "tu-luu" in request.GET:
                versions.apply(obj, obj._autosave.data, versions.AUTOSAVED)  # «Khôi phục bản tự lưu»
                obj._autosave_restored = True
        return obj

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["can_submit"] = obj is None or obj.status == ArticleStatus.DRAFT
        context["can_publish"] = services.can_publish(request.user)
        context["is_live"] = obj is not None and obj.status == ArticleStatus.PUBLISHED
        context["pending"] = getattr(obj, "_pending", None)
        if obj is not None and obj.pk and proposals.province_of(units.current(required=False)) is not None:
            # a commune's article: its proposal to the province (and its outcome), or the button to propose it
            context["proposal"] = ArticleProposal.objects.filter(article=obj).first()
            context["can_propose"] = (
                self.has_propose_permission(request)
                and obj.is_public
                and (context["proposal"] is None or context["proposal"].status == ProposalStatus.DECLINED)
            )
        if obj is not None and obj.pk:
            context["versions_url"] = reverse("admin:news_article_versions", args=[obj.pk])
            context["version_count"] = obj.versions.filter(number__isnull=False).count()
            context["autosave"] = getattr(obj, "_autosave", None)
            context["autosave_restored"] = getattr(obj, "_autosave_restored", False)
            if self.has_change_permission(request, obj):
                context["autosave_url"] = reverse("admin:news_article_autosave", args=[obj.pk])
                context["autosave_discard_url"] = reverse(
                    "admin:news_article_discard_autosave", args=[obj.pk]
                )
        elif obj is None and self.has_add_permission(request):
            # a new article is autosaved too, before its first save: the person gets it back on «Thêm»
            context["autosave_url"] = reverse("admin:news_article_autosave_new")
            context["autosave_discard_url"] = reverse("admin:news_article_discard_new_autosave")
            kept = versions.new_autosave_of(request.user)
            context["autosave_restored"] = kept is not None and "tu-luu" in request.GET
            context["autosave"] = kept
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        kept = versions.new_autosave_of(request.user) if "tu-luu" in request.GET else None
        if kept is not None:  # «Khôi phục bản tự lưu» of a new article: the add form shows it
            initial.update({name: kept.data[name] for name in versions.AUTOSAVED if name in kept.data})
            initial["category"] = kept.data.get("category_id")
            initial.pop("category_id", None)
        return initial

    def save_model(self, request, obj, form, change):
        if change:
            versions.ensure_baseline(obj.pk)  # the text as it stood, before this save replaces it
            versions.discard_autosave(obj, request.user)  # saved for real: the safety copy has done its job
        else:
            versions.discard_autosave(None, request.user)
        old = Article.objects.filter(pk=obj.pk).values("status", "published_at").first() if change else {}
        if (
            change
            and old.get("status") == ArticleStatus.PUBLISHED
            and obj.status == ArticleStatus.PUBLISHED
            and PUBLISH_NOW not in request.POST
        ):
            return self._keep_as_pending(request, obj, form, old)
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
        if PUBLISH_NOW in request.POST and versions.discard_pending(obj):
            messages.info(request, "Thay đổi chờ xuất bản đã được đưa lên cổng.")
        self._add_to_library(request, obj, form)
        if obj.status == ArticleStatus.REVIEW and old.get("status") != ArticleStatus.REVIEW:
            messages.info(request, "Bài đã được gửi cho biên tập viên duyệt.")
        elif obj.is_scheduled and old.get("published_at") != obj.published_at:
            when = timezone.localtime(obj.published_at)
            messages.info(request, f"Bài sẽ tự hiện trên cổng lúc {when:%H:%M} ngày {when:%d/%m/%Y}.")

    def _add_to_library(self, request, article, form):
        """A cover uploaded with the article (not chosen from the library) goes into the library too, with
        its description, caption and focal point, so that the next article can reuse it."""
        if "cover" not in form.changed_data:
            return
        article = Article.objects.filter(pk=article.pk).first()
        if article is None or not article.cover or not article.cover_alt.strip():
            return
        if article.cover_source_id and "cover_source" in form.changed_data:
            return  # it came from the library
        with article.cover.open("rb") as original:
            data = original.read()
        photo = Photo(
            alt=article.cover_alt,
            caption=article.cover_caption,
            focus_x=article.cover_focus_x,
            focus_y=article.cover_focus_y,
            uploaded_by=request.user,
        )
        photo.image.save(os.path.basename(article.cover.name), ContentFile(data), save=False)
        photo.save()
        Article.objects.filter(pk=article.pk).update(cover_source=photo)
        messages.info(request, "Ảnh đại diện mới đã được thêm vào thư viện ảnh để dùng lại cho bài khác.")

    def _keep_as_pending(self, request, obj, form, old):
        """«Lưu» on a published article: its text is kept as the pending change; the live article keeps its
        text (only its other fields — featured, cover photo, publishing time — change at once)."""
        live = Article.objects.get(pk=obj.pk)
        data = versions.snapshot(obj)
        if data != versions.snapshot(live):
            versions.keep_pending(live, data, request.user)
            services.record(
                article=live,
                action=ArticleEvent.Action.CHANGED,
                user=request.user,
                note="Lưu thay đổi chờ xuất bản",
            )
            messages.info(
                request,
                "Thay đổi đã được lưu thành bản chờ xuất bản: người đọc vẫn thấy bài cũ cho tới khi biên tập viên "
                "bấm «Lưu và xuất bản».",
            )
        other = [name for name in form.changed_data if name not in versions.VERSIONED and name != "category"]
        if other:
            for name in other:
                setattr(live, name, getattr(obj, name))
            services.save_article(
                article=live,
                user=request.user,
                is_new=False,
                old_status=live.status,
                old_published_at=old["published_at"],
                changed_fields=[
                    str(form.fields[name].label) for name in other if name not in EDITOR_ONLY_FIELDS
                ],
            )
            self._add_to_library(request, live, form)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/phien-ban/", view(self.versions_view), name="news_article_versions"),
            path(
                "<int:pk>/phien-ban/<int:number>/khoi-phuc/",
                view(self.restore_view),
                name="news_article_restore",
            ),
            path("<int:pk>/phien-ban/bo-ban-cho/", view(self.discard_view), name="news_article_discard"),
            path("xem-truoc/", view(self.preview_view), name="news_article_preview"),
            path("<int:pk>/tu-luu/", view(self.autosave_view), name="news_article_autosave"),
            path("tu-luu/", view(self.autosave_view), name="news_article_autosave_new"),
            path("tu-luu/bo/", view(self.discard_autosave_view), name="news_article_discard_new_autosave"),
            path(
                "<int:pk>/tu-luu/bo/", view(self.discard_autosave_view), name="news_article_discard_autosave"
            ),
            path("<int:pk>/xem-truoc/", view(self.preview_view), name="news_article_preview_existing"),
            path("<int:pk>/de-xuat/", view(self.propose_view), name="news_article_propose"),
            path("xem-truoc/<str:token>/", view(self.preview_frames), name="news_article_preview_frames"),
            *super().get_urls(),
        ]

    def _article(self, request, pk, edit=False):
        article = self.get_queryset(request).select_related("category").filter(pk=pk).first()
        if article is None:
            raise Http404("Không có bài viết này.")
        allowed = (
            self.has_change_permission(request, article)
            if edit
            else self.has_view_permission(request, article)
        )
        if not allowed:
            raise PermissionDenied
        return article

    def versions_view(self, request, pk):
        """/quan-tri/news/article/<id>/phien-ban/: the stored versions, the pending change, and a readable
        comparison of any of them (?so-sanh=<n>, or ?so-sanh=cho) with the live text."""
        article = self._article(request, pk)
        stored = list(article.versions.filter(is_autosave=False).select_related("created_by"))
        pending = next((v for v in stored if v.is_pending), None)
        asked = request.GET.get("so-sanh", "")
        compared = None
        if asked == "cho" and pending is not None:
            compared = pending
        elif asked.isdigit():
            compared = next((v for v in stored if v.number == int(asked)), None)
        names = dict(Category.objects.values_list("pk", "name"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Các phiên bản của bài «{article.title}»",
            "article": article,
            "versions": [v for v in stored if not v.is_pending],
            "pending": pending,
            "compared": compared,
            "changes": versions.compare(versions.snapshot(article), compared.data, names)
            if compared
            else None,
            "may_edit": self.has_change_permission(request, article),
            "may_publish": services.can_publish(request.user),
            "is_live": article.status == ArticleStatus.PUBLISHED,
            "preview_url": f"{article.get_absolute_url()}?ban-cho=1" if pending else "",
        }
        return TemplateResponse(request, "admin/news/article/versions.html", context)

    def restore_view(self, request, pk, number):
        """Restore version ``number``: the pending change of a published article, or the text of a draft."""
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:news_article_versions", args=[pk]))
        article = self._article(request, pk, edit=True)
        version = article.versions.filter(number=number, is_pending=False).first()
        if version is None:
            raise Http404("Không có phiên bản này.")
        versions.ensure_baseline(article.pk)
        if article.status == ArticleStatus.PUBLISHED:
            versions.keep_pending(article, version.data, request.user)
            services.record(
                article=article,
                action=ArticleEvent.Action.CHANGED,
                user=request.user,
                note=f"Khôi phục phiên bản {number} thành bản chờ xuất bản",
            )
            self.message_user(
                request,
                f"Phiên bản {number} đã thành bản chờ xuất bản; bấm «Lưu và xuất bản» để đưa lên cổng.",
                messages.INFO,
            )
        else:
            versions.apply(article, version.data)
            services.save_article(
                article=article,
                user=request.user,
                is_new=False,
                old_status=article.status,
                changed_fields=[f"khôi phục phiên bản {number}"],
            )
            self.message_user(request, f"Đã khôi phục phiên bản {number}.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))

    def preview_view(self, request, pk=None):
        """«Xem trước» on the article form: the text as typed, not saved, shown as readers will see it at phone
        and desktop width. The form's values are checked as a save would check them; nothing is written."""
        if request.method != "POST":
            raise Http404("Hãy bấm «Xem trước» trong trang viết bài.")
        article = self._article(request, pk, edit=True) if pk else None
        if article is None and not self.has_add_permission(request):
            raise PermissionDenied
        form = self.get_form(request, article, change=article is not None)(
            request.POST, request.FILES, instance=article
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Xem trước bài viết",
        }
        if not form.is_valid():
            context["errors"] = [
                f"{form.fields[name].label if name in form.fields else 'Bài viết'}: {' '.join(errs)}"
                for name, errs in form.errors.items()
            ]
            return TemplateResponse(request, "admin/news/article/preview.html", context, status=400)
        draft = form.save(commit=False)
        data = versions.snapshot(draft)
        data["body"] = sanitize_html(data["body"])
        token = versions.keep_preview(
            unit_id=units.current().pk, user_id=request.user.pk, article_id=pk, data=data
        )
        if token is None:
            context["errors"] = [
                "Chưa xem trước được lúc này (bộ nhớ đệm không hoạt động). Bài chưa bị thay đổi gì."
            ]
            return TemplateResponse(request, "admin/news/article/preview.html", context, status=503)
        return HttpResponseRedirect(reverse("admin:news_article_preview_frames", args=[token]))

    def preview_frames(self, request, token):
        kept = versions.preview_of(token, unit_id=units.current().pk, user_id=request.user.pk)
        if kept is None:
            raise Http404("Bản xem trước đã hết hạn; hãy bấm «Xem trước» lại.")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Xem trước: {kept['data']['title']}",
            "page_url": reverse("news:article-preview", args=[token]),
        }
        return TemplateResponse(request, "admin/news/article/preview.html", context)

    def autosave_view(self, request, pk=None):
        """The form's text, posted every few seconds by js/article_autosave.js: kept as the person's autosave
        of the article (of the new article they are writing, without ``pk``)."""
        if request.method != "POST":
            raise Http404("Chỉ nhận nội dung gửi từ trang sửa bài.")
        if pk is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            article, current = None, Article()
        else:
            article = current = self._article(request, pk, edit=True)
        kept = versions.autosave(article, request.user, versions.autosave_data(request.POST, current))
        return JsonResponse({"luc": f"{timezone.localtime(kept.created_at):%H:%M:%S}"})

    def discard_autosave_view(self, request, pk=None):
        back = reverse("admin:news_article_change", args=[pk]) if pk else reverse("admin:news_article_add")
        if request.method != "POST":
            return HttpResponseRedirect(back)
        article = self._article(request, pk, edit=True) if pk else None
        versions.discard_autosave(article, request.user)
        self.message_user(request, "Đã bỏ bản tự lưu.", messages.INFO)
        return HttpResponseRedirect(back)

    def discard_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:news_article_versions", args=[pk]))
        article = self._article(request, pk, edit=True)
        if versions.discard_pending(article):
            services.record(
                article=article,
                action=ArticleEvent.Action.CHANGED,
                user=request.user,
                note="Bỏ bản chờ xuất bản",
            )
            self.message_user(request, "Đã bỏ bản chờ xuất bản; bài trên cổng giữ nguyên.", messages.INFO)
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))

    def has_propose_permission(self, request):
        # a province, a lone commune: nowhere to propose to (the action and the button are not offered)
        return (
            request.user.has_perm("news.add_articleproposal")
            and proposals.province_of(units.current(required=False)) is not None
        )

    def propose_view(self, request, pk):
        """«Đề xuất lên cổng tỉnh» on the article's form (POST): the article goes to the province's editors."""
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:news_article_change", args=[pk]))
        article = self._article(request, pk)
        if not self.has_propose_permission(request):
            raise PermissionDenied
        self._propose(request, [article])
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))

    def _propose(self, request, articles):
        done = 0
        for article in articles:
            try:
                proposals.propose(article, request.user)
                done += 1
            except proposals.ProposalError as error:
                self.message_user(request, str(error), messages.WARNING)
        if done:
            self.message_user(
                request,
                f"Đã đề xuất {done} bài lên cổng tỉnh. Kết quả xét hiện ở bài viết và ở mục «Tin đề xuất lên "
                "cổng tỉnh».",
                messages.SUCCESS,
            )

    @admin.action(description="Đề xuất lên cổng tỉnh các bài đã chọn", permissions=["propose"])
    def propose_selected(self, request, queryset):
        self._propose(request, list(queryset))

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


def focal_picker(src, alt, x_input, y_input):
    """The photo with a marker on its focal point; a click on it sets the two inputs (js/focal_point.js)."""
    return format_html(
        '<span class="focal-frame"><img src="{}" alt="{}" data-focal-x="{}" data-focal-y="{}">'
        '<span class="focal-marker" aria-hidden="true"></span></span>'
        '<span class="help">Bấm vào chỗ quan trọng nhất của ảnh (khuôn mặt, vật chính): khi ảnh bị cắt cho '
        "vừa khung trong danh sách tin, chỗ đó luôn được giữ lại.</span>",
        src,
        alt,
        x_input,
        y_input,
    )


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    """The unit's photo library: photos with their description (required), caption and focal point, chosen
    as articles' covers («Chọn từ thư viện ảnh» on the article form)."""

    class Media:
        js = ["js/focal_point.js"]

    list_display = ["thumbnail", "alt", "caption", "uploaded_by_name", "created_at", "used_in"]
    list_display_links = ["thumbnail", "alt"]
    search_fields = ["alt", "caption", "credit"]
    list_filter = ["created_at"]
    list_per_page = 40
    fields = ["image", "preview", "alt", "caption", "credit", ("focus_x", "focus_y")]
    readonly_fields = ["preview"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("uploaded_by").annotate(n_articles=Count("articles"))
        )

    @admin.display(description="ảnh")
    def thumbnail(self, obj):
        return format_html(
            '<img class="library-thumb" src="{}" alt="" width="120" height="80" loading="lazy">',
            obj.thumbnail_url(),
        )

    @admin.display(description="người tải lên", ordering="uploaded_by__last_name")
    def uploaded_by_name(self, obj):
        return staff_name(obj.uploaded_by) or "—"

    @admin.display(description="dùng trong", ordering="n_articles")
    def used_in(self, obj):
        return f"{obj.n_articles} bài" if obj.n_articles else "—"

    @admin.display(description="ảnh hiện tại")
    def preview(self, obj):
        if obj is None or not obj.image:
            return "Tải ảnh lên rồi lưu để chọn điểm nhấn của ảnh."
        return focal_picker(obj.thumbnail_url(), obj.alt, "id_focus_x", "id_focus_y")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


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


class ProposalStatusFilter(admin.SimpleListFilter):
    title = "kết quả"
    parameter_name = "ket-qua"

    def lookups(self, request, model_admin):
        return ProposalStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(ArticleProposal)
class ArticleProposalAdmin(admin.ModelAdmin):
    """«Tin đề xuất lên cổng tỉnh»: a commune sees the proposals it made and their outcome; the province sees
    those the communes sent it and decides each («Xét»). Proposals are made from the article (its button, or
    the action of the list of articles), never added here."""

    list_display = [
        "article_title",
        "commune",
        "proposed_on",
        "status_label",
        "decided_on",
        "reason",
        "decide",
    ]
    list_filter = [ProposalStatusFilter]
    quick_filters = [("Chờ tỉnh xét", "ket-qua=cho-xet"), ("Đã nhận đăng", "ket-qua=da-nhan")]
    list_display_links = None
    search_fields = ["article__title"]

    def _is_province(self, request):
        unit = units.current(required=False)
        return unit is not None and unit.is_province

    def get_queryset(self, request):
        if self._is_province(request):
            queryset = proposals.addressed_to(units.current())
        else:
            queryset = super().get_queryset(request)
        return queryset.select_related("article")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def can_decide(self, request):
        return self._is_province(request) and request.user.has_perm("news.decide_articleproposal")

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        if not self.can_decide(request):  # a commune: its own proposals, nothing to decide
            shown.remove("decide")
        if not self._is_province(request):
            shown.remove("commune")
        return shown

    @admin.display(description="bài viết", ordering="article__title")
    def article_title(self, obj):
        return obj.article.title

    @admin.display(description="xã, phường đề xuất")
    def commune(self, obj):
        unit = units.unit_by_id(obj.unit_id)
        return unit.unit_name if unit else ""

    @admin.display(description="ngày đề xuất", ordering="proposed_at")
    def proposed_on(self, obj):
        return f"{timezone.localtime(obj.proposed_at):%d/%m/%Y %H:%M}"

    @admin.display(description="ngày xét", ordering="decided_at")
    def decided_on(self, obj):
        return f"{timezone.localtime(obj.decided_at):%d/%m/%Y %H:%M}" if obj.decided_at else ""

    @admin.display(description="kết quả", ordering="status")
    def status_label(self, obj):
        return format_html(
            '<span class="trang-thai de-xuat-{}">{}</span>', obj.status, obj.get_status_display()
        )

    @admin.display(description="")
    def decide(self, obj):
        label = "Xét" if obj.status == ProposalStatus.WAITING else "Xem, xét lại"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:news_articleproposal_decide", args=[obj.pk]), label
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A proposal has no form of its own: the province decides it on «Xét», the commune reads it on its
        article."""
        proposal = self.get_queryset(request).filter(pk=object_id).first() if object_id.isdigit() else None
        if proposal is None:
            raise Http404("Không có đề xuất này.")
        if self.can_decide(request):
            return HttpResponseRedirect(reverse("admin:news_articleproposal_decide", args=[proposal.pk]))
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[proposal.article_id]))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/xet/", view(self.decide_view), name="news_articleproposal_decide"),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        """/quan-tri/news/articleproposal/<id>/xet/: the province's editor reads the proposal (and opens the
        article on the commune's site), then accepts it or declines it with a reason."""
        if not self.can_decide(request):
            raise PermissionDenied
        proposal = self.get_queryset(request).filter(pk=pk).first()
        if proposal is None:
            raise Http404("Không có đề xuất này.")
        error = ""
        if request.method == "POST":
            choice = request.POST.get("quyet-dinh")
            if choice in ("nhan", "tu-choi"):
                try:
                    proposals.decide(proposal, request.user, choice == "nhan", request.POST.get("ly-do", ""))
                except proposals.ProposalError as problem:
                    error = str(problem)
                else:
                    done = "Đã nhận đăng" if choice == "nhan" else "Đã từ chối"
                    self.message_user(request, f"{done} tin «{proposal.article.title}».", messages.SUCCESS)
                    return HttpResponseRedirect(reverse("admin:news_articleproposal_changelist"))
            else:
                error = "Hãy chọn nhận đăng hoặc từ chối."
        unit = units.unit_by_id(proposal.unit_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Xét tin đề xuất: {proposal.article.title}",
            "proposal": proposal,
            "commune": unit,
            "article_url": units.site_url(unit, request, proposal.article.get_absolute_url()) if unit else "",
            "is_public": proposal.article.is_public,
            "error": error,
            "reason": request.POST.get("ly-do", "") if request.method == "POST" else proposal.reason,
        }
        return TemplateResponse(request, "admin/news/articleproposal/decide.html", context)
