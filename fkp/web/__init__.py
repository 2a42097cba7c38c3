"""Web views, one blueprint per audience, plus what every page shares."""
from flask import make_response, redirect, render_template, request, session
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from .. import permissions, vocabulary
from ..people import staff_sessions
from ..store.db import MAX_ID
from . import compression, localise, sessions, uploads
from .common import current_user, safe_next
from .csp import CSP


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: a number larger than any row id matches no route (a 404)
    instead of reaching SQLite, which cannot hold it."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def register(app):
    app.url_map.converters["int"] = IdConverter  # before any route is added
    app.session_interface = sessions.SessionInterface()
    uploads.init_app(app)  # each upload route's own size cap, before CSRF reads the form
    from . import api, attendee, auth, display, health, moderator, notulis, results, statements, tracker
    from .staff import (
        accounts,
        attendance,
        chat,
        documents,
        followups,
        letterhead,
        library,
        overview,
        record,
        restricted_words,
        scans,
        setup,
        standard,
        steps,
        units,
    )
    for module in (attendee, auth, display, moderator, notulis, statements, chat, overview, steps, setup, accounts,
                   attendance, library, letterhead, record, standard, documents, scans, results, followups,
                   restricted_words, units, tracker, api, health):
        app.register_blueprint(module.bp)
    localise.init_app(app)
    compression.init_app(app)
    # Pages say "the record is final" by the same rule that refuses the change.
    app.add_template_global(permissions.record_is_final)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        # What a logged-in staff member is sent (attendance with contacts, the record, the
        # audit log) stays out of the browser's and any proxy's cache on a shared laptop.
        # Static files are not personal, and keep their long cache (assets.py).
        staff = session.get(staff_sessions.COOKIE_KEY)
        if staff and request.endpoint != "static" and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.context_processor
    def shared_context():
        return {"current_user": current_user(), "locale": str(get_locale()), "vocabulary": vocabulary}

    @app.template_filter("labels")
    def labels(mapping):
        """A {code: lazy label} mapping as plain strings, for JSON handed to scripts."""
        return {code: str(label) for code, label in mapping.items()}

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        message = _("This form has expired or was not sent from this site. "
                    "Reload the page and try again.")
        return render_template("error.html", message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(e):
        """JSON for the API, a page in the user's language for people."""
        messages = {400: _("The request is not valid."), 403: _("You may not do this."),
                    404: _("Not found."), 405: _("This method is not allowed here."),
                    413: _("The request is too large.")}
        message = messages.get(e.code, e.description)
        # Keep what the exception says besides its body: a 405 must name the allowed methods
        # in `Allow` (RFC 9110), and a client may rely on it. A rate limit's refusal (429)
        # says when to try again, wherever it is raised.
        headers = [(k, v) for k, v in e.get_headers() if k.lower() != "content-type"]
        if request.path.startswith("/api/"):
            return {"error": message}, e.code, headers
        return render_template("error.html", message=message), e.code, headers

    @app.route("/lang/<code>")
    def set_language(code):
        """Switch the interface language and go back where the person was."""
        response = make_response(redirect(safe_next(request.args.get("next"), "/")))
        if code in app.config["LANGUAGES"]:
            response.set_cookie(localise.LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax")
        return response
