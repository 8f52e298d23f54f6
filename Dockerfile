# syntax=docker/dockerfile:1
# Registrar's production image. Two stages: the first builds a venv from the pinned runtime
# dependencies (no test, lint or browser tools); the second copies it into a slim image that
# runs as a non-root user, with static files collected at build time. The entrypoint is the
# one `make serve` and `make cluster` run: deploy/serve (migrate, then gunicorn.conf.py).
#
# CI cannot build this image (the CI machine reaches no container registry); it exercises the
# same entrypoint through `make cluster`, and tests/deploy/test_container.py checks compose.yaml.

ARG PYTHON_VERSION=3.11

FROM python:${PYTHON_VERSION}-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# The lock first: the dependency layer is rebuilt only when the pins change.
COPY requirements.lock pyproject.toml README.md ./
COPY config ./config
COPY core ./core
COPY accounts ./accounts
COPY students ./students
COPY audit ./audit
COPY integrity ./integrity
RUN pip install -c requirements.lock .

FROM python:${PYTHON_VERSION}-slim AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    HOST=0.0.0.0 \
    PORT=8000 \
    MEDIA_ROOT=/data/media \
    COLLECTSTATIC=0
RUN groupadd --system registrar \
    && useradd --system --gid registrar --home-dir /app --shell /usr/sbin/nologin registrar \
    && mkdir -p /data/media && chown registrar:registrar /data/media
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --chown=root:root . /app
# Collected once, at build: a throwaway secret lets the production settings load; it is not
# kept in the image (each RUN's environment ends with it).
RUN DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput -v0
USER registrar
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"
ENTRYPOINT ["deploy/serve"]
