"""The forms of a page, read like a browser reads them, and filled with payloads."""

from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

TEXT_TYPES = {"text", "search", "url", "tel"}


@dataclass
class Field:
    name: str
    kind: str  # input type, "textarea" or "select"
    value: str = ""
    checked: bool = False
    options: list[str] = field(default_factory=list)
    selected: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)

    @property
    def text_fields(self) -> list[Field]:
        return [f for f in self.fields if f.kind in TEXT_TYPES or f.kind == "textarea"]


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._text: Field | None = None
        self._select: Field | None = None
        self._option: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = Form(attrs.get("action", ""), attrs.get("method", "get").lower())
            self.forms.append(self._form)
        if self._form is None or (tag != "option" and "name" not in attrs and tag != "button"):
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind == "submit":
                self._form.buttons.append((attrs["name"], attrs.get("value", "")))
            else:
                self._form.fields.append(
                    Field(attrs["name"], kind, attrs.get("value", ""), "checked" in attrs)
                )
        elif tag == "textarea":
            self._text = Field(attrs["name"], "textarea")
            self._form.fields.append(self._text)
        elif tag == "select":
            self._select = Field(attrs["name"], "select")
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select.selected.append(attrs.get("value", ""))
        elif tag == "button" and attrs.get("type", "submit") == "submit" and "name" in attrs:
            self._form.buttons.append((attrs["name"], attrs.get("value", "")))

    def handle_data(self, data):
        if self._text is not None:
            self._text.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            if self._text is not None:
                # The parser keeps the newline that follows <textarea>; a browser drops it.
                self._text.value = self._text.value.removeprefix("\n")
            self._text = None
        elif tag == "select":
            self._select = None


def forms_in(html: str) -> list[Form]:
    reader = _FormReader()
    reader.feed(html)
    reader.close()
    return reader.forms


def filled(form: Form, next_payload, *, number="3") -> dict:
    """What a browser would send with every text box holding a payload: the rest keeps its
    value, or the first choice when nothing is chosen yet."""
    data: dict[str, list[str]] = {}
    groups: dict[str, list[Field]] = {}
    for item in form.fields:
        groups.setdefault(item.name, []).append(item)
    for name, items in groups.items():
        first = items[0]
        if first in form.text_fields and name != "website":
            data[name] = [next_payload()]
        elif first.kind == "select":
            chosen = first.selected or [next((o for o in first.options if o), "")]
            data[name] = chosen
        elif first.kind in ("checkbox", "radio"):
            checked = [item.value for item in items if item.checked]
            # A lone checkbox is a yes/no: left as it is; a group gets at least one choice.
            data[name] = checked or ([items[0].value] if len(items) > 1 else [])
        elif first.kind == "number":
            data[name] = [first.value or number]
        elif first.kind == "date":
            data[name] = [first.value or date.today().isoformat()]
        elif first.kind == "email":
            data[name] = [first.value or f"xss-{id(form)}@example.org"]
        elif first.kind == "password":
            from tests.conftest import PASSWORD

            data[name] = [PASSWORD]
        else:
            data[name] = [first.value]
    if form.buttons:
        name, value = form.buttons[0]
        data[name] = [value]
    return {name: values for name, values in data.items() if values}
