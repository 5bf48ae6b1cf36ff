"""Tracking codes stay unique when many citizens submit at the same moment (real PostgreSQL, real threads)."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from citizens.models import Feedback
from tests import factories
from tests.citizens.conftest import VALID

# Codes follow the day: the test sees one instant, so midnight cannot fall inside it.
pytestmark = pytest.mark.usefixtures("frozen_clock")
THREADS = 12
EACH = 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_unique_consecutive_codes():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    factories.site_settings()
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def citizen(n):
        client = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")  # each its own client, under the rate limit
        try:
            barrier.wait()
            for _ in range(EACH):
                response = client.post(
                    "/phan-anh-kien-nghi/", {**VALID, "content": f"Phản ánh của người số {n}."}
                )
                results.append((response.status_code, response.get("Location", "")))
        except Exception as exc:  # reported below; a thread's exception would otherwise vanish
            errors.append(exc)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=citizen, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [status for status, _ in results] == [302] * THREADS * EACH
    codes = sorted(Feedback.objects.values_list("code", flat=True))
    day = timezone.localdate()
    assert codes == [f"PAKN-{day:%Y%m%d}-{n:04d}" for n in range(1, THREADS * EACH + 1)]
    assert all(re.fullmatch(r"PAKN-\d{8}-\d{4}", code) for code in codes)
