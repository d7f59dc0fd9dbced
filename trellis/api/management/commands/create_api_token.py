from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.api.services import api_token_create
from trellis.organisations.models import User


class Command(BaseCommand):
    help = "Create an API token for a person and print it; it cannot be shown again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The email address the person signs in with.")
        parser.add_argument("--name", default="", help="A short label for the token.")

    def handle(self, *args, email: str, name: str, **options) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No person with the email address {email}.")
        if not user.is_active:
            raise CommandError(f"{user.email}'s account is inactive, so a token would not work.")
        try:
            api_token, token = api_token_create(user=user, name=name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"Created API token {api_token.key_prefix}… for {user.email}. "
            "It is shown only once: copy it now and keep it secret."
        )
        # The token is the last word, so scripts can take it with `awk 'END {print $NF}'`.
        self.stdout.write(token)
