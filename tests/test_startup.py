"""A web process, once loaded, keeps its start-up objects out of the garbage collector's passes."""

import gc

import pytest

from partnership_portal.startup import freeze_start_up_objects


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()  # the test process goes on as it was


def test_the_start_up_objects_are_frozen_and_garbage_is_not(unfrozen):
    assert gc.get_freeze_count() == 0
    cycle = []
    cycle.append(cycle)  # garbage only the collector frees
    del cycle
    freeze_start_up_objects()
    frozen = gc.get_freeze_count()
    assert frozen > 50_000  # Django, the apps and the URL patterns
    assert not [obj for obj in gc.get_objects() if isinstance(obj, list) and obj and obj[0] is obj]


def test_the_wsgi_and_asgi_modules_freeze_on_import(unfrozen):
    import importlib

    import partnership_portal.asgi as asgi
    import partnership_portal.wsgi as wsgi

    for module in (wsgi, asgi):
        gc.unfreeze()
        importlib.reload(module)
        assert gc.get_freeze_count() > 50_000, module.__name__
