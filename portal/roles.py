"""The staff roles and what each may do in the admin; the role a person has in each unit.

Data migrations call ``sync_roles``; when a change adds models, it extends
``ROLE_PERMISSIONS`` and adds a migration that calls ``sync_roles`` again.
A permission whose model does not exist yet at that point is skipped.
"""

from django.db.models import Q

REPORTER = "Phóng viên"
EDITOR = "Biên tập viên"
DESK = "Cán bộ một cửa"
RECEPTION = "Cán bộ tiếp dân"
ADMINISTRATOR = "Quản trị"

ALL = ("add", "change", "delete", "view")


def _perms(app_label, model, actions=ALL):
    return [f"{app_label}.{action}_{model}" for action in actions]


# Citizens app: contacts, reception, the leaders' weekly work calendar (the office publishes it), feedback
# (personal data only with view_personal_data), Q&A, page votes.
CITIZENS_RECEPTION = [
    *_perms("citizens", "contactoffice"),
    *_perms("citizens", "hotline"),
    *_perms("citizens", "citizensettings", ("view", "change", "add")),
    *_perms("citizens", "receptionschedule"),
    *_perms("citizens", "receptionsession"),
    *_perms("citizens", "workentry"),
    *_perms("citizens", "feedback", ("view", "change")),
    "citizens.view_personal_data",
    "citizens.view_feedbackattachment",
    *_perms("citizens", "question"),
    *_perms("citizens", "questiontopic"),
]
CITIZENS_PAGE_VOTES = ["citizens.view_usefulnessvote", "citizens.view_usefulnessreport"]

# Procedures app: the national catalogue (changed only at a province, procedures.admin), the unit's list of
# the procedures it carries out, and the dossier register with the applicants' data.
PROCEDURE_MODELS = [
    "field",
    "agency",
    "procedure",
    "step",
    "channeloption",
    "paper",
    "legalbasis",
    "internalstep",
]
CATALOGUE_PERMISSIONS = [
    *(perm for model in PROCEDURE_MODELS for perm in _perms("procedures", model)),
    *_perms("procedures", "unitprocedure"),
]
SERVICE_QUALITY = [*_perms("procedures", "servicecommitment"), *_perms("procedures", "servicefault")]
# Applicants' names, phones and ID numbers are for the desk only (and superusers).
DESK_PERMISSIONS = [
    *CATALOGUE_PERMISSIONS,
    *_perms("procedures", "dossier"),
    *_perms("procedures", "dossierstep"),  # the steps of a dossier's handling (its history)
    # the imports from files they started (procedures.imports): follow, cancel (change), remove
    *_perms("procedures", "importrun", ("view", "change", "delete")),
    # the big exports they asked for (made in the background): see and download, remove
    *_perms("procedures", "dossierexport", ("view", "delete")),
    "procedures.view_applicant",
    # service quality: ratings (moderating their comments), the commitment and the faults of the service
    *_perms("procedures", "dossierrating", ("view", "change")),
    *SERVICE_QUALITY,
]

# News proposed by a commune to its province's site: a commune's editors propose (add) and follow (view);
# a province's editors decide. The right is the same role's; where it applies is news.proposals' business
# (a commune has no proposals addressed to it, so its editors have nothing to decide).
NEWS_PROPOSALS = [*_perms("news", "articleproposal", ("add", "view")), "news.decide_articleproposal"]


