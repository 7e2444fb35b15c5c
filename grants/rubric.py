"""The scoring rubric: the default criteria and the rule that weights sum to 100."""

from django.utils.translation import gettext as _

RUBRIC_TOTAL_WEIGHT = 100

# The selection reasons of an official results announcement (domain.md, seed 004), as criteria.
DEFAULT_RUBRIC = [
    {
        "title_th": "เสริมสร้างความเข้มแข็งของชุมชน",
        "title_en": "Strengthens communities",
        "guidance_th": "โครงการช่วยให้ชุมชนพึ่งตนเองและรวมกลุ่มกันได้เข้มแข็งขึ้นเพียงใด",
        "guidance_en": "How far the project helps the community organise and rely on itself.",
        "weight": 15,
    },
    {
        "title_th": "ลดความเหลื่อมล้ำ",
        "title_en": "Reduces inequality",
        "guidance_th": "กลุ่มเป้าหมายเป็นผู้ด้อยโอกาสหรือเปราะบาง และได้ประโยชน์โดยตรง",
        "guidance_en": "The target group is disadvantaged or vulnerable and benefits directly.",
        "weight": 15,
    },
    {
        "title_th": "นำหลักปรัชญาของเศรษฐกิจพอเพียงมาใช้",
        "title_en": "Applies the sufficiency-economy philosophy",
        "guidance_th": "ความพอประมาณ ความมีเหตุผล และภูมิคุ้มกันในการดำเนินงาน",
        "guidance_en": "Moderation, reasonableness and resilience in how the work is done.",
        "weight": 10,
    },
    {
        "title_th": "ความร่วมมือกับภาคีเครือข่าย",
        "title_en": "Works with partner agencies",
        "guidance_th": "มีหน่วยงานภาคีร่วมดำเนินงานหรือสนับสนุนความรู้อย่างเป็นรูปธรรม",
        "guidance_en": "Partner agencies take part or contribute knowledge in concrete ways.",
        "weight": 10,
    },
    {
        "title_th": "จัดทำเป็นองค์ความรู้ (KM) ได้",
        "title_en": "Can become knowledge-management material",
        "guidance_th": "ผลการดำเนินงานถอดบทเรียนและเผยแพร่ให้ผู้อื่นเรียนรู้ได้",
        "guidance_en": "The work can be written up as lessons that others learn from.",
        "weight": 10,
    },
    {
        "title_th": "ดึงภาคธุรกิจเอกชนมาร่วมสนับสนุนกิจการเพื่อสังคมได้",
        "title_en": "Can attract private support for social enterprise",
        "guidance_th": "มีแนวทางให้ภาคเอกชนร่วมลงทุนหรือสนับสนุนในระยะยาว",
        "guidance_en": "A credible path for businesses to invest in or support the work.",
        "weight": 10,
    },
    {
        "title_th": "ขยายผลสู่พื้นที่หรือหน่วยงานอื่นได้",
        "title_en": "Can scale to other areas and units",
        "guidance_th": "ต้นแบบนำไปปรับใช้ในบริบทของพื้นที่อื่นได้",
        "guidance_en": "The model can be adapted to the context of other areas.",
        "weight": 15,
    },
    {
        "title_th": "วัดผลสำเร็จได้",
        "title_en": "Measurable results",
        "guidance_th": "มีตัวชี้วัดผลลัพธ์ทางสังคมที่ชัดเจนและเก็บข้อมูลได้จริง",
        "guidance_en": "Clear social-outcome indicators that can really be measured.",
        "weight": 15,
    },
]


# What the call form edits of a criterion, with the value a row left without it stands for.
RUBRIC_FIELDS = {
    "title_th": "",
    "title_en": "",
    "guidance_th": "",
    "guidance_en": "",
    "weight": None,
    "max_points": 10,
}


def same_rubric(criteria, rows: list[dict]) -> bool:
    """Whether `rows` (the form's dicts) say what `criteria` (Criterion rows) already say,
    in the same order: then nothing is replaced, and the criteria keep their identity."""
    current = [tuple(getattr(c, name) for name in RUBRIC_FIELDS) for c in criteria]
    wanted = [
        tuple(row.get(name, default) for name, default in RUBRIC_FIELDS.items()) for row in rows
    ]
    return current == wanted


def rubric_weight_error(weights: list[int]) -> str | None:
    """The message to show when a rubric's weights are wrong, or None when they are right."""
    if not weights:
        return _("Add at least one criterion to the rubric.")
    total = sum(weights)
    if total != RUBRIC_TOTAL_WEIGHT:
        return _("The weights of the criteria must add up to 100; they add up to %(total)s.") % {
            "total": total
        }
    return None
