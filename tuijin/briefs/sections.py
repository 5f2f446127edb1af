"""The parts of a leader's one-page brief (班子成员工作汇报) that each domain contributes: their projects
with progress and warnings, their open problems, their leads, their key tasks, their hazards.

Each entry names a function `section(person, *, as_of, since) -> BriefSection | None`: `person` is the
leader (org.Person), `since` the date of their previous brief (None for the first), and the function
returns None when the leader has nothing there. `changes` lists what changed since `since`, in words."""

from dataclasses import dataclass, field

SECTIONS: list[str] = [
    "tuijin.briefs.sections_projects.projects_section",
    "tuijin.briefs.sections_projects.problems_section",
    "tuijin.tasks.brief.section",
    "tuijin.safety.brief.section",
    "tuijin.promotion.brief.section",
    "tuijin.economy.brief.section",
]


@dataclass(frozen=True)
class BriefSection:
    title: str
    columns: list[str]  # table headings
    rows: list[list[str]]  # cells already formatted for print and for Word
    changes: list[str] = field(default_factory=list)
