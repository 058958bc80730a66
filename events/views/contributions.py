"""Views: contributions."""

urlpatterns = []
