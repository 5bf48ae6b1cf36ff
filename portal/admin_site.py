import logging

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse

logger = logging.getLogger(__name__)

BAD_FILTER_MESSAGE = (
    "Bộ lọc hoặc từ khóa trong địa chỉ có giá trị không dùng được (chẳng hạn một năm, một ngày hay một số "
    "ngoài khoảng cho phép), nên đã được bỏ qua: dưới đây là toàn bộ danh sách. Hãy chọn lại bộ lọc ở cột "
    "bên phải."
)
BAD_SELECTION_MESSAGE = (
    "Danh sách mục đã chọn gửi lên không hợp lệ nên chưa thực hiện thao tác nào. Hãy chọn lại các mục "
    "trong danh sách rồi thực hiện lại."
)
BAD_PREFILL_MESSAGE = "Giá trị điền sẵn trong địa chỉ cho ô «{}» không hợp lệ nên đã được bỏ qua."


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"


class FilterInputMixin:
    """What an address or a form sends to the admin's pages is checked before it reaches the database.

    - A list page whose filters hold a value that cannot be used shows the whole list and says so.
      Django already turns most bad values (a choice that does not exist, "abc" for a number) into a
      redirect to the bare list (``?e=1``), without a word. Some it lets through as a 500: a year that
      overflows the date hierarchy (``?published_at__year=9999``, ``…=99999999999999999999``), a
      number too large for the database in a relation (``?groups=99999999999999999999``). Those are
      caught here and treated alike, and the bare list then carries a Vietnamese message; Django's
      "database error" page for a bad filter next to ``e=1`` is replaced by the same redirect.
    - An action sent with selected rows that are not row numbers (a forged or damaged form) does
      nothing and says so, instead of a 500.
    - An add form filled in from the address (``add/?published_at=…``) keeps only the values its
      fields accept; Django would fail rendering a date or a list of related rows it cannot read.
    """

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except IncorrectLookupParameters:
            self._refuse_filters(request)
            raise
        except (ValueError, OverflowError) as error:
            logger.info("admin list %s: filter ignored (%s)", request.get_full_path()[:200], error)
            self._refuse_filters(request)
            raise IncorrectLookupParameters(error) from error

    def _refuse_filters(self, request):
        request.portal_bad_filter = True
        messages.warning(request, BAD_FILTER_MESSAGE)

    def response_action(self, request, queryset, *args, **kwargs):
        key = self.opts.pk
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                key.run_validators(key.to_python(value))  # includes the database's range of the key
        except ValidationError:
            self.message_user(request, BAD_SELECTION_MESSAGE, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset, *args, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                form_field = self.opts.get_field(name).formfield()
            except FieldDoesNotExist:
                continue
            if form_field is None:
                continue
            if value in ("", [""]):  # nothing to fill in
                del initial[name]
                continue
            try:
                initial[name] = form_field.clean(value)
            except (ValidationError, ValueError, OverflowError):
                del initial[name]
                messages.warning(request, BAD_PREFILL_MESSAGE.format(form_field.label or name))
        return initial

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if (
            getattr(request, "portal_bad_filter", False)
            and ERROR_FLAG in request.GET
            and len(request.GET) > 1
        ):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return response


def staff_name(user):
    """«Họ và tên» in Vietnamese order: the family and middle names (``last_name``) before the given name
    (``first_name``), as the portal stores them; the username when neither is filled in."""
    if user is None:
        return ""
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


class StaffFilter(admin.RelatedOnlyFieldListFilter):
    """A list filter on a person: only the people the listed rows name, by «Họ và tên»."""

    def field_choices(self, field, request, model_admin):
        pks = model_admin.get_queryset(request).distinct().values_list(f"{field.name}__pk", flat=True)
        people = field.related_model._default_manager.filter(pk__in=pks)
        return sorted(((user.pk, staff_name(user)) for user in people), key=lambda choice: choice[1])


class StaffNamesMixin:
    """Wherever the admin offers or filters by a person, it names them as a Vietnamese reads a name
    (Django shows ``first_name last_name``, «thống Quản trị hệ», or the bare username)."""

    def _names_people(self, db_field, field):
        from django.contrib.auth import get_user_model

        if field is not None and db_field.related_model is get_user_model():
            field.label_from_instance = staff_name
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return self._names_people(db_field, super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return self._names_people(db_field, super().formfield_for_manytomany(db_field, request, **kwargs))

    def get_list_filter(self, request):
        from django.contrib.auth import get_user_model

        chosen = []
        for item in super().get_list_filter(request):
            name = item[0] if isinstance(item, (list, tuple)) else item
            if isinstance(name, str) and "__" not in name:
                try:
                    field = self.opts.get_field(name)
                except FieldDoesNotExist:
                    field = None
                if field is not None and getattr(field, "related_model", None) is get_user_model():
                    item = (name, StaffFilter)
            chosen.append(item)
        return chosen


class FoldedSearchMixin:
    """The list's search ignores diacritics and case in every text column it searches (portal.lookups):
    «ve sinh» finds «Vệ sinh», «nguyen» finds «Nguyễn». A field named with a prefix (``^``, ``=``, ``@``)
    or its own lookup keeps Django's meaning."""

    def get_search_fields(self, request):
        return [self._folded(name) for name in super().get_search_fields(request)]

    def _folded(self, name):
        if not isinstance(name, str) or name[:1] in "^=@":
            return name
        opts = self.opts
        field = None
        for part in name.split("__"):
            try:
                field = opts.get_field(opts.pk.name if part == "pk" else part)
            except FieldDoesNotExist:
                return name  # a lookup of its own, or a name Django will report
            if field.is_relation and field.related_model is not None:
                opts = field.related_model._meta
        if isinstance(field, (models.CharField, models.TextField)):
            return f"{name}__folded"
        return name


class QuickFiltersMixin:
    """«Lọc nhanh» above a list: the questions its users ask every day, each a link to the list filtered
    so (issue 17.2). A list names them in ``quick_filters``, (label, query string) pairs; the one whose
    filters are those in use is marked as current. (No class default here: this mixin comes before the
    list's own class, and would hide its ``quick_filters``.)"""

    def changelist_view(self, request, extra_context=None):
        from urllib.parse import parse_qsl

        quick_filters = getattr(self, "quick_filters", ())
        if quick_filters:
            in_use = sorted((k, v) for k, v in request.GET.items() if k not in {"o", "p", "q", "e"})
            extra_context = dict(extra_context or {})
            extra_context["quick_filters"] = [
                {"label": label, "url": f"?{query}", "current": sorted(parse_qsl(query)) == in_use}
                for label, query in quick_filters
            ]
        return super().changelist_view(request, extra_context)


class PortalAdminSite(admin.AdminSite):
    """The Django admin at /quan-tri/, titled with the unit's name from the site settings.

    Every model registered here, ours or Django's (users, groups), gets FilterInputMixin, so that
    no list page, present or future, can answer a hand-edited address with a 500, and
    FoldedSearchMixin, so that its search ignores diacritics, and QuickFiltersMixin for its «Lọc nhanh».
    """

    site_url = "/"
    # The app list beside every page took 300 px of a 1280 px screen and squeezed the lists' titles to a
    # word a line (issue 17.2); the home and the breadcrumbs lead everywhere it did.
    enable_nav_sidebar = False
    index_title = "Quản trị nội dung"

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, FilterInputMixin):
            admin_class = type(
                admin_class.__name__,
                (FilterInputMixin, StaffNamesMixin, FoldedSearchMixin, QuickFiltersMixin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def each_context(self, request):
        from portal import roles
        from portal.models import Unit

        context = super().each_context(request)
        site = Unit.load()
        context["site_header"] = f"Quản trị — {site.title}" if site.pk else "Quản trị cổng thông tin"
        context["site_title"] = site.title
        context["working_unit"] = site if site.pk else None
        context["several_units"] = request.user.is_authenticated and len(roles.units_of(request.user)) > 1
        return context

    def index(self, request, extra_context=None):
        """The admin's home starts with what waits for the person in the unit they work in (issue 17.1):
        each line a count and a link to the list filtered to those items."""
        from portal import units

        extra_context = dict(extra_context or {})
        from portal import guide

        unit = units.current(required=False)
        if unit is not None:
            extra_context["waiting"] = self.waiting(request)
        extra_context["guides"] = guide.pages_for(request.user, unit)
        return super().index(request, extra_context)

    def waiting(self, request):
        from django.utils import timezone

        from portal.contributions import Waiting, waiting_for
        from portal.models import Maintenance

        lines = waiting_for(request)
        if request.user.has_perm("portal.change_maintenance"):
            planned = Maintenance.objects.filter(starts_at__gt=timezone.now()).count()
            url = reverse("admin:portal_maintenance_changelist") + "?khi=sap-toi"
            lines.append(Waiting("Lịch tạm dừng hệ thống sắp tới", planned, url))
        return lines

    def i18n_javascript(self, request, extra_context=None):
        """The admin's script strings, with the project's Vietnamese (LOCALE_PATHS) over Django's own."""
        from django.conf import settings
        from django.views.i18n import JavaScriptCatalog

        class Catalog(JavaScriptCatalog):
            def get_paths(self, packages):
                return [*super().get_paths(packages), *map(str, settings.LOCALE_PATHS)]

        return Catalog.as_view(packages=["django.contrib.admin"])(request)

    def get_urls(self):
        from django.urls import path

        return [
            path("don-vi/", self.admin_view(self.choose_unit), name="choose-unit"),
            path("huong-dan/", self.admin_view(self.guide_page), name="guide"),
            path("huong-dan/anh/<str:name>", self.admin_view(self.guide_image), name="guide-image"),
            path("huong-dan/<slug:name>/", self.admin_view(self.guide_page), name="guide-page"),
            # "Xem trên trang": only for an object of the unit the person works in
            path(
                "r/<int:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
            *super().get_urls(),
        ]

    def view_on_site(self, request, content_type_id, object_id):
        from django.contrib.contenttypes.models import ContentType
        from django.contrib.contenttypes.views import shortcut
        from django.http import Http404

        from portal import units

        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404("Không có loại nội dung này.") from None
        if model is not None and issubclass(model, units.UnitOwned):
            try:
                found = model.objects.filter(pk=object_id).exists()  # the unit in scope's rows only
            except (ValueError, ValidationError):
                found = False
            if not found:
                raise Http404("Không có nội dung này trong đơn vị của bạn.")
        return shortcut(request, content_type_id, object_id)

    def guide_page(self, request, name="README"):
        """/quan-tri/huong-dan/: the staff guide (portal.guide), a page per role, for every staff member."""
        from django.http import Http404
        from django.template.response import TemplateResponse

        from portal import guide

        found = guide.page(name)
        if found is None:
            raise Http404("Không có trang hướng dẫn này.")
        title, html = found
        context = {
            **self.each_context(request),
            "title": title,
            "guide_html": html,
            "is_index": name == guide.INDEX,
        }
        return TemplateResponse(request, "admin/guide.html", context)

    def guide_image(self, request, name):
        from django.http import FileResponse, Http404

        from portal import guide

        path = guide.image(name)
        if path is None:
            raise Http404("Không có ảnh này.")
        response = FileResponse(path.open("rb"), content_type=guide.IMAGE_TYPES[path.suffix[1:]])
        response["Cache-Control"] = "private, max-age=86400"
        return response

    def choose_unit(self, request):
        """/quan-tri/don-vi/: a person with several units picks the one to work in (kept in the session)."""
        from django.shortcuts import redirect
        from django.template.response import TemplateResponse
        from django.utils.http import url_has_allowed_host_and_scheme

        from portal import roles

        allowed = roles.units_of(request.user)
        target = request.POST.get("next") or request.GET.get("next") or reverse("admin:index")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("admin:index")
        if request.method == "POST":
            try:
                chosen = int(request.POST.get("unit", ""))
            except ValueError:
                chosen = None
            if chosen not in {unit.pk for unit in allowed}:
                messages.error(
                    request, "Bạn không làm việc ở đơn vị này; hãy chọn một đơn vị trong danh sách."
                )
                return redirect(reverse("admin:choose-unit"))
            request.session[roles.SESSION_UNIT] = chosen
            return redirect(target)
        context = {
            **self.each_context(request),
            "title": "Chọn đơn vị làm việc",
            "units": allowed,
            "next": target,
            "chosen": request.session.get(roles.SESSION_UNIT),
        }
        return TemplateResponse(request, "admin/choose_unit.html", context)
