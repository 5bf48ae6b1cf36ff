# The portal's image: gunicorn serving Django, static files through whitenoise.
# A first version; the production issue adds compose, a tested build script and hardening.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=muongang.settings \
    MEDIA_ROOT=/data/media \
    PRIVATE_MEDIA_ROOT=/data/private \
    STATIC_ROOT=/app/staticfiles

RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system portal && useradd --system --gid portal --home-dir /app portal

WORKDIR /app
COPY pyproject.toml README.md ./
COPY muongang ./muongang
COPY news ./news
COPY procedures ./procedures
COPY citizens ./citizens
RUN pip install .
COPY . .
# collectstatic needs a key to import the settings; this one is used only at build time.
RUN DJANGO_SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput \
    && mkdir -p /data/media /data/private && chown -R portal:portal /data

USER portal
VOLUME ["/data/media", "/data/private"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"
CMD ["gunicorn", "--config", "gunicorn.conf.py", "muongang.wsgi:application"]
