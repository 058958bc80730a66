"""Views: councils."""

urlpatterns = []
