"""What a web process does once it has loaded the portal, before its first request."""

import gc

from django.urls import get_resolver


def freeze_start_up_objects():
    """Loads the URLconf, then moves every object made so far (modules, models, forms, URL
    patterns: ~180,000) out of the garbage collector's passes (``gc.freeze``).

    They live as long as the process, yet each full pass of the collector walked them all: one
    request in a hundred or so took 150–240 ms longer at region scale (``make bench``). The
    passes now walk only what requests make.
    """
    get_resolver().reverse_dict  # noqa: B018 - builds the URL patterns and their reverse index
    gc.collect()  # what start-up left as garbage is freed, not frozen with the rest
    gc.freeze()
