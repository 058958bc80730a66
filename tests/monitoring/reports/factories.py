"""Factories of periodic reports (no side effects: a report made here is not enqueued)."""

import datetime as dt

import factory
from django.utils import timezone

from monitoring.models import Report, ReportKind, ReportState, ReportSubscription
from tests.factories import StaffFactory


def _last_month():
    first = timezone.localdate().replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    kind = ReportKind.MONTHLY
    start_date = factory.LazyFunction(_last_month)
    end_date = factory.LazyAttribute(lambda o: timezone.localdate().replace(day=1) - dt.timedelta(days=1))
    title = factory.LazyAttribute(lambda o: f"{o.start_date:%m.%Y}")
    state = ReportState.QUEUED
    requested_by = factory.SubFactory(StaffFactory)


class ReportSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportSubscription

    user = factory.SubFactory(StaffFactory)
    kind = ReportKind.MONTHLY
