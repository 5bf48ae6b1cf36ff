from django.contrib import admin

from citizens.models import Official


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "unit", "phone", "email", "is_leader", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_leader", "is_active"]
    search_fields = ["name", "title", "unit", "email"]
