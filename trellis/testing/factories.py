"""Factories for test data; each makes a valid record with the fewest arguments."""

from datetime import date

import factory
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.organisations.models import Membership, Organisation, User
from trellis.standards.models import Standard, StandardVersion


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    full_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"person{n}@trellis.example")
    password = factory.django.Password("correct horse battery staple")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.EMPLOYER
    epao_id = factory.LazyAttributeSequence(
        lambda o, n: f"EPA{n:04d}" if o.kind == Organisation.Kind.EPAO else ""
    )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.RoleChoice.APPRENTICE


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard
        django_get_or_create = ["reference"]

    reference = "ST9999"
    title = "Test standard"
    level = 3


class StandardVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandardVersion

    standard = factory.SubFactory(StandardFactory)
    version = "1.0"
    typical_duration_months = 12
    minimum_duration_months = 12
    rules = factory.LazyFunction(dict)
    source_file = "test"
    content_hash = "0" * 64
    loaded_at = factory.LazyFunction(timezone.now)


class ApprenticeshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Apprenticeship

    apprentice = factory.SubFactory(UserFactory)
    employer = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.EMPLOYER)
    provider = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.PROVIDER)
    standard_version = factory.SubFactory(StandardVersionFactory)
    standard = factory.SelfAttribute("standard_version.standard")
    start_date = date(2026, 1, 5)
    planned_end_date = date(2027, 7, 5)
