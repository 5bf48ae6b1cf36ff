"""What the procedures app offers the portal (portal.contributions): the desk's figures on the home page,
its procedures in the search and the sitemap, and a procedure found by its code for whoever names one.

The procedure records are national, so their search entries are too; the ids of those the unit in scope
carries out are what its search shows (``shown_in_unit``)."""

from django.urls import reverse

from portal.contributions import Offer, SearchSource, Waiting
from portal.text import listed, lower_first, sentences
from procedures import home as procedures_home
from procedures import privacy
from procedures.models import Procedure
from procedures.sitemaps import DeskSitemap, ProcedureSitemap


def _procedure(obj):
    if not obj.is_active:
        return None
    # "Thủ tục lĩnh vực Hộ tịch, do cấp xã giải quyết, dành cho công dân Việt Nam."
    about = f"Thủ tục lĩnh vực {obj.field.name}, do {lower_first(obj.get_level_display())} giải quyết"
    if obj.subjects:
        about += f", dành cho {lower_first(listed(obj.subjects))}"
    result = listed(obj.result)
    return {
        "title": obj.name,
        "body": sentences(
            obj.description,
            about,
            f"Kết quả là {lower_first(result)}" if result else "",
            obj.conditions,
        ),
        # "thủ tục khai sinh" is how people ask for a procedure: the kind's own name finds it, as do its
        # keywords, without being shown in the snippet
        "terms": f"Thủ tục hành chính {obj.keywords}",
        "url": reverse("procedures:detail", args=[obj.code]),
        "label": obj.code,
        "date": obj.updated_at,
    }


def waiting(request):
    """The desk: open dossiers due later today, and those already late."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from procedures.models import Dossier, end_of_local_day

    if not request.user.has_perm("procedures.change_dossier"):
        return []
    now = timezone.now()
    counts = Dossier.objects.open().aggregate(
        late=Count("pk", filter=Q(due_at__lt=now)),
        today=Count("pk", filter=Q(due_at__gte=now, due_at__lt=end_of_local_day(now))),
    )
    dossiers = reverse("admin:procedures_dossier_changelist")
    return [
        Waiting("Hồ sơ quá hạn, chưa xong", counts["late"], f"{dossiers}?han=qua-han", urgent=True),
        Waiting("Hồ sơ đến hạn hôm nay", counts["today"], f"{dossiers}?han=hom-nay"),
    ]


OFFER = Offer(
    home=procedures_home.context,
    search=(
        SearchSource(
            "procedures.procedure",
            "thu-tuc",
            "Thủ tục hành chính",
            _procedure,
            ("field",),
            order=30,
            show_date=False,
            # national records: a unit's search shows those it carries out
            shown_in_unit=lambda: Procedure.objects.carried_out().values("pk"),
        ),
    ),
    sitemaps={"mot-cua": DeskSitemap, "thu-tuc": ProcedureSitemap},
    provides={
        # national on purpose: a citizen may name any procedure of the national catalogue (feedback form),
        # not only one the unit carries out
        "procedure_by_code": lambda code: Procedure.objects.filter(code=code).first(),
    },
    templates={"personal_data": "procedures/includes/personal_data.html"},
    anonymise=privacy.anonymise_due,
    forget=privacy.forget,
    waiting=waiting,
)
