"""The 9 NIA sectors, the 5 programmes (domain.md) and the 77 provinces (ISO 3166-2:TH)."""

from django.db import migrations

SECTORS = [
    ("environment", "การอนุรักษ์สิ่งแวดล้อม", "Environmental conservation"),
    ("nexus", "ความเชื่อมโยงระหว่าง อาหาร น้ำ และพลังงาน", "Food–water–energy nexus"),
    ("public-education", "ภาครัฐและการศึกษา", "Public sector and education"),
    ("finance-welfare", "การเงิน การจ้างงาน และสวัสดิการสังคม",
     "Finance, employment and social welfare"),
    ("agriculture", "เกษตรกรรมยั่งยืน", "Sustainable agriculture"),
    ("urban", "ความเป็นเมือง", "Urbanisation"),
    ("health", "สุขภาพ", "Health"),
    ("tourism-culture", "การท่องเที่ยวและวัฒนธรรม", "Tourism and culture"),
    ("disaster", "การจัดการภัยพิบัติ", "Disaster management"),
]

PROGRAMMES = [
    ("project-grants", "โปรแกรมการสนับสนุนทุนโครงการ", "Project grants"),
    ("incubation", "โปรแกรมการบ่มเพาะโดยหน่วยงานเครือข่าย", "Incubation by network partners"),
    ("scaling", "โปรแกรมการขยายผลโครงการนวัตกรรม", "Scaling up innovation projects"),
    ("business-plan", "โปรแกรมการประกวดแผนธุรกิจนวัตกรรมเพื่อสังคม",
     "Social-innovation business plan contest"),
    ("impact-assessment", "โปรแกรมการประเมินผลลัพธ์ทางสังคม",
     "Social outcome (impact) assessment"),
]

