"""The unit's profile (issue 16, Nghị định 224/2026/NĐ-CP Điều 9 khoản 1 điểm c): a page may be one of the
items every People's Committee publishes, once per unit; every unit that exists gets its missing items as
unpublished drafts, and an organisation page at /gioi-thieu/co-cau-to-chuc/ becomes that item rather than
being duplicated (news.profile). Running the data step again changes nothing."""

from django.db import migrations, models

from news.profile import ensure_profile_pages


def profile_pages(apps, schema_editor):
    using = schema_editor.connection.alias
    Unit = apps.get_model("portal", "Unit")
    Page = apps.get_model("news", "Page")  # the historical model: its plain manager sees every unit
    for unit_id in Unit.objects.using(using).order_by("pk").values_list("pk", flat=True):
        ensure_profile_pages(Page, unit_id, using=using)


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0010_article_versions'),
        ('portal', '0017_unit_boundary'),
    ]

    operations = [
        migrations.AddField(
            model_name='page',
            name='profile_item',
            field=models.CharField(blank=True, choices=[('to-chuc-bo-may', 'Tổ chức bộ máy hành chính'), ('dieu-kien-tu-nhien', 'Điều kiện tự nhiên'), ('lich-su', 'Lịch sử'), ('truyen-thong-van-hoa', 'Truyền thống văn hóa'), ('di-tich-danh-thang', 'Di tích, danh thắng')], help_text='Mục Nghị định 224/2026/NĐ-CP (Điều 9 khoản 1 điểm c) yêu cầu công bố; mỗi mục một trang. Để trống cho trang giới thiệu khác.', max_length=30, verbose_name='mục giới thiệu bắt buộc'),
        ),
        migrations.AddConstraint(
            model_name='page',
            constraint=models.UniqueConstraint(condition=models.Q(('profile_item', ''), _negated=True), fields=('unit', 'profile_item'), name='news_page_profile_item_per_unit', violation_error_message='Đơn vị đã có trang cho mục giới thiệu này: hãy sửa trang đó thay vì tạo trang mới.'),
        ),
        migrations.RunPython(profile_pages, migrations.RunPython.noop),
    ]
