"""Flask's signed-cookie sessions, with the signing serializer built once per key, and
`Secure`, under a name of its own, whenever the request came over HTTPS.

The name: a browser that holds a Secure cookie refuses to let plain HTTP on the same host
set one of the same name (Chrome's "strict secure cookies"), and cookies do not tell ports
apart. A staff member who logged in over HTTPS and then tried the attendees' join link on
plain HTTP in the same browser (as staff do before a forum) got "the form expired" for
ever. Over HTTPS the cookie is `__Secure-session` (a prefix browsers only accept with
Secure over HTTPS), over plain HTTP `session`: two sessions side by side.

Flask builds a new serializer for every request, and building one serializes a test value
to learn its type: about 2 % of an input's server time under scripts/bench. The serializer
holds nothing of a request, so one per secret key (and its fallbacks) serves them all.

Most requests of a live forum carry no session at all (a phone's API calls send a bearer
token) and leave none: for them the session is made and let go without working out the
cookie's name, domain, path and flags (another 4 % of an input's server time).
"""
from flask import has_request_context
from flask.sessions import SecureCookieSessionInterface

from .transport import over_https

SECURE_PREFIX = "__Secure-"


class SessionInterface(SecureCookieSessionInterface):
    def __init__(self):
        self._serializers = {}

    def open_session(self, app, request):
        # Both cookie names end in "session": without one in the header there is nothing to read.
        if "session=" not in request.environ.get("HTTP_COOKIE", ""):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        if not session and not session.modified:  # nothing to set, nothing to delete
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)

    def get_signing_serializer(self, app):
        key = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if key not in self._serializers:
            self._serializers = {key: super().get_signing_serializer(app)}  # a changed key drops the old
        return self._serializers[key]

    def get_cookie_name(self, app):
        name = super().get_cookie_name(app)
        return SECURE_PREFIX + name if has_request_context() and over_https() else name

    def get_cookie_secure(self, app):
        # A cookie set over HTTPS never travels in clear afterwards. The browser then sends
        # it over HTTPS only: a staff member on https keeps their session there, and a phone
        # on plain http (the office's choice, FKP_PHONES_HTTPS) gets its own cookie there.
        # Behind a trusted proxy, X-Forwarded-Proto says (transport.over_https).
        return (has_request_context() and over_https()) or super().get_cookie_secure(app)
