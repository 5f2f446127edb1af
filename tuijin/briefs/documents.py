"""The leader's brief as a Word document, from the template briefs/docx/brief.docx (or the office's own copy
of it, kept beside the bulletin's: see bulletins.documents.template_dir)."""

import io
from pathlib import Path

from django.utils import timezone
from docxtpl import DocxTemplate

from tuijin.bulletins.documents import DOCX_TYPE, template_dir

SHIPPED = Path(__file__).resolve().parent / "docx" / "brief.docx"

__all__ = ["DOCX_TYPE", "render_brief"]


def template_path() -> Path:
    own = template_dir() / "brief.docx"
    return own if own.is_file() else SHIPPED


def render_brief(context: dict) -> bytes:
    document = DocxTemplate(str(template_path()))
    values = {key: value for key, value in context.items() if key not in {"person", "previous", "section_objects"}}
    # Autoescape: a project name with "&" or "<" must not break the document's XML.
    document.render(values, autoescape=True)
    properties = document.docx.core_properties
    properties.title = f"{context['title']} {context['person_line']}"
    properties.author = context.get("office", "")
    properties.last_modified_by = ""
    properties.created = properties.modified = timezone.now().replace(microsecond=0, tzinfo=None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
