"""The parts of the demo zone that other domains build after the projects and the dispatch history
(招商 leads and signings, the funding reserve, indicators, services, hazards, tasks, tours).

Each entry names a function `build(zone: ZoneBuilder) -> None` that reads what the zone already holds
(zone.zone, zone.departments, zone.leaders, zone.enterprises, zone.users, zone.list_projects …) and writes
through its own app's services. The list fixes the order."""

EXTRA_BUILDERS: list[str] = [
    "tuijin.promotion.demo.build",
    "tuijin.funding.demo.build",
    "tuijin.tours.demo.build",
    "tuijin.safety.demo.build",
    "tuijin.tasks.demo.build",
    "tuijin.economy.demo.build",
    "tuijin.assist.demo.build",
    # the briefs snapshot every domain's figures: keep this last
    "tuijin.briefs.demo.build",
]
