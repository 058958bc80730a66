"""Views of the practice app, one module per area (see ``practice/urls.py``)."""
