"""Views: events."""

urlpatterns = []
