"""The deck's catalogue of the means of effective control (有效控制的手段), as DOMAIN.md lists them."""

from django.db import migrations

MEANS = [
    # code, name, English name, usual cadence
    ("daily-todo", "每日待办单", "Daily to-do list", "daily"),
    ("daily-log", "每日登录信息", "Daily logging", "daily"),
    ("weekly-indicators", "按周检查产品、市场和盈亏指标",
     "Weekly check of product, market and P&L indicators", "weekly"),
    ("strategy-comparison", "周期与区域市场策略比照",
     "Periodic comparison with the regional market strategy", "monthly"),
    ("reporting-coaching", "周期进行述职、表单分析、和辅导培训",
     "Periodic reporting, form analysis and coaching", "monthly"),
    ("competitor-review", "周期核查“竞争对手、客户趋势”",
     "Periodic review of competitors and customer trends", "monthly"),
    ("audits", "积极配合审计", "Cooperating with audits", "half_yearly"),
    ("self-report", "自己述职", "Self-reporting", "monthly"),
    ("process-duties", "坚守流程和职责", "Keeping to process and duties", "daily"),
    ("meetings-training", "工作会议、研讨、培训", "Meetings, workshops and training", "monthly"),
    ("half-year-meeting", "半年调整会", "Half-year adjustment meeting", "half_yearly"),
    ("hq-communication", "总部及配合部门沟通",
     "Communication with HQ and partner departments", "weekly"),
    ("contingency", "应急措施", "Contingency measures", "monthly"),
]


def add_means(apps, schema_editor):
    ControlMeans = apps.get_model("planning", "ControlMeans")
    for order, (code, name, name_en, cadence) in enumerate(MEANS, start=1):
        ControlMeans.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "default_cadence": cadence,
                "order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("planning", "0004_plan_chapters_and_manager_tools")]

    operations = [migrations.RunPython(add_means, migrations.RunPython.noop)]
