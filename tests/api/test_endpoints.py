"""What a client of /api/v1/ gets: the official record, public fields, the
OGP identifier, the milestones' latest status, pages through a cursor,
filters, and a clear 400 for a filter that makes no sense."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def results(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_root_lists_every_endpoint(client):
    names = set(client.get("/api/v1/").json())
    assert names == {
        "plans",
        "stages",
        "institutions",
        "commitments",
        "proposals",
        "events",
        "drafts",
        "progress-updates",
    }


def test_a_commitment_has_its_ogp_id_milestones_and_their_latest_status(client, world):
    [commitment] = results(client, "/api/v1/commitments/")
    assert commitment["ogp_id"] == "CL0099"
    assert commitment["plan_number"] == 7
    assert commitment["responsible_institution"]["name"]
    first, second = commitment["milestones"]
    # The disputed "complete" and the withdrawn "substantial" do not count.
    assert first["reported_completion"] == "limited"
    assert first["latest_update"] == world["update"].pk
    assert second["reported_completion"] == "no_evidence"
    assert second["irm_completion"] == "limited"
    assert commitment["reported_completion"] == "limited"
    assert commitment["reported_progress"] == 16  # 1 of 6 points
    assert commitment["url"].endswith("/planes/plan-7-2030-2032/compromisos/1/")


def test_only_the_official_record_is_listed(client, world):
    titles = [p["title"] for p in results(client, "/api/v1/proposals/")]
    assert "Propuesta de demostración" not in titles
    assert [c["title"] for c in results(client, "/api/v1/commitments/")] == [
        world["commitment"].title
    ]
    assert [p["slug"] for p in results(client, "/api/v1/plans/")] == ["plan-7-2030-2032"]


def test_only_published_proposals_and_drafts_are_listed(client, world):
    codes = {p["tracking_code"] for p in results(client, "/api/v1/proposals/")}
    assert codes == {world["hidden"].tracking_code, world["shown"].tracking_code}
    assert [d["id"] for d in results(client, "/api/v1/drafts/")] == [world["draft"].pk]


def test_a_proposal_carries_its_public_trail_and_a_name_only_if_shown(client, world):
    by_code = {p["tracking_code"]: p for p in results(client, "/api/v1/proposals/")}
    hidden, shown = by_code[world["hidden"].tracking_code], by_code[world["shown"].tracking_code]
    assert hidden["proposer_name"] == ""
    assert shown["proposer_name"] == "Persona Que Quiso Mostrarse"
    assert [step["to_status"] for step in hidden["trail"]] == ["published"]
    assert "internal_note" not in hidden["trail"][0]


def test_progress_updates_are_public_ones_with_their_evidence(client, world):
    updates = {u["id"]: u for u in results(client, "/api/v1/progress-updates/")}
    assert set(updates) == {world["update"].pk, world["disputed"].pk}
    assert updates[world["disputed"].pk]["disputed"] is True
    evidence = updates[world["update"].pk]["evidence"]
    assert {e["content_type"] for e in evidence} == {"application/pdf", ""}
    assert any("/repositorio/evidencia/" in e["url"] for e in evidence)


def test_a_session_shows_no_link_to_join_nor_who_registered(client, world):
    for event in results(client, "/api/v1/events/"):
        assert "online_url" not in event
        assert "registrations" not in event


def test_filters_narrow_a_list(client, world):
    plan = world["plan"].pk
    assert results(client, f"/api/v1/commitments/?plan={plan}&ogp_value=participation")
    assert not results(client, f"/api/v1/commitments/?plan={plan}&ogp_value=technology")
    assert results(client, "/api/v1/commitments/?ogp_id=CL0099")
    assert len(results(client, "/api/v1/events/?kind=table")) == 1
    assert len(results(client, "/api/v1/progress-updates/?disputed=false")) == 1


@pytest.mark.parametrize(
    "query",
    ["plan=uno", "plan=1.5", "plan=99999999999999999999", "ogp_value=honesty", "page_size=0"],
)
def test_a_filter_that_makes_no_sense_is_a_400_saying_why(client, world, query):
    response = client.get(f"/api/v1/commitments/?{query}")
    assert response.status_code == 400
    assert response.json()[query.split("=")[0]]


def test_pages_follow_a_cursor_without_repeating_or_missing_a_row(client, world):
    ids, path = [], "/api/v1/proposals/?page_size=1"
    while path:
        page = client.get(path).json()
        ids += [p["id"] for p in page["results"]]
        path = page["next"]
    assert len(ids) == 2 and ids == sorted(set(ids))


def test_an_unknown_record_or_cursor_is_a_json_404(client, world):
    for path in ("/api/v1/proposals/999999/", "/api/v1/proposals/abc/", "/api/v1/plans/?cursor=x"):
        response = client.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"


def test_a_demonstration_record_is_not_found_by_id(client, world):
    from proposals.models import Proposal

    demo = Proposal.objects.get(title="Propuesta de demostración")
    assert client.get(f"/api/v1/proposals/{demo.pk}/").status_code == 404


def test_the_api_is_read_only(client, world):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/proposals/", data={})
        assert response.status_code == 405


def test_the_api_sets_no_cookie(client, world):
    response = client.get("/api/v1/proposals/")
    assert not response.cookies
