"""The DCAT catalogue (JSON-LD) that national open-data portals harvest:
every data set, with its three files, licence, publisher and last change."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import resolve

from opendata.datasets import DATASETS

pytestmark = pytest.mark.django_db


def test_the_catalogue_describes_every_data_set_and_its_files(client, world, settings):
    response = client.get("/datos-abiertos/catalogo.jsonld")
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    catalogue = json.loads(response.content)
    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
    assert catalogue["dcat:service"]["dcat:endpointURL"] == settings.SITE_URL + "/api/v1/"
    datasets = {d["dct:identifier"]: d for d in catalogue["dcat:dataset"]}
    assert set(datasets) == set(DATASETS)
    for slug, entry in datasets.items():
        assert entry["dct:title"] == str(DATASETS[slug].title)
        dt.datetime.fromisoformat(entry["dct:modified"])
        formats = {d["dct:format"]: d for d in entry["dcat:distribution"]}
        assert set(formats) == {"CSV", "JSON", "XLSX"}
        for distribution in formats.values():
            path = distribution["dcat:downloadURL"].removeprefix(settings.SITE_URL)
            assert resolve(path).url_name == "download"
            assert client.head(path).status_code == 200


def test_the_catalogue_follows_the_language_asked_for(client, world):
    spanish = json.loads(client.get("/datos-abiertos/catalogo.jsonld").content)
    english = json.loads(client.get("/en/datos-abiertos/catalogo.jsonld").content)
    assert spanish["dct:language"] == "es" and english["dct:language"] == "en"
    assert {d["dct:title"] for d in english["dcat:dataset"]} >= {"Commitments", "Milestones"}
