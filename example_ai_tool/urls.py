from django.urls import path

from . import views

app_name = "example_ai_tool"
urlpatterns = [path("", views.budget_coach, name="budget-coach")]
