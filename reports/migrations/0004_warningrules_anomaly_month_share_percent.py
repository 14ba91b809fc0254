import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0003_version'),
    ]

    operations = [
        migrations.AddField(
            model_name='warningrules',
            name='anomaly_month_share_percent',
            field=models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='anomaly when one month is above this share of the total investment (%)'),
        ),
    ]
