"""Learning records for tests: enrolments made the way students make them."""

import factory

from enrolment.models import Enrolment


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment
        django_get_or_create = ["user", "course"]

    status = Enrolment.Status.ACTIVE
    source = Enrolment.Source.FREE
