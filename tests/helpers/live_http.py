"""Requests against the live server as a browser would send them: a staff login, and the
CSRF token a page's forms carry (one per session, good for every form of it); and the head of
an answer read from a raw socket."""
import re

import requests

TOKEN = re.compile(r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"')


def csrf(session, url):
    """The CSRF token of the form on the page at url."""
    html = session.get(url, timeout=30).text
    match = TOKEN.search(html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def staff_session(base, username, password):
    """A requests.Session logged in as a staff member; .token is its CSRF token."""
    session = requests.Session()
    token = csrf(session, f"{base}/login")
    r = session.post(f"{base}/login", data={"username": username, "password": password,
                                            "csrf_token": token}, allow_redirects=False, timeout=30)
    assert r.status_code == 302, f"login of {username} failed: {r.status_code}"
    session.token = csrf(session, f"{base}/staff/")
    return session


def post_form(session, url, **fields):
    """POST a staff form with the session's CSRF token; the redirect is not followed."""
    return session.post(url, data={"csrf_token": session.token, **fields}, allow_redirects=False,
                        timeout=60)


def drained(session, base, every=20):
    """The session, its flashed messages shown (on a light page) every `every` calls. A
    browser shows them on the page a redirect leads to; unread, they pile up in the session
    cookie, which grows with every form sent."""
    session.posted = getattr(session, "posted", 0) + 1
    if session.posted % every == 0:
        session.get(f"{base}/", timeout=30)
    return session


def response_head(sock, rest=None):
    """The status line and headers of the next response ("" if the server closed first); what
    came after them is appended to `rest`."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, after = data.partition(b"\r\n\r\n")
    if rest is not None:
        rest.append(after)
    return head.decode("latin-1")
