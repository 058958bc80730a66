"""URLs: reports."""

urlpatterns = []
