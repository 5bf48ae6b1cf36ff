"""Files that no web server may serve: outside MEDIA_ROOT, under PRIVATE_MEDIA_ROOT, with no public URL.

The documents' files (news.images.DocumentStorage, which gives them a permission-checked address) and the
feedback attachments (citizens.models.PrivateStorage) are kept here too, through subclasses named as their
migrations name them; procedures.imports uses it as it is for the files of the admin's imports.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Under PRIVATE_MEDIA_ROOT (read at each use, so tests and deployments may move it); ``url`` refuses."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Tệp riêng tư không có địa chỉ công khai.")


private_storage = PrivateStorage()
