"""Views: calendar."""

urlpatterns = []