ROLE_PERMISSIONS = {
    # Reporters write their own articles and submit them; the admin limits them to their own drafts.
    # The photo library: each person adds and describes photos; editors also remove them.
    REPORTER: [
        *_perms("news", "article", ("add", "change", "view")),
        "news.view_category",
        *_perms("news", "photo", ("add", "change", "view")),
    ],
    EDITOR: [
        *_perms("news", "article"),
        "news.publish_article",
        "news.view_articleevent",
        *NEWS_PROPOSALS,
        *_perms("news", "photo"),
        *_perms("news", "category"),
        *_perms("news", "document"),
        *_perms("news", "page"),
        *_perms("portal", "link"),
        *_perms("citizens", "official"),
        "portal.view_dailyvisits",
        *CITIZENS_PAGE_VOTES,
    ],
    # The one-stop desk keeps the procedure catalogue, the dossier register and the holidays.
    DESK: [*_perms("portal", "holiday"), *DESK_PERMISSIONS, "citizens.view_feedback"],
    RECEPTION: [
        *_perms("citizens", "official"),
        "portal.view_holiday",
        *CITIZENS_RECEPTION,
        *CITIZENS_PAGE_VOTES,
    ],
    ADMINISTRATOR: [
        *_perms("auth", "user"),
        # The groups and their rights are defined here, in code; administrators put people in them.
        "auth.view_group",
        "auth.view_permission",
        "portal.view_unit",
        "portal.change_unit",
        "portal.add_unit",
        *_perms("portal", "unithost"),
        *_perms("portal", "membership"),
        *_perms("portal", "link"),
        "portal.view_dailyvisits",
        *_perms("portal", "holiday"),
        *_perms("portal", "maintenance"),  # planned stops and their notice (Điều 13, Nghị định 224/2026)
        *_perms("news", "page"),
        *_perms("news", "article"),
        "news.publish_article",
        "news.view_articleevent",
        *NEWS_PROPOSALS,
        *_perms("news", "photo"),
        *_perms("news", "category"),
        *_perms("news", "document"),
        *_perms("citizens", "official"),
        *CITIZENS_RECEPTION,
        *CITIZENS_PAGE_VOTES,
        "citizens.delete_usefulnessvote",
        *CATALOGUE_PERMISSIONS,
        # a province's administrators import the national catalogue: they follow and cancel those runs
        *_perms("procedures", "importrun", ("view", "change", "delete")),
        "procedures.view_dossier",
        "procedures.view_dossierstep",
        "procedures.view_dossierrating",
        *SERVICE_QUALITY,
        # locked admin logins (django-axes): see them, unlock by deleting
        "portal.view_loginattempt",
        "portal.delete_loginattempt",
    ],
}


def sync_roles(apps, schema_editor=None, *, missing_only=False):
    """Create the groups and give each exactly the permissions listed above.

    With ``missing_only`` (the demo loader), a group that exists keeps the permissions an administrator gave it.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Historical app configs have no models module; create_permissions skips those.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLE_PERMISSIONS.items():
        group, created = Group.objects.get_or_create(name=name)
        if missing_only and not created:
            continue
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if found:
                wanted.append(found)
        group.permissions.set(wanted)


# --- roles per unit -------------------------------------------------------------------------------------
# A person's rights come from their memberships (portal.models.Membership): a role in a unit gives that
# role's permissions in that unit only. An administrator of a province also administers its communes.
# The groups above only define what each role may do; nobody is put in them.


def roles_in(user, unit):
    """The roles ``user`` has in ``unit`` (a province administrator is an administrator of its communes)."""
    if unit is None or unit.pk is None or not user.is_active:
        return set()
    cache = getattr(user, "_portal_roles", None)
    if cache is None:
        cache = user._portal_roles = {}
    if unit.pk not in cache:
        from portal.models import Membership

        rows = Membership.objects.filter(user=user, unit__in=[unit.pk, unit.parent_id or unit.pk])
        found = set()
        for unit_id, role in rows.values_list("unit_id", "role"):
            if unit_id == unit.pk or role == ADMINISTRATOR:
                found.add(role)
        cache[unit.pk] = found
    return cache[unit.pk]


def units_of(user):
    """The units ``user`` may work in, province first then its communes, by code."""
    from portal.models import Unit
    from portal.units import everywhere

    with everywhere():
        if user.is_superuser:
            return list(Unit.objects.order_by("code"))
        memberships = list(user.memberships.values_list("unit_id", "role"))
        direct = {unit_id for unit_id, _role in memberships}
        provinces = {unit_id for unit_id, role in memberships if role == ADMINISTRATOR}
        return list(Unit.objects.filter(Q(pk__in=direct) | Q(parent_id__in=provinces)).order_by("code"))


SESSION_UNIT = "portal_unit"


def working_unit(request):
    """The unit a signed-in person works in in the admin: the one chosen (kept in the session) if they
    may work there, else their only unit; None when they have none or must still choose."""
    from portal import units

    chosen = request.session.get(SESSION_UNIT)
    allowed = units_of(request.user)
    for unit in allowed:
        if unit.pk == chosen:
            return units.unit_by_id(unit.pk) or unit
    if len(allowed) == 1:
        return units.unit_by_id(allowed[0].pk) or allowed[0]
    return None
