"""Read queries for the partner directory."""

from itertools import groupby

from modellstadt.partners.models import Organisation, OrganisationKind


def directory_by_kind(kind=None):
    """[(kind_value, kind_label, [organisations])] in the order of OrganisationKind (one query)."""
    qs = Organisation.objects.select_related("logo").order_by("kind", "name")
    if kind:
        qs = qs.filter(kind=kind)
    labels = dict(OrganisationKind.choices)
    order = {value: i for i, value in enumerate(labels)}
    groups = [(k, list(orgs)) for k, orgs in groupby(qs, key=lambda o: o.kind)]
    groups.sort(key=lambda pair: order.get(pair[0], 99))
    return [(k, labels.get(k, k), orgs) for k, orgs in groups]
