"""URLs: employment."""

urlpatterns = []
