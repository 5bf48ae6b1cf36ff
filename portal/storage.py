"""Where uploads live: the local disk (the default), or an S3-compatible object store shared by every
app server and worker (``MEDIA_STORAGE_URL``), through django-storages.

``MEDIA_STORAGE_URL=s3://ACCESS_KEY:SECRET_KEY@host:port/bucket?region=us-east-1`` (``s3+http://`` for a
store reached over plain HTTP on a private network; keys percent-encoded). One bucket, two prefixes:

- ``media/``: photos and their renditions. Never a URL of the store: pages name ``/media/…`` on the
  portal's own host (the public CSP allows images from 'self' only), and the portal (or a proxy in
  front of it) reads them from the store with the same safe headers as from the disk.
- ``private/``: document files, feedback attachments, import files. No URL at all; sent by the views that
  check who asks, exactly as from the disk. The bucket itself stays private (no public-read policy).

The store is chosen when a process starts (settings are read once). A store that does not answer makes
pages leave their photos out (a warning in the log), never a 500: every error of the store is raised as
``StoreUnavailable``, an ``OSError``, which the callers already treat as a missing file.
"""

import logging
import os
import urllib.parse

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.utils.encoding import filepath_to_uri

logger = logging.getLogger(__name__)

PUBLIC_PREFIX = "media"
PRIVATE_PREFIX = "private"


class StoreUnavailable(OSError):
    """The object store did not answer, or refused (not a missing file)."""


def parse_storage_url(url):
    """``MEDIA_STORAGE_URL`` as django-storages' S3 options (without ``location``); ``None`` when empty.

    A wrong value stops the process with a message that says what is wrong (ImproperlyConfigured)."""
    if not url:
        return None
    example = "s3://ACCESS_KEY:SECRET_KEY@host:port/bucket?region=us-east-1"
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("s3", "s3+http", "s3+https"):
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE_URL must start with s3:// (or s3+http:// for plain HTTP), like {example}; "
            f"got {parts.scheme or 'no scheme'}://"
        )
    bucket = parts.path.strip("/")
    if not parts.hostname or not bucket or "/" in bucket:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL needs a host and one bucket name, like {example}")
    if not parts.username or not parts.password:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL needs the access key and secret key, like {example}")
    query = urllib.parse.parse_qs(parts.query)
    unknown = set(query) - {"region"}
    if unknown:
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE_URL: unknown option {', '.join(sorted(unknown))} (only region)"
        )
    scheme = "http" if parts.scheme == "s3+http" else "https"
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    from botocore.config import Config

    return {
        "access_key": urllib.parse.unquote(parts.username),
        "secret_key": urllib.parse.unquote(parts.password),
        "bucket_name": bucket,
        "endpoint_url": f"{scheme}://{netloc}",
        "region_name": query.get("region", ["us-east-1"])[0],
        "addressing_style": "path",
        "signature_version": "s3v4",
        # a name taken gets a new one, as on the disk (photos and documents never replace each other)
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": True,
        # a store that does not answer holds a page for at most a few seconds, once (file_present then
        # remembers the answer for MEDIA_PRESENCE_SECONDS)
        "client_config": Config(
            connect_timeout=2,
            read_timeout=10,
            retries={"max_attempts": 2, "mode": "standard"},
            s3={"addressing_style": "path"},
        ),
    }


STORE = parse_storage_url(getattr(settings, "MEDIA_STORAGE_URL", ""))


def object_storage_configured():
    return STORE is not None


# After the store failed to answer, this process does not call it for STORE_BREAKER_SECONDS: every call
# fails at once (a list page names dozens of photos; each would otherwise wait for its own failure).
STORE_BREAKER_SECONDS = 5
_breaker = {"open_until": 0.0}


def is_store_error(exc):
    """Whether ``exc`` says the store failed (StoreUnavailable, or an error of boto3 raised while a file
    opened earlier is read: a store just back may answer «InternalError» for a moment)."""
    if isinstance(exc, StoreUnavailable):
        return True
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # no object storage installed: only StoreUnavailable
        return False
    return isinstance(exc, (BotoCoreError, ClientError))


