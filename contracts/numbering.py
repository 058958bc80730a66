"""Contract numbers: consecutive and gapless per type and year, also under concurrency.

The counter row of (type, year) is locked with SELECT ... FOR UPDATE and incremented inside the
transaction that creates the contract: concurrent creators wait for each other, and a creator
that rolls back gives its number back. Numbered contracts are never deleted (they are
terminated), so no gap appears later either.
"""

from django.db import IntegrityError, transaction

from .models import DEFAULT_PATTERNS, NumberCounter, NumberPattern


def pattern_for(contract_type):
    pattern = NumberPattern.objects.filter(type=contract_type).values_list("pattern", flat=True).first()
    return pattern or DEFAULT_PATTERNS[contract_type]


def format_number(pattern, *, seq, year):
    return pattern.replace("{seq}", str(seq)).replace("{year}", str(year))


def next_number(contract_type, year):
    """(seq, number) for a new contract; must be called inside the creating transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the transaction that creates the contract")
    counter = NumberCounter.objects.select_for_update().filter(type=contract_type, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                NumberCounter.objects.create(type=contract_type, year=year, last=0)
        except IntegrityError:
            pass  # another transaction created it first: lock theirs
        counter = NumberCounter.objects.select_for_update().get(type=contract_type, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last, format_number(pattern_for(contract_type), seq=counter.last, year=year)
