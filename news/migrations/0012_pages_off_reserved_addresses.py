"""An introduction page whose address is now the leaders' page or the map (/gioi-thieu/lanh-dao/,
/gioi-thieu/ban-do-hanh-chinh/) moves to the same address with «-2» (or the next free number), so that
neither the page nor the new route hides the other. Its old address then shows the new page: staff are
told in the release note (README) to check the links they published."""

from django.db import migrations

RESERVED = ("lanh-dao", "ban-do-hanh-chinh")


def move_pages(apps, schema_editor):
    Page = apps.get_model("news", "Page")
    for page in Page.objects.filter(slug__in=RESERVED):
        taken = set(Page.objects.filter(unit_id=page.unit_id).values_list("slug", flat=True))
        n = 2
        while f"{page.slug}-{n}" in taken:
            n += 1
        Page.objects.filter(pk=page.pk).update(slug=f"{page.slug}-{n}")


class Migration(migrations.Migration):
    dependencies = [("news", "0011_page_profile_item")]

    operations = [migrations.RunPython(move_pages, migrations.RunPython.noop)]
