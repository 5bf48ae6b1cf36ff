"""The admin login's lockout: django-axes' database handler with a second, per-account limit.

The failures are django-axes' records, one per username, client and browser, where the client is an
IPv4 address or an IPv6 /64 (settings.AXES_CLIENT_IP_CALLABLE = visitors.client_network). Two locks
are read from them (settings.AXES_LOCKOUT_PARAMETERS lists the pair first, the username second):

- one account from one client: AXES_FAILURE_LIMIT (5) failures lock that pair until an administrator
  unlocks it in the admin (or AXES_COOLOFF_MINUTES pass); the owner elsewhere can still log in;
- one account from anywhere: LOGIN_ACCOUNT_FAILURE_LIMIT (20) failures within the last
  LOGIN_ACCOUNT_LOCK_MINUTES (15) lock the account for everyone, until no failure is that recent or
  an administrator unlocks it. The limit is higher than the pair's so that one client cannot lock
  an account cheaply, and the lock lapses by itself so that its owner is never kept out for long
  by someone who only knows the username.
"""

from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def account_window_start(now=None):
    """Failures since this moment count towards the per-account lock."""
    return (now or timezone.now()) - timedelta(minutes=settings.LOGIN_ACCOUNT_LOCK_MINUTES)


def _failures(attempts):
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class PortalAxesHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        """The pair's failures, or the pair's limit when the account is locked (axes locks at that number)."""
        pair, account = self.get_user_attempts(request, credentials)
        since = account_window_start(getattr(request, "axes_attempt_time", None))
        request.account_locked = (
            _failures(account.filter(attempt_time__gte=since)) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT
        )
        failures = _failures(pair)
        return max(failures, settings.AXES_FAILURE_LIMIT) if request.account_locked else failures

    def reset_user_attempts(self, request, credentials=None):
        """A successful login forgets this account's failures from this client only: failures from
        elsewhere still count towards the account's lock (axes would forget them all)."""
        count, _ = self.filter_user_attempts(request, credentials)[0].delete()
        return count
