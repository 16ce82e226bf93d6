"""Script payloads, and a check that a page shows them only as text, never as live markup."""

import re
from html.parser import HTMLParser

# Each payload, were it live, would leave a trace the checker finds: a "data-xss" attribute,
# an <xss> element, an inline handler or script, a javascript: URL, or a computed template.
PAYLOADS = [
    '<script>alert("xss")</script>',
    '"><img src=x onerror=alert(1) data-xss>',
    "'><svg onload=alert(1) data-xss>",
    "javascript:alert(1)//xss",
    '<a href="javascript:alert(1)" data-xss>xss</a>',
    "</textarea><b data-xss>xss</b>",
    "</title></option></select><xss>",
    "xss-ssti-{{ 7*191 }}-{% print(7*191) %}-${7*191}",
    "\u202e<b data-xss>gnp.exe</b>\u202d xss",
    '<iframe srcdoc="<script>alert(1)</script>" data-xss></iframe>',
    "<style>/*xss*/*{display:none}</style>",
    '=HYPERLINK("http://evil.example","xss")',
    "+1+2 xss",
    "-2+3 xss",
    "@SUM(1+1) xss",
]
# Fits fields as short as 20 characters (a paper sheet's reference).
SHORT_PAYLOAD = '"><b data-xss>'
SPREADSHEET_PAYLOADS = [p for p in PAYLOADS if p[0] in "=+-@"]

RENDERED_TEMPLATE = "xss-ssti-1337"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}
NEVER_IN_THE_APP = {"xss", "iframe", "object", "embed", "base", "style", "frame", "applet"}
# A browser ignores these inside a URL scheme.
URL_NOISE = re.compile(r"[\x00-\x20]")


class _LiveMarkupFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)
        self._in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"inline script: {data.strip()[:60]!r}")

    def _check(self, tag, attrs):
        if tag in NEVER_IN_THE_APP:
            self.problems.append(f"<{tag}> element")
        if tag == "script" and not (dict(attrs).get("src") or "").startswith("/static/"):
            self.problems.append(f"script not from /static/: {attrs}")
        for name, value in attrs:
            value = value or ""
            if name == "data-xss" or name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            scheme = URL_NOISE.sub("", value).lower()
            if name in URL_ATTRIBUTES and scheme.startswith(("javascript:", "vbscript:")):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "srcdoc":
                self.problems.append(f"<{tag} srcdoc>")


def live_markup(html: str) -> list[str]:
    """What in the page would run or render as markup although the app never writes it."""
    finder = _LiveMarkupFinder()
    finder.feed(html)
    finder.close()
    problems = finder.problems
    if RENDERED_TEMPLATE in html:
        problems.append("a payload was rendered as a template")
    return problems


def assert_inert(response, where: str) -> None:
    """An HTML page shows payloads only as text; anything else is not served as HTML."""
    if response.mimetype != "text/html":
        return
    assert live_markup(response.get_data(as_text=True)) == [], where
