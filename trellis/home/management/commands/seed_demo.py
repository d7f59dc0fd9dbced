from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from trellis.home.demo import (
    LOGINS,
    DemoDataError,
    DemoDataPresent,
    demo_is_present,
    demo_logins_exist,
    demo_seed,
    demo_standards,
)

ALREADY_PRESENT = "Demo data already present: nothing changed."


class Command(BaseCommand):
    help = (
        "Add a demo training provider, employers, EPAO, staff and apprentices, then print "
        "the demo log-ins. Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        output = parser.add_mutually_exclusive_group()
        output.add_argument("--quiet", action="store_true", help="Print nothing on success.")
        output.add_argument(
            "--logins",
            action="store_true",
            help="Print the demo log-ins only, without adding anything.",
        )

    def handle(self, *args, quiet: bool, logins: bool, **options) -> None:
        if logins:
            self.logins_print()
            return
        if demo_is_present():
            self.say(ALREADY_PRESENT, quiet=quiet)
            return
        standards = demo_standards()
        if standards is None:
            raise CommandError(
                "Load the standards first: manage.py import_ifate, then manage.py load_standards"
            )
        try:
            summary = demo_seed(standards=standards, today=timezone.localdate())
        except DemoDataPresent:
            self.say(ALREADY_PRESENT, quiet=quiet)
            return
        except DemoDataError as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(f"Demo data not added: {' '.join(error.messages)}") from None
        if not quiet:
            self.stdout.write(summary.describe())
            self.stdout.write("")
            self.logins_print()

    def say(self, message: str, *, quiet: bool) -> None:
        if not quiet:
            self.stdout.write(message)

    def logins_print(self) -> None:
        """Print one demo person per role, with what they see, and where to sign in."""
        if not demo_logins_exist():
            raise CommandError("The demo data is not loaded. Run: manage.py seed_demo")
        role_width = max(len(login.role_label) for login in LOGINS)
        email_width = max(len(login.email) for login in LOGINS)
        self.stdout.write(f"Demo log-ins (password: {settings.TRELLIS_DEMO_PASSWORD})")
        for login in LOGINS:
            self.stdout.write(
                f"  {login.role_label:<{role_width}}  {login.email:<{email_width}}  {login.shows}"
            )
        self.stdout.write("")
        self.stdout.write(f"Sign in at {settings.SITE_URL.rstrip('/')}/")
