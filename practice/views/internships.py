"""Placeholder: being written (see practice/urls.py for the view names)."""

from django.http import Http404


def __getattr__(name):
    def view(request, *args, **kwargs):
        raise Http404

    return view
