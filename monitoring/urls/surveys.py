"""URLs: surveys."""

urlpatterns = []
