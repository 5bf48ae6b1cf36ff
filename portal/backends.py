"""Staff rights per unit: a person's permissions are those of the roles they have in the unit in scope."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from portal import units
from portal.roles import roles_in


class MembershipBackend(ModelBackend):
    """Django's ModelBackend, with the group permissions taken from the person's roles in the unit in scope
    (portal.units, portal.models.Membership) instead of from groups they would belong to everywhere."""

    def _get_group_permissions(self, user_obj):
        return Permission.objects.filter(group__name__in=roles_in(user_obj, units.current(required=False)))

    def get_all_permissions(self, user_obj, obj=None):
        _forget_other_unit(user_obj)
        return super().get_all_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj, obj=None):
        _forget_other_unit(user_obj)
        return super().get_group_permissions(user_obj, obj)


def _forget_other_unit(user_obj):
    """ModelBackend keeps the permissions on the user object: drop them when the unit in scope changed."""
    unit_id = units.current_id()
    if getattr(user_obj, "_portal_perm_unit", None) != unit_id:
        for name in ("_group_perm_cache", "_perm_cache"):
            if hasattr(user_obj, name):
                delattr(user_obj, name)
        user_obj._portal_perm_unit = unit_id
