from django.contrib import admin

from news.models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "order", "show_in_menu", "show_officials", "is_published", "updated_at"]
    list_editable = ["order"]
    list_filter = ["is_published", "show_in_menu"]
    search_fields = ["title", "summary"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        ("Hiển thị", {"fields": ["order", "show_in_menu", "show_officials", "is_published"]}),
    ]
    view_on_site = True
