# The production image: gunicorn serves the portal, the same image runs the Celery worker and beat.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production \
    PORTAL_VAR_DIR=/var/lib/portal

WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
# The folders the portal writes at run time belong to its user. Each one that is a volume in
# docker-compose.yml (media: attachments, unless they are on an object store) must exist
# here: a new named volume is created with the owner of the image's folder, root's if the
# image has none.
RUN SECRET_KEY=build-only-collectstatic-key-not-used-at-runtime-0000000000 \
    python manage.py collectstatic --noinput \
    && useradd --system --home /app portal \
    && mkdir -p /var/lib/portal/media \
    && chown -R portal /var/lib/portal
USER portal
EXPOSE 8000
# The web server's settings: docker-compose.yml's web command, measured (README).
ENV DB_CONN_MAX_AGE=600
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", \
     "--worker-class", "portal.gunicorn_worker.ArrivalThreadWorker", \
     "--workers", "4", "--threads", "2", "--keep-alive", "5", "--access-logfile", "-"]