# Regions follow the six-region geographic grouping (north, northeast, central, east, west,
# south) used by Thailand's National Geographical Committee.
PROVINCES = [
    ("TH-10", "กรุงเทพมหานคร", "Bangkok", "central"),
    ("TH-11", "สมุทรปราการ", "Samut Prakan", "central"),
    ("TH-12", "นนทบุรี", "Nonthaburi", "central"),
    ("TH-13", "ปทุมธานี", "Pathum Thani", "central"),
    ("TH-14", "พระนครศรีอยุธยา", "Phra Nakhon Si Ayutthaya", "central"),
    ("TH-15", "อ่างทอง", "Ang Thong", "central"),
    ("TH-16", "ลพบุรี", "Lop Buri", "central"),
    ("TH-17", "สิงห์บุรี", "Sing Buri", "central"),
    ("TH-18", "ชัยนาท", "Chai Nat", "central"),
    ("TH-19", "สระบุรี", "Saraburi", "central"),
    ("TH-20", "ชลบุรี", "Chon Buri", "east"),
    ("TH-21", "ระยอง", "Rayong", "east"),
    ("TH-22", "จันทบุรี", "Chanthaburi", "east"),
    ("TH-23", "ตราด", "Trat", "east"),
    ("TH-24", "ฉะเชิงเทรา", "Chachoengsao", "east"),
    ("TH-25", "ปราจีนบุรี", "Prachin Buri", "east"),
    ("TH-26", "นครนายก", "Nakhon Nayok", "central"),
    ("TH-27", "สระแก้ว", "Sa Kaeo", "east"),
    ("TH-30", "นครราชสีมา", "Nakhon Ratchasima", "northeast"),
    ("TH-31", "บุรีรัมย์", "Buri Ram", "northeast"),
    ("TH-32", "สุรินทร์", "Surin", "northeast"),
    ("TH-33", "ศรีสะเกษ", "Si Sa Ket", "northeast"),
    ("TH-34", "อุบลราชธานี", "Ubon Ratchathani", "northeast"),
    ("TH-35", "ยโสธร", "Yasothon", "northeast"),
    ("TH-36", "ชัยภูมิ", "Chaiyaphum", "northeast"),
    ("TH-37", "อำนาจเจริญ", "Amnat Charoen", "northeast"),
    ("TH-38", "บึงกาฬ", "Bueng Kan", "northeast"),
    ("TH-39", "หนองบัวลำภู", "Nong Bua Lam Phu", "northeast"),
    ("TH-40", "ขอนแก่น", "Khon Kaen", "northeast"),
    ("TH-41", "อุดรธานี", "Udon Thani", "northeast"),
    ("TH-42", "เลย", "Loei", "northeast"),
    ("TH-43", "หนองคาย", "Nong Khai", "northeast"),
    ("TH-44", "มหาสารคาม", "Maha Sarakham", "northeast"),
    ("TH-45", "ร้อยเอ็ด", "Roi Et", "northeast"),
    ("TH-46", "กาฬสินธุ์", "Kalasin", "northeast"),
    ("TH-47", "สกลนคร", "Sakon Nakhon", "northeast"),
    ("TH-48", "นครพนม", "Nakhon Phanom", "northeast"),
    ("TH-49", "มุกดาหาร", "Mukdahan", "northeast"),
    ("TH-50", "เชียงใหม่", "Chiang Mai", "north"),
    ("TH-51", "ลำพูน", "Lamphun", "north"),
    ("TH-52", "ลำปาง", "Lampang", "north"),
    ("TH-53", "อุตรดิตถ์", "Uttaradit", "north"),
    ("TH-54", "แพร่", "Phrae", "north"),
    ("TH-55", "น่าน", "Nan", "north"),
    ("TH-56", "พะเยา", "Phayao", "north"),
    ("TH-57", "เชียงราย", "Chiang Rai", "north"),
    ("TH-58", "แม่ฮ่องสอน", "Mae Hong Son", "north"),
    ("TH-60", "นครสวรรค์", "Nakhon Sawan", "central"),
    ("TH-61", "อุทัยธานี", "Uthai Thani", "central"),
    ("TH-62", "กำแพงเพชร", "Kamphaeng Phet", "central"),
    ("TH-63", "ตาก", "Tak", "west"),
    ("TH-64", "สุโขทัย", "Sukhothai", "central"),
    ("TH-65", "พิษณุโลก", "Phitsanulok", "central"),
    ("TH-66", "พิจิตร", "Phichit", "central"),
    ("TH-67", "เพชรบูรณ์", "Phetchabun", "central"),
    ("TH-70", "ราชบุรี", "Ratchaburi", "west"),
    ("TH-71", "กาญจนบุรี", "Kanchanaburi", "west"),
    ("TH-72", "สุพรรณบุรี", "Suphan Buri", "central"),
    ("TH-73", "นครปฐม", "Nakhon Pathom", "central"),
    ("TH-74", "สมุทรสาคร", "Samut Sakhon", "central"),
    ("TH-75", "สมุทรสงคราม", "Samut Songkhram", "central"),
    ("TH-76", "เพชรบุรี", "Phetchaburi", "west"),
    ("TH-77", "ประจวบคีรีขันธ์", "Prachuap Khiri Khan", "west"),
    ("TH-80", "นครศรีธรรมราช", "Nakhon Si Thammarat", "south"),
    ("TH-81", "กระบี่", "Krabi", "south"),
    ("TH-82", "พังงา", "Phangnga", "south"),
    ("TH-83", "ภูเก็ต", "Phuket", "south"),
    ("TH-84", "สุราษฎร์ธานี", "Surat Thani", "south"),
    ("TH-85", "ระนอง", "Ranong", "south"),
    ("TH-86", "ชุมพร", "Chumphon", "south"),
    ("TH-90", "สงขลา", "Songkhla", "south"),
    ("TH-91", "สตูล", "Satun", "south"),
    ("TH-92", "ตรัง", "Trang", "south"),
    ("TH-93", "พัทลุง", "Phatthalung", "south"),
    ("TH-94", "ปัตตานี", "Pattani", "south"),
    ("TH-95", "ยะลา", "Yala", "south"),
    ("TH-96", "นราธิวาส", "Narathiwat", "south"),
]


def load(apps, schema_editor):
    Sector = apps.get_model("grants", "Sector")
    Programme = apps.get_model("grants", "Programme")
    Province = apps.get_model("grants", "Province")
    for position, (code, name_th, name_en) in enumerate(SECTORS, start=1):
        Sector.objects.update_or_create(
            code=code, defaults={"name_th": name_th, "name_en": name_en, "position": position}
        )
    for position, (code, name_th, name_en) in enumerate(PROGRAMMES, start=1):
        Programme.objects.update_or_create(
            code=code, defaults={"name_th": name_th, "name_en": name_en, "position": position}
        )
    for position, (code, name_th, name_en, region) in enumerate(PROVINCES, start=1):
        Province.objects.update_or_create(
            code=code,
            defaults={
                "name_th": name_th,
                "name_en": name_en,
                "region": region,
                "position": position,
            },
        )


def unload(apps, schema_editor):
    for model in ("Sector", "Programme", "Province"):
        apps.get_model("grants", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("grants", "0002_initial")]

    operations = [migrations.RunPython(load, unload)]
