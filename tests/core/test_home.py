from __future__ import annotations


def test_the_front_page_points_a_newcomer_to_the_docs_the_admin_and_the_probes(client):
    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    for link in ('href="/api/docs/"', 'href="/admin/"', 'href="/healthz"'):
        assert link in page
    assert "script-src 'self'" in response["Content-Security-Policy"]
