import pytest

pytestmark = pytest.mark.django_db


def test_openapi_document_lists_every_operation(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/v1/standards",
        "/api/v1/standards/{reference}/versions",
        "/api/v1/standards/{reference}/{version}",
        "/api/v1/standards/{reference}/{version}/ksbs",
        "/api/v1/standards/{reference}/{version}/duties",
        "/api/v1/apprenticeships",
        "/api/v1/apprenticeships/{apprenticeship_id}",
    }
    assert document["components"]["securitySchemes"] == {
        "ApiTokenAuth": {"type": "http", "scheme": "bearer"}
    }


def test_openapi_document_names_the_allowed_statuses(client):
    document = client.get("/api/openapi.json").json()

    assert document["components"]["schemas"]["Status"]["enum"] == [
        "on_programme",
        "break_in_learning",
        "withdrawn",
        "gateway",
        "in_epa",
        "completed",
    ]


def test_docs_page_is_served(client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    assert b"/api/openapi.json" in response.content
