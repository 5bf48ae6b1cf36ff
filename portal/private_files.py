"""Files that no web server may serve: outside MEDIA_ROOT, under PRIVATE_MEDIA_ROOT (or the ``private/``
prefix of the object store, portal.storage), with no public URL.

The documents' files (news.images.DocumentStorage, which gives them a permission-checked address) and the
feedback attachments (citizens.models.PrivateStorage) are kept here too, through subclasses named as their
migrations name them; procedures.imports uses it as it is for the files of the admin's imports.
"""

from django.utils.deconstruct import deconstructible

from portal.storage import PrivateStorageBase


@deconstructible
class PrivateStorage(PrivateStorageBase):
    """On the disk under PRIVATE_MEDIA_ROOT, or in the store under ``private/``; ``url`` refuses."""


private_storage = PrivateStorage()
