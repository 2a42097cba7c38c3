"""How large a request a route accepts, known before anything reads its body.

The app caps every request at MAX_CONTENT_LENGTH (64 KB): no text form or API call needs more,
and a client cannot make the server read megabytes for a form of a few fields. A route that takes
a file (a photo, a signed scan, a saved chat, a logo, a forum file) or a very long form (the
drafts page) declares its own cap with `@accepts(n)`, n being the largest its form promises.
Setting `request.max_content_length` in the view was too late: CSRFProtect checks the token in
a before_request, which parses the form, so the body was read — and refused with a bare 413 —
under the app's cap before the view ever ran. Flask knows the matched route before any
before_request, so the request class reads the cap from the route's view.
"""
from flask import Request as FlaskRequest
from flask import current_app

# The multipart envelope and the form's other fields around the file: a file of exactly the
# promised size fits, and one a byte larger reaches the view, which says why it is refused.
ENVELOPE = 64 * 1024


def accepts(file_bytes):
    """Mark a view (put it right under @bp.route) as accepting a file of up to file_bytes."""
    def mark(view):
        view.max_content_length = file_bytes + ENVELOPE
        return view
    return mark


def megabytes(file_bytes):
    return file_bytes // (1024 * 1024)


class Request(FlaskRequest):
    """Flask's request, whose size cap is the matched route's when it declared one."""

    @property
    def max_content_length(self):
        if self._max_content_length is not None:  # set on this request by hand
            return self._max_content_length
        if current_app and self.url_rule is not None:
            view = current_app.view_functions.get(self.url_rule.endpoint)
            declared = getattr(view, "max_content_length", None)
            if declared is not None:
                return declared
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value):
        self._max_content_length = value


def init_app(app):
    app.request_class = Request
