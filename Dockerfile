# The portal's image: gunicorn (gunicorn.conf.py) serving Django, static files through whitenoise.
# compose.yaml beside it adds PostgreSQL 15, Redis, an object store, the migrate step, the worker, the
# scheduler and a load balancer in front of two replicas of this image.
# Docker does not run on the development machines: scripts/image_check.sh reads this file and
# performs its RUN, ENV, USER, HEALTHCHECK and CMD steps in a temporary folder, so keep every step
# something that script can repeat (it skips only a RUN marked "image-check: skip").
#
# bookworm: its postgresql-client is 15, the server's version, for scripts/backup.sh and restore.sh.
FROM python:3.12-slim-bookworm

# The variables hold paths, not secrets (hadolint's DL3064 reads "PRIVATE" as one).
# hadolint ignore=DL3064
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    DJANGO_SETTINGS_MODULE=muongang.settings \
    MEDIA_ROOT=/data/media \
    PRIVATE_MEDIA_ROOT=/data/private \
    SNAPSHOT_ROOT=/data/snapshots \
    STATIC_ROOT=/app/staticfiles

# image-check: skip (system packages and the account exist only in the image)
# fonts-dejavu-core draws the demo's images; postgresql-client runs backup.sh and restore.sh.
# Versions are not pinned (DL3008): Debian replaces them with security fixes, and a pinned one
# would stop the build; the base image's tag is the pin.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --no-create-home portal

WORKDIR /app

# The pinned dependencies of pyproject.toml first, in their own layer: a code change does not
# reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install --requirement /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
# The application itself (its dependencies are in place), then the static files, compressed and
# hashed. collectstatic imports the settings, which need a key: this one is used only here.
RUN pip install --no-deps . \
    && DJANGO_SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /data/media /data/private /data/snapshots \
    && chown -R 10001:10001 /data

# Code and static files stay root's: the server can write only the media volumes.
USER 10001:10001
VOLUME ["/data/media", "/data/private", "/data/snapshots"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "/app/scripts/healthcheck.py"]
CMD ["gunicorn", "--config", "gunicorn.conf.py", "muongang.wsgi:application"]
