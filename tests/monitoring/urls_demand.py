"""URL-by-role rows and world objects of monitoring: hiring demand."""

from django.utils import timezone

from monitoring.models import DemandDeclaration, DemandImport, DemandSource
from tests.factories import SpecialtyFactory
from tests.url_table import ANY_USER, OWN_ORGANISATION, OWN_ORGANISATION_ACTION, STAFF_ONLY, Row

ROWS = {
    # Employers list and declare their own organisation's needs; staff see and record all.
    "monitoring:demand_list": Row(ANY_USER),
    "monitoring:demand_create": Row(ANY_USER),
    "monitoring:demand_edit": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.demand_a.pk}),
    "monitoring:demand_delete": Row(OWN_ORGANISATION_ACTION, kwargs=lambda w: {"pk": w.demand_a.pk}),
    "monitoring:demand_supply": Row(STAFF_ONLY),
    "monitoring:demand_supply_export": Row(STAFF_ONLY),
    "monitoring:demand_import_start": Row(STAFF_ONLY),
    "monitoring:demand_import_template": Row(STAFF_ONLY),
    "monitoring:demand_import_detail": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.demand_import.pk}),
}


def world(base):
    """Organisation A's own declaration, and an import with errors."""
    specialty = SpecialtyFactory(code="15.02.16", name="Технология машиностроения")
    demand_a = DemandDeclaration.objects.create(
        specialty=specialty,
        year=timezone.localdate().year + 1,
        people=4,
        partner=base.partner_a,
        source=DemandSource.PARTNER,
        created_by=base.employer_a,
    )
    demand_import = DemandImport.objects.create(uploaded_by=base.staff, file_name="vacancies.xlsx", status="invalid")
    return {"demand_a": demand_a, "demand_import": demand_import, "admin_objects": [demand_a, demand_import]}
