from io import StringIO

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from trellis.api.models import ApiToken
from trellis.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue()


def test_prints_a_token_that_works(client):
    user = UserFactory(email="amara@trellis.example")

    output = run("Amara@Trellis.example", "--name", "Reporting")

    assert "shown only once" in output
    token = output.split()[-1]
    api_token = ApiToken.objects.get()
    assert api_token.user == user
    assert api_token.name == "Reporting"
    assert token.startswith(api_token.key_prefix)
    response = client.get("/api/v1/standards", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_an_unknown_email_fails_and_creates_nothing():
    with pytest.raises(
        CommandError, match=r"^No person with the email address nobody@x\.example\.$"
    ):
        run("nobody@x.example")

    assert not ApiToken.objects.exists()


def test_an_inactive_person_gets_no_token():
    UserFactory(email="gone@trellis.example", is_active=False)

    with pytest.raises(CommandError, match="inactive"):
        run("gone@trellis.example")

    assert not ApiToken.objects.exists()


def test_a_name_that_is_too_long_fails_and_creates_nothing():
    UserFactory(email="amara@trellis.example")

    with pytest.raises(CommandError, match="at most 100 characters"):
        run("amara@trellis.example", "--name", "x" * 101)

    assert not ApiToken.objects.exists()


def test_an_unknown_email_exits_non_zero(capsys):
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "create_api_token", "nobody@x.example"]).execute()

    assert exit_info.value.code != 0
    assert "No person with the email address nobody@x.example." in capsys.readouterr().err
