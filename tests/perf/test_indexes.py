"""The indexes the list pages (and `make bench`) rely on exist in the migrated database, with the
definition the lists' queries can use (issue 11)."""

import pytest
from django.db import connection

from contracts.models import Contract
from events.models import Event
from monitoring.models import DemandDeclaration, Requirement
from partners.models import Partner
from practice.models import Review, Student, Thesis

# (model, index name, what its definition must contain)
INDEXES = [
    (Contract, "contracts_list_order_idx", ["year DESC", "seq DESC", "type"]),
    (Contract, "contracts_number_trgm", ["gin", "upper", "gin_trgm_ops"]),
    (Contract, "contracts_in_force_end_idx", ["(end_date, id)", "WHERE", "signed", "active"]),
    (Partner, "partners_sort_name_idx", ["COALESCE(NULLIF", "short_name", "name", "id"]),
    (Partner, "partners_search_text_trgm", ["gin", "search_text", "gin_trgm_ops"]),
    (Partner, "partners_attention_idx", ["(status, last_activity_on, created_at)", "INCLUDE (name, id)"]),
    (Review, "practice_review_state_idx", ["(status, thesis_id)"]),
    (Student, "practice_student_last_trgm", ["gin", "upper", "last_name", "gin_trgm_ops"]),
    (Student, "practice_student_first_trgm", ["gin", "upper", "first_name", "gin_trgm_ops"]),
    (Student, "practice_student_middle_trgm", ["gin", "upper", "middle_name", "gin_trgm_ops"]),
    (Thesis, "practice_thesis_topic_trgm", ["gin", "upper", "topic", "gin_trgm_ops"]),
    (Event, "events_title_trgm", ["gin", "upper", "title", "gin_trgm_ops"]),
    (Event, "events_description_trgm", ["gin", "upper", "description", "gin_trgm_ops"]),
    (Event, "events_address_trgm", ["gin", "upper", "address", "gin_trgm_ops"]),
    (Requirement, "monitoring_req_text_trgm", ["gin", "upper", "text", "gin_trgm_ops"]),
    (Requirement, "monitoring_req_just_trgm", ["gin", "upper", "justification", "gin_trgm_ops"]),
    (Requirement, "monitoring_req_note_trgm", ["gin", "upper", "decision_note", "gin_trgm_ops"]),
    (DemandDeclaration, "monitoring_demand_comment_trgm", ["gin", "upper", "comment", "gin_trgm_ops"]),
    (DemandDeclaration, "monitoring_demand_offer_trgm", ["gin", "upper", "offer_number", "gin_trgm_ops"]),
    (DemandDeclaration, "monitoring_demand_empl_trgm", ["gin", "upper", "employer_name", "gin_trgm_ops"]),
    (DemandDeclaration, "monitoring_demand_source_trgm", ["gin", "upper", "source_name", "gin_trgm_ops"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "name", "parts"), INDEXES, ids=[name for _m, name, _p in INDEXES])
def test_the_index_exists_as_the_lists_need_it(model, name, parts):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
        assert name in constraints, f"{name} missing on {model._meta.db_table}"
        assert constraints[name]["index"]
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        (definition,) = cursor.fetchone()
    for part in parts:
        assert part.lower() in definition.lower(), f"{name}: {part!r} not in {definition}"


# The keys the contract and thesis searches find rows by, once the matching organisations, students,
# numbers and topics are looked up through the trigram indexes (``ids_or_subquery``).
SEARCH_KEYS = [(Contract, "partner_id"), (Contract, "student_id"), (Contract, "id"), (Thesis, "student_id"),
               (Thesis, "id")]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "column"), SEARCH_KEYS, ids=[f"{m._meta.db_table}.{c}" for m, c in SEARCH_KEYS])
def test_the_searches_find_rows_by_an_indexed_key(model, column):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    leading = [name for name, constraint in constraints.items() if constraint["index"] or constraint["primary_key"]
               if constraint["columns"][:1] == [column]]  # fmt: skip
    assert leading, f"no index of {model._meta.db_table} starts with {column}"


@pytest.mark.django_db
def test_the_lists_order_by_the_indexed_expressions():
    """The ORDER BY of the query that finds a page's ids (``LeanPaginator``) is the indexed
    expression itself (else the index is not used), and no list groups its rows."""
    from contracts import selectors as contract_selectors
    from partners import selectors as partner_selectors
    from tests.factories import StaffFactory

    staff = StaffFactory()
    partners_sql = str(partner_selectors.partner_list(staff).values_list("pk", flat=True).query)
    assert 'ORDER BY COALESCE(NULLIF("partners_partner"."short_name", ' in partners_sql
    # Then the id, which the ids query selects first (``ORDER BY ..., 1``).
    assert '"partners_partner"."name") ASC, 1 ASC' in partners_sql
    contracts_sql = str(contract_selectors.contract_list(staff).values_list("pk", flat=True).query)
    assert (
        'ORDER BY "contracts_contract"."year" DESC, "contracts_contract"."seq" DESC, "contracts_contract"."type" ASC'
        in contracts_sql
    )
    for full in (partner_selectors.partner_list(staff), contract_selectors.contract_list(staff)):
        assert "GROUP BY" not in str(full.query)


@pytest.mark.django_db
def test_the_trigram_extension_is_installed():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == (1,)
