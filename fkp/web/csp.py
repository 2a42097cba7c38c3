"""The Content Security Policy every page is served with.

No inline script anywhere: every script is a file under /static. No page may be framed,
except the display, which the moderator's console shows small as its preview.
"""
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")
FRAMED_BY_THIS_SERVER = CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
