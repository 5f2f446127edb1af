"""The seed's themes of key work, for the demo and for a database whose rows were flushed after the data
migration (0002_seed_themes keeps its own frozen copy of the list)."""

from .models import Theme

SEED_THEMES = ["改革赋能", "创新引领", "产业支撑", "民生实事", "党建"]


def seed_themes() -> dict[str, Theme]:
    return {name: Theme.objects.get_or_create(name=name, defaults={"order": order})[0]
            for order, name in enumerate(SEED_THEMES, 1)}
