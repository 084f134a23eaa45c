from __future__ import annotations

app_name = "tracking"

urlpatterns: list = []