def _store_errors(method):
    """Errors of the store (connection refused, timeout, access denied) as StoreUnavailable (an OSError)."""
    import functools
    import time

    from botocore.exceptions import BotoCoreError, ClientError

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if time.monotonic() < _breaker["open_until"]:
            raise StoreUnavailable("object store: not answering (calls paused for a few seconds)")
        try:
            return method(self, *args, **kwargs)
        except BotoCoreError as exc:  # no answer at all: connection refused, timeout
            _breaker["open_until"] = time.monotonic() + STORE_BREAKER_SECONDS
            logger.error("object store not answering, calls paused %s s: %s", STORE_BREAKER_SECONDS, exc)
            raise StoreUnavailable(f"object store: {exc}") from exc
        except ClientError as exc:
            raise StoreUnavailable(f"object store: {exc}") from exc

    return wrapper


if STORE is not None:
    from storages.backends.s3 import S3Storage

    class ObjectStorage(S3Storage):
        """django-storages' S3 storage under one prefix of the bucket of MEDIA_STORAGE_URL."""

        prefix = PUBLIC_PREFIX

        def __init__(self, **options):
            super().__init__(**{**STORE, "location": self.prefix, **options})

        _open = _store_errors(S3Storage._open)
        _save = _store_errors(S3Storage._save)
        delete = _store_errors(S3Storage.delete)
        exists = _store_errors(S3Storage.exists)
        size = _store_errors(S3Storage.size)
        listdir = _store_errors(S3Storage.listdir)
        get_modified_time = _store_errors(S3Storage.get_modified_time)

        def url(self, name, *args, **kwargs):
            """/media/… on the portal's own host: the portal serves it from the store (website.views)."""
            return settings.MEDIA_URL + filepath_to_uri(name).lstrip("/")

    class PublicStorageBase(ObjectStorage):
        prefix = PUBLIC_PREFIX

    class PrivateStorageBase(ObjectStorage):
        prefix = PRIVATE_PREFIX

        def url(self, name, *args, **kwargs):
            raise ValueError("Tệp riêng tư không có địa chỉ công khai.")

else:

    class PublicStorageBase(FileSystemStorage):
        """Under MEDIA_ROOT (FileSystemStorage's default)."""

    class PrivateStorageBase(FileSystemStorage):
        """Under PRIVATE_MEDIA_ROOT, read at each use, so tests and deployments may move it."""

        @property
        def base_location(self):
            return settings.PRIVATE_MEDIA_ROOT

        @property
        def location(self):
            return os.path.abspath(self.base_location)

        def url(self, name):
            raise ValueError("Tệp riêng tư không có địa chỉ công khai.")


def prepare_bucket():
    """Create the bucket of MEDIA_STORAGE_URL when it is missing (never public), then write, read and delete
    one probe object under each prefix. Returns whether the bucket was created. `manage.py prepare_store`."""
    from botocore.exceptions import ClientError
    from django.core.files.base import ContentFile

    from portal.private_files import private_storage

    public = PublicStorageBase()
    client = public.connection.meta.client
    created = False
    try:
        client.head_bucket(Bucket=STORE["bucket_name"])
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket"):
            raise
        client.create_bucket(Bucket=STORE["bucket_name"])
        created = True
    for store in (public, private_storage):
        name = store.save(".kiem-tra-kho", ContentFile(b"ok"))
        with store.open(name) as probe:
            assert probe.read() == b"ok", "the probe read back differs"
        store.delete(name)
    return created


def store_status():
    """For /healthz: None without an object store; "ok", or "unavailable: <reason>" (one short request)."""
    if STORE is None:
        return None
    from botocore.exceptions import ClientError
    from django.core.files.storage import default_storage

    try:
        default_storage.bucket.meta.client.head_bucket(Bucket=STORE["bucket_name"])
    except ClientError as exc:
        logger.error("object store unavailable: %s", exc)
        code = exc.response.get("Error", {}).get("Code", "")
        if code in ("404", "NoSuchBucket"):
            return f"unavailable: no bucket {STORE['bucket_name']} (manage.py prepare_store creates it)"
        return f"unavailable: {code or type(exc).__name__}"
    except Exception as exc:  # any failure of the store is what /healthz reports
        logger.error("object store unavailable: %s", exc)
        return f"unavailable: {type(exc).__name__}"
    return "ok"
