import pytest

pytestmark = pytest.mark.django_db


def test_openapi_document_lists_every_operation(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    operations = {
        f"{method.upper()} {path}"
        for path, methods in document["paths"].items()
        for method in methods
    }
    apprenticeship = "/api/v1/apprenticeships/{apprenticeship_id}"
    assert operations == {
        "GET /api/v1/standards",
        "GET /api/v1/standards/{reference}/versions",
        "GET /api/v1/standards/{reference}/{version}",
        "GET /api/v1/standards/{reference}/{version}/ksbs",
        "GET /api/v1/standards/{reference}/{version}/duties",
        "GET /api/v1/apprenticeships",
        f"GET {apprenticeship}",
        f"GET {apprenticeship}/plan",
        f"GET {apprenticeship}/plan/versions",
        f"POST {apprenticeship}/plan/activities",
        f"PATCH {apprenticeship}/plan/activities/{{activity_id}}",
        f"DELETE {apprenticeship}/plan/activities/{{activity_id}}",
        f"POST {apprenticeship}/plan/sign",
        f"GET {apprenticeship}/reviews",
        f"POST {apprenticeship}/reviews",
        f"GET {apprenticeship}/reviews/schedule",
        f"GET {apprenticeship}/reviews/{{review_id}}",
        f"POST {apprenticeship}/reviews/{{review_id}}/sign",
        f"POST {apprenticeship}/reviews/{{review_id}}/correction",
        f"GET {apprenticeship}/otj",
        f"POST {apprenticeship}/otj/entries",
        f"POST {apprenticeship}/otj/entries/{{entry_id}}/confirm",
        f"POST {apprenticeship}/otj/entries/{{entry_id}}/reject",
        f"GET {apprenticeship}/otj/prior-learning-reduction",
        f"PUT {apprenticeship}/otj/prior-learning-reduction",
        f"GET {apprenticeship}/qualifications",
        f"PUT {apprenticeship}/qualifications/safeguarding",
        f"PUT {apprenticeship}/qualifications/english-maths/{{subject}}",
        f"POST {apprenticeship}/qualifications/additional",
        f"PATCH {apprenticeship}/qualifications/additional/{{qualification_id}}",
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
