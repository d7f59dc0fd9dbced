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
        f"GET {apprenticeship}/evidence",
        f"POST {apprenticeship}/evidence",
        f"GET {apprenticeship}/evidence/{{item_id}}",
        f"PUT {apprenticeship}/evidence/{{item_id}}",
        f"PUT {apprenticeship}/evidence/{{item_id}}/ksbs",
        f"GET {apprenticeship}/evidence/{{item_id}}/files",
        f"POST {apprenticeship}/evidence/{{item_id}}/files",
        f"GET {apprenticeship}/evidence/{{item_id}}/files/{{file_id}}",
        f"POST {apprenticeship}/evidence/{{item_id}}/submit",
        f"POST {apprenticeship}/evidence/{{item_id}}/assess",
        f"POST {apprenticeship}/evidence/{{item_id}}/return",
        f"GET {apprenticeship}/evidence/{{item_id}}/decisions",
        f"POST {apprenticeship}/evidence/{{item_id}}/decisions/{{decision_id}}/correct",
        f"GET {apprenticeship}/coverage",
        "GET /api/v1/coverage",
        f"GET {apprenticeship}/mentoring/sessions",
        f"POST {apprenticeship}/mentoring/sessions",
        f"PUT {apprenticeship}/mentoring/sessions/{{session_id}}",
        f"DELETE {apprenticeship}/mentoring/sessions/{{session_id}}",
        f"POST {apprenticeship}/mentoring/sessions/{{session_id}}/evidence",
        f"GET {apprenticeship}/mentoring/summary",
        f"GET {apprenticeship}/cpd/records",
        f"POST {apprenticeship}/cpd/records",
        f"PUT {apprenticeship}/cpd/records/{{record_id}}",
        f"DELETE {apprenticeship}/cpd/records/{{record_id}}",
        f"POST {apprenticeship}/cpd/records/{{record_id}}/evidence",
        f"GET {apprenticeship}/showcase",
        f"PUT {apprenticeship}/showcase/sections/{{key}}",
        f"POST {apprenticeship}/showcase/submit",
        f"GET {apprenticeship}/showcase/snapshots",
        f"GET {apprenticeship}/showcase/snapshots/{{number}}",
        f"GET {apprenticeship}/showcase/snapshots/{{number}}/pdf",
        f"GET {apprenticeship}/showcase/snapshots/{{number}}/zip",
        "GET /api/v1/quality/samples",
        "POST /api/v1/quality/samples/draw",
        "POST /api/v1/quality/samples/{sample_id}/agree",
        "POST /api/v1/quality/samples/{sample_id}/refer",
        "POST /api/v1/quality/samples/{sample_id}/respond",
        "GET /api/v1/quality/report",
        "POST /api/v1/safeguarding/concerns",
        "GET /api/v1/safeguarding/concerns",
        "GET /api/v1/safeguarding/concerns/raised",
        "GET /api/v1/safeguarding/concerns/{concern_id}",
        "POST /api/v1/safeguarding/concerns/{concern_id}/triage",
        "POST /api/v1/safeguarding/concerns/{concern_id}/entries",
        "POST /api/v1/safeguarding/concerns/{concern_id}/referrals",
        "POST /api/v1/safeguarding/concerns/{concern_id}/referrals/{referral_id}/reference",
        "POST /api/v1/safeguarding/concerns/{concern_id}/shared-notes",
        "POST /api/v1/safeguarding/concerns/{concern_id}/close",
        "POST /api/v1/safeguarding/concerns/{concern_id}/reopen",
        "GET /api/v1/safeguarding/concerns/{concern_id}/files/{file_id}",
        "GET /api/v1/safeguarding/concerns/{concern_id}/reads",
        "GET /api/v1/safeguarding/shared-notes",
        "GET /api/v1/safeguarding/shared-notes/{note_id}",
        f"GET {apprenticeship}/gateway",
        f"POST {apprenticeship}/gateway/declarations",
        f"POST {apprenticeship}/gateway/overrides",
        f"POST {apprenticeship}/gateway/submissions",
        f"GET {apprenticeship}/gateway/attempts",
        "GET /api/v1/gateway/submissions",
        "GET /api/v1/gateway/submissions/{attempt_id}",
        "POST /api/v1/gateway/submissions/{attempt_id}/accept",
        "POST /api/v1/gateway/submissions/{attempt_id}/return",
        "GET /api/v1/gateway/submissions/{attempt_id}/showcase/pdf",
        "GET /api/v1/gateway/submissions/{attempt_id}/showcase/zip",
        "GET /api/v1/bookings",
        "GET /api/v1/bookings/{booking_id}",
        "POST /api/v1/bookings/{booking_id}/date-ranges",
        "POST /api/v1/bookings/{booking_id}/assessor",
        "POST /api/v1/bookings/{booking_id}/dates",
        "GET /api/v1/bookings/{booking_id}/dates/{date_id}.ics",
        "GET /api/v1/bookings/{booking_id}/showcase/pdf",
        "GET /api/v1/bookings/{booking_id}/showcase/zip",
        "POST /api/v1/booking-dates/{date_id}/move",
        "POST /api/v1/booking-dates/{date_id}/cancel",
        "GET /api/v1/assessors/me/conflicts",
        "POST /api/v1/assessors/me/conflicts",
        "POST /api/v1/assessors/me/conflicts/{conflict_id}/withdraw",
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
