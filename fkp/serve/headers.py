"""A request's header lines as gevent's WSGI handler reads them, without the e-mail parser.

gevent's pywsgi reads the headers with http.client.parse_headers, which runs them through
Python's e-mail package (a feed parser, a policy, a Message): 5 % of an input's server time
under scripts/bench --profile, for a dozen lines. RequestHeaders reads the same lines with the
same bounds (a line of at most 64 KiB, at most 100 headers) and answers what pywsgi asks of them.
What an e-mail parser would put up with and HTTP does not is refused (pywsgi answers 400): a
line without a colon, a name with spaces around it, and a continuation line (obsolete line
folding, which RFC 9112 lets a server refuse).
"""
MAX_LINE = 65536
MAX_HEADERS = 100


class RequestHeaders:
    __slots__ = ("status", "_lines", "_first")

    def __init__(self, fp):
        self.status = ""
        self._lines, self._first = [], {}  # raw lines; lower-case name -> the first value
        while True:
            line = fp.readline(MAX_LINE + 1)
            if len(line) > MAX_LINE:
                self.status = "Line too long"
                return
            if line in (b"\r\n", b"\n", b""):
                return
            if len(self._lines) == MAX_HEADERS:
                self.status = f"More than {MAX_HEADERS} headers"
                return
            text = line.decode("latin-1")
            name, colon, value = text.partition(":")
            if not colon or not name or name != name.strip() or text[0] in " \t":
                self.status = "Invalid header line"
                return
            self._lines.append(text if text.endswith("\r\n") else text.rstrip("\n") + "\r\n")
            self._first.setdefault(name.lower(), value.strip())

    def get(self, name, default=None):
        return self._first.get(name.lower(), default)

    getheader = get

    def __contains__(self, name):
        return name.lower() in self._first

    def __delitem__(self, name):
        key = name.lower()
        if key not in self._first:
            raise KeyError(name)
        del self._first[key]
        self._lines = [line for line in self._lines if line.partition(":")[0].lower() != key]

    @property
    def headers(self):
        """Each header as its line ("Name: value\\r\\n"), as pywsgi builds the environ from them."""
        return iter(self._lines)

    @property
    def typeheader(self):
        return self._first.get("content-type")
