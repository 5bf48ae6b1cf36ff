"""Units (issue 15), second step: every row has its unit (0005); the unit is required, and codes, topic
slugs and the daily counter are unique per unit, the settings one row per unit."""

from django.db import migrations, models

from citizens.migrations._units import MODELS, unit_field


class Migration(migrations.Migration):
    dependencies = [("citizens", "0005_units")]

    operations = [
        *[migrations.AlterField(model_name=name, name="unit", field=unit_field(False)) for name in MODELS],
        migrations.AlterField(
            model_name="feedback",
            name="code",
            field=models.CharField(editable=False, max_length=20, verbose_name="mã theo dõi"),
        ),
        migrations.AlterField(
            model_name="dailycounter",
            name="day",
            field=models.DateField(verbose_name="ngày"),
        ),
        migrations.AlterField(
            model_name="questiontopic",
            name="slug",
            field=models.SlugField(
                help_text="Không trùng với chủ đề khác của đơn vị.", max_length=140, verbose_name="đường dẫn"
            ),
        ),
        migrations.AddConstraint(
            model_name="citizensettings",
            constraint=models.UniqueConstraint(fields=("unit",), name="citizen_settings_one_per_unit"),
        ),
        migrations.AddConstraint(
            model_name="feedback",
            constraint=models.UniqueConstraint(fields=("unit", "code"), name="feedback_code_per_unit"),
        ),
        migrations.AddConstraint(
            model_name="dailycounter",
            constraint=models.UniqueConstraint(fields=("unit", "day"), name="daily_counter_day_per_unit"),
        ),
        migrations.AddConstraint(
            model_name="questiontopic",
            constraint=models.UniqueConstraint(fields=("unit", "slug"), name="question_topic_slug_per_unit"),
        ),
    ]
