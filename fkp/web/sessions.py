"""Flask's signed-cookie sessions, with the signing serializer built once per key.

Flask builds a new serializer for every request, and building one serializes a test value
to learn its type: about 2 % of an input's server time under scripts/bench. The serializer
holds nothing of a request, so one per secret key (and its fallbacks) serves them all.
"""
from flask.sessions import SecureCookieSessionInterface


class SessionInterface(SecureCookieSessionInterface):
    def __init__(self):
        self._serializers = {}

    def get_signing_serializer(self, app):
        key = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if key not in self._serializers:
            self._serializers = {key: super().get_signing_serializer(app)}  # a changed key drops the old
        return self._serializers[key]
