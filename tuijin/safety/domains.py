"""The ten domains of the seed page, for the demo and for a database whose rows were flushed after the data
migration (the migration 0002_seed_domains keeps its own frozen copy of the list)."""

from .models import Domain

SEED_DOMAINS = ["消防安全", "交通道路", "建筑施工", "高层建筑", "城乡燃气", "危化品企业", "城中村", "自建房", "校园安全",
                "食品安全"]


def seed_domains() -> dict[str, Domain]:
    """The seed's domains by name, created where missing (an admin's renaming or retiring is left alone)."""
    return {name: Domain.objects.get_or_create(name=name, defaults={"order": order})[0]
            for order, name in enumerate(SEED_DOMAINS, 1)}
