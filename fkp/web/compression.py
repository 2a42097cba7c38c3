"""Pages gzip-compressed for phones on plain HTTP: on a venue's slow Wi-Fi the input page is
the largest thing a phone loads besides the cached scripts, and it compresses to a quarter.

Only over plain HTTP. Over HTTPS a compressed page that holds a secret (the form's CSRF token,
the session's own data) beside text an attacker can make the page repeat leaks that secret
through the encrypted size (BREACH); over plain HTTP everything on the page crosses the air
readable anyway, so compressing it reveals nothing new. Static files are compressed once, in
assets.py, over both.
"""
import gzip

from flask import request

from .assets import MIN_GZIP_BYTES
from .transport import over_https

COMPRESSED_TYPES = ("text/html",)


def init_app(app):
    @app.after_request
    def compress_plain_pages(response):
        if (response.status_code != 200 or response.direct_passthrough or response.is_streamed
                or response.mimetype not in COMPRESSED_TYPES or "Content-Encoding" in response.headers
                or "gzip" not in request.headers.get("Accept-Encoding", "").lower() or over_https()):
            return response
        body = response.get_data()
        if len(body) < MIN_GZIP_BYTES:
            return response
        response.set_data(gzip.compress(body, compresslevel=6, mtime=0))
        response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
        return response
