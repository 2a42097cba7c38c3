# syntax=docker/dockerfile:1
# fkp for an office's server room: `docker compose up -d` (compose.yaml), or
#   docker build -t fkp . && docker run -d -p 5000:5000 -p 5443:5443 -v fkp-data:/data fkp
# The database, its backups, the session key and the generated certificate live in the volume
# /data (FKP_HOME); the image holds only Python, fkp's wheels and the fonts its PDFs use.
# docs/operations.md ("In a container") says how to run it, one server or several workers.

# --- builder: fkp's wheel and a wheel of every dependency, so the final stage installs offline.
FROM python:3.11-slim AS builder
WORKDIR /src
# What the wheel is built from, and nothing else (.dockerignore keeps the rest out).
COPY pyproject.toml setup.py README.md ./
COPY fkp ./fkp
# Every dependency ships wheels for amd64 and arm64 (gevent, rapidfuzz and cryptography are
# binary wheels), so no compiler is needed here either.
RUN pip wheel --no-cache-dir --disable-pip-version-check --wheel-dir /wheels .

# --- final: Python, the wheels installed, the fonts; no compiler, no pip cache, not root.
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    FKP_HOME=/data
# The PDFs are set in DejaVu Sans (fkp/exports/pdf/layout.py), its italics are in -extra;
# without them ReportLab falls back to Helvetica, which has no room for every character.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-dejavu-extra \
 && rm -rf /var/lib/apt/lists/*
# A fixed uid, so a host folder or a volume can be given to it by number; /data is its own
# and no one else's (it holds personal data and the session key).
RUN groupadd --gid 10001 fkp \
 && useradd --uid 10001 --gid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin fkp \
 && mkdir /data && chown 10001:10001 /data && chmod 700 /data
# The wheels are mounted from the builder for this one step: they never become a layer.
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links=/wheels fkp
USER 10001:10001
WORKDIR /data
VOLUME /data
# Plain HTTP (FKP_PORT) for phones, HTTPS (FKP_TLS_PORT) for staff; FKP_TLS=off behind nginx.
EXPOSE 5000 5443
# Python's standard library only (slim has no curl): 200 from /healthz while the database
# answers (fkp/web/health.py). The port is FKP_PORT's, as the server's own.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import http.client, os; c = http.client.HTTPConnection('127.0.0.1', int(os.environ.get('FKP_PORT') or 5000), timeout=4); c.request('GET', '/healthz'); raise SystemExit(c.getresponse().status != 200)"]
ENTRYPOINT ["fkp"]
CMD ["serve"]
