"""Helpers of the hostile-input suite: the values, a reader of the forms a page offers, and the checks on an
answer. The suite finds forms and query parameters by reading the pages themselves, so a form added later is
fed the same values without anyone listing it here."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
# What a value must never come back as: markup the browser would run.
RAW_MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"

HOSTILE = {
    "empty": "",
    "huge": "长" * 100_000,
    # A digit to str.isdigit() that int() refuses, and an exponent no Decimal field or date can hold.
    "unicode_digit": "²",
    "wrong_type": "-1e999999",
    "nul": "a\x00b",
    "script": SCRIPT + IMAGE,
}

# Query parameters the pages read by hand (besides those of their filter forms): each one is tried.
COMMON_PARAMS = ["q", "page", "status", "kind", "department", "programme", "at", "as_of", "month", "metric",
                 "category", "leader", "next", "sort", "level", "live", "mine", "by", "group", "stage", "region",
                 "started", "year", "period", "project"]
# Hidden fields kept as the page gave them: they say which form was sent, not what it holds.
KEPT = {"csrfmiddlewaretoken", "action", "token", "next"}

CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Form:
    action: str
    method: str
    fields: list[dict] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)
    multipart: bool = False


class FormReader(HTMLParser):
    """Every <form> of a page with its named fields and submit buttons."""

    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = Form(action=a.get("action") or "", method=(a.get("method") or "get").lower(),
                              multipart="multipart" in (a.get("enctype") or ""))
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        kind = (a.get("type") or ("submit" if tag == "button" else "text")).lower()
        name = a.get("name")
        if tag == "button" or (tag == "input" and kind == "submit"):
            if name:
                self._form.buttons.append((name, a.get("value") or ""))
        elif tag in {"input", "textarea", "select"} and name:
            entry = {"name": name, "tag": tag, "type": kind, "value": a.get("value") or "", "options": []}
            self._form.fields.append(entry)
            if tag == "select":
                self._select = entry
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_of(html: str) -> list[Form]:
    reader = FormReader()
    reader.feed(html)
    return reader.forms


def hostile_post(form: Form, value: str) -> dict:
    """The data of `form` with every field the user fills set to `value` (a file field gets a file whose
    content is `value`), the fields that name the form kept, and the first named submit button pressed."""
    data: dict = {}
    for entry in form.fields:
        name = entry["name"]
        if entry["type"] == "hidden" and name in KEPT:
            data[name] = entry["value"]
        elif entry["type"] == "file":
            data[name] = SimpleUploadedFile("hostile.docx", value.encode("utf-8", "surrogatepass") or b"")
        else:
            data[name] = value
    if form.buttons:
        name, button_value = form.buttons[0]
        data.setdefault(name, button_value)
    return data


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def body(response) -> str:
    return response.content.decode("utf-8", "replace")


def assert_no_raw_markup(response, where: str) -> None:
    if not is_html(response):
        return
    text = body(response)
    for raw in RAW_MARKUP:
        assert raw not in text, f"{where}: the page shows {raw!r} as markup, not as text"


FEEDBACK = [
    re.compile(r'<ul class="errorlist[^"]*"[^>]*>\s*<li>([^<]*)'),  # a field's or the form's errors
    re.compile(r'<div class="alert[^"]*"[^>]*>(.*?)</div>', re.S),  # messages and error summaries
    re.compile(r'<div class="text-danger small">([^<]*)'),  # the login page's field errors
]
TAG = re.compile(r"<[^>]+>")


def chinese_feedback(response) -> list[str]:
    """The messages (errors, warnings, successes) a page shows, those that speak Chinese."""
    text = body(response)
    found = [TAG.sub("", m).strip() for pattern in FEEDBACK for m in pattern.findall(text)]
    return [m for m in found if CJK.search(m)]
