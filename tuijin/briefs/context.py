"""What a leader's brief says, as one dict for the printable page and the Word document alike."""

from datetime import date

from django.utils.translation import gettext as _

from tuijin.bulletins.context import date_text, office_name

from .sections_projects import KEY_FIGURE_LABELS, shared_evaluations
from .selectors import previous_brief, sections_for, snapshot

CHINESE_NUMBERS = "一二三四五六七八九十"


def _figure_rows(now: dict, then: dict | None) -> list[dict]:
    rows = [{"label": str(label), "then": (then or {}).get("figures", {}).get(key, "—") if then else "—",
             "now": now["figures"][key]} for key, label in KEY_FIGURE_LABELS.items()]
    titles = list(now["sections"]) + [t for t in (then or {}).get("sections", {}) if t not in now["sections"]]
    for title in titles:
        rows.append({"label": _("%(t)s（条）") % {"t": title},
                     "then": (then or {}).get("sections", {}).get(title, "—") if then else "—",
                     "now": now["sections"].get(title, 0)})
    return rows


def brief_context(person, *, as_of: date, issued_on: date | None = None) -> dict:
    previous = previous_brief(person, as_of)
    since = previous.as_of if previous else None
    with shared_evaluations():
        sections = sections_for(person, as_of=as_of, since=since)
        current = snapshot(person, as_of=as_of, sections=sections)
    changes = [line for section in sections for line in section.changes]
    numbered = [{"number": f"（{CHINESE_NUMBERS[i] if i < 10 else i + 1}）", "title": s.title, "columns": s.columns,
                 "rows": s.rows, "changes": s.changes} for i, s in enumerate(sections)]
    who = person.title or person.name
    return {
        "person": person, "as_of": as_of, "since": since, "previous": previous,
        "title": _("班子成员近期工作情况汇报"),
        "person_line": who if person.title and person.name in person.title else f"{person.name}（{who}）"
        if person.title else person.name,
        "period_line": (_("数据截至%(a)s；变化自上次汇报（%(s)s）起") % {"a": date_text(as_of), "s": date_text(since)}
                        if since else _("数据截至%(a)s；首次汇报") % {"a": date_text(as_of)}),
        "then_heading": _("上次汇报（%(d)s）") % {"d": date_text(since)} if since else _("上次汇报"),
        "now_heading": _("本次（%(d)s）") % {"d": date_text(as_of)},
        "figures": _figure_rows(current, previous.snapshot if previous else None),
        "changes": changes,
        "no_changes": _("首次汇报，无对比。") if since is None else _("上次汇报以来无变化。"),
        "sections": numbered, "section_objects": sections,
        "no_sections": _("无分管事项。"),
        "snapshot": current,
        "office": office_name(),
        "date_text": date_text(issued_on or as_of),
    }
