# Multi-stage: build wheels once, run as a non-root user with gunicorn.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /tmp/requirements.txt
RUN python -m venv /venv && /venv/bin/pip install -r /tmp/requirements.txt

FROM python:3.11-slim-bookworm
ENV PATH="/venv/bin:$PATH" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=lms_site.settings.production \
    PORT=8000
RUN apt-get update && apt-get install -y --no-install-recommends libjpeg62-turbo zlib1g libwebp7 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 lms
COPY --from=build /venv /venv
WORKDIR /app
COPY --chown=lms:lms . /app
# collectstatic with the build settings: production's static pipeline, and no secrets to fake.
RUN python manage.py collectstatic --noinput --settings=lms_site.settings.build \
    && mkdir -p /app/media && chown -R lms:lms /app/staticfiles /app/media
USER lms
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,os; urllib.request.urlopen('http://127.0.0.1:%s/healthz/' % os.environ.get('PORT','8000'))"
CMD ["gunicorn", "--config", "gunicorn.conf.py", "lms_site.wsgi:application"]
