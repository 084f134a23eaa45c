"""The catalogue in DCAT (W3C Data Catalog Vocabulary), as JSON-LD, for
national open-data portals (datos.gob.cl runs CKAN, whose DCAT harvester
reads it): the catalogue, the API as a data service, and each data set with
its three distributions, licence, publisher, contact and last change."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation

from . import files, selectors
from .datasets import DATASETS

LICENCE = {
    "name": "Creative Commons Atribución 4.0 Internacional (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
PUBLISHER = "Mesa de Gobierno Abierto · Ministerio Secretaría General de la Presidencia"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:modified": {"@type": "xsd:dateTime"},
    "dct:issued": {"@type": "xsd:dateTime"},
    "dcat:downloadURL": {"@type": "@id"},
    "dcat:accessURL": {"@type": "@id"},
    "dcat:landingPage": {"@type": "@id"},
    "dcat:endpointURL": {"@type": "@id"},
    "dcat:endpointDescription": {"@type": "@id"},
    "foaf:homepage": {"@type": "@id"},
    "vcard:hasEmail": {"@type": "@id"},
}
MEDIA_TYPES = {
    "csv": ("CSV", "text/csv"),
    "json": ("JSON", "application/json"),
    "xlsx": ("XLSX", files.CONTENT_TYPES["xlsx"]),
}


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _time(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def dcat(request: HttpRequest) -> dict:
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    licence = {"@id": LICENCE["url"]}
    publisher = {"@type": "foaf:Organization", "foaf:name": PUBLISHER}
    contact = {
        "@type": "vcard:Organization",
        "vcard:fn": PUBLISHER,
        "vcard:hasEmail": f"mailto:{settings.CONTACT_EMAIL}",
    }
    datasets = []
    latest = None
    for dataset in DATASETS.values():
        modified = selectors.modified(dataset)
        latest = max(latest, modified) if latest else modified
        page = _absolute(reverse("opendata:dataset", args=[dataset.slug]))
        datasets.append(
            {
                "@id": page,
                "@type": "dcat:Dataset",
                "dct:identifier": dataset.slug,
                "dct:title": str(dataset.title),
                "dct:description": str(dataset.description),
                "dct:language": language,
                "dct:modified": _time(modified),
                "dct:license": licence,
                "dct:publisher": publisher,
                "dcat:contactPoint": contact,
                "dcat:keyword": ["gobierno abierto", "Open Government Partnership", "Chile"],
                "dcat:landingPage": page,
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": f"{dataset.title} ({label})",
                        "dct:format": label,
                        "dcat:mediaType": media_type,
                        "dcat:downloadURL": _absolute(
                            reverse("opendata:download", args=[dataset.slug, fmt])
                        ),
                        "dcat:accessURL": page,
                        "dct:license": licence,
                    }
                    for fmt, (label, media_type) in MEDIA_TYPES.items()
                ],
            }
        )
    return {
        "@context": CONTEXT,
        "@id": _absolute(reverse("opendata:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": "Gobierno Abierto Chile: datos abiertos",
        "dct:description": str(
            translation.gettext(
                "The official record of Chile's Open Government action plans as open data."
            )
        ),
        "dct:language": language,
        "dct:modified": _time(latest),
        "dct:license": licence,
        "dct:publisher": publisher,
        "foaf:homepage": _absolute(reverse("opendata:index")),
        "dcat:service": {
            "@type": "dcat:DataService",
            "dct:title": "API",
            "dcat:endpointURL": _absolute(reverse("api:api-root")),
            "dcat:endpointDescription": _absolute(reverse("api:schema")),
            "dct:license": licence,
        },
        "dcat:dataset": datasets,
    }
