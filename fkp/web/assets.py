"""Static files for slow phones: content-hashed URLs kept for a year, gzip-compressed once.

Every `url_for('static', filename=...)` gets `?v=<hash of the file's content>` (a URL default,
so no template or script can forget it): the URL changes exactly when the file does, and a
response for the current hash may be kept by the browser for a year without asking again.
Any other static request (no hash, or an old page asking for an old one) gets the current
file with `no-cache`, i.e. revalidated through its ETag.

Text files are gzipped the first time they are asked for and kept in memory, with their hash
(the whole folder is a few hundred KB): the gevent server then answers from memory with no
work per request. gzip, not brotli, because browsers offer brotli only over HTTPS and a venue
LAN is plain HTTP; once, not per response (as Flask-Compress would), because a laptop serving
300 phones should not compress the same 47 KB script 300 times.
"""
import gzip
import hashlib
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app, request
from werkzeug.security import safe_join

YEAR_S = 365 * 24 * 3600
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
MIN_GZIP_BYTES = 512  # below this the gzip header costs more than it saves


@dataclass(frozen=True)
class Asset:
    stamp: tuple  # (mtime_ns, size) of the file this was read from
    digest: str
    mimetype: str
    raw: bytes
    gz: bytes | None


_cache = {}


def _mimetype(path):
    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return "application/json" if path.endswith(".map") else kind


def load(folder, filename):
    """The static file `filename` under `folder` as an Asset (re-read when it changed), or None."""
    path = safe_join(folder, filename)
    if path is None or not os.path.isfile(path):
        return None
    stat = os.stat(path)
    stamp = (stat.st_mtime_ns, stat.st_size)
    asset = _cache.get(path)
    if asset is None or asset.stamp != stamp:
        raw = Path(path).read_bytes()
        kind = _mimetype(path)
        gz = None
        if kind.startswith(COMPRESSIBLE) and len(raw) >= MIN_GZIP_BYTES:
            gz = gzip.compress(raw, compresslevel=9, mtime=0)
        asset = Asset(stamp, hashlib.sha256(raw).hexdigest()[:12], kind, raw, gz)
        _cache[path] = asset
    return asset


def digest(filename):
    """The content hash that static URLs carry, or None for a missing file."""
    asset = load(current_app.static_folder, filename)
    return asset.digest if asset else None


def _accepts_gzip():
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def serve(filename):
    """The static view: the stored bytes, gzipped when the browser accepts it."""
    asset = load(current_app.static_folder, filename)
    if asset is None:
        abort(404)
    zipped = asset.gz is not None and _accepts_gzip()
    response = current_app.response_class(asset.gz if zipped else asset.raw, mimetype=asset.mimetype)
    if asset.gz is not None:
        if zipped:
            response.content_encoding = "gzip"
        response.vary.add("Accept-Encoding")
    response.set_etag(asset.digest + ("-gz" if zipped else ""))
    if request.args.get("v") == asset.digest:
        response.cache_control.public = True
        response.cache_control.max_age = YEAR_S
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True
    return response.make_conditional(request)


def init_app(app):
    """Serve /static/ through `serve` and add the content hash to every static URL."""
    app.view_functions["static"] = serve

    @app.url_defaults
    def hash_static_urls(endpoint, values):
        if endpoint == "static" and "v" not in values and "filename" in values:
            found = digest(values["filename"])
            if found:
                values["v"] = found
