"""URLs: demand."""

urlpatterns = []
