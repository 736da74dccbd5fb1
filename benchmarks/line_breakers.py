"""ICU line breaks for Thai, Lao, Khmer and Myanmar through icu4py or PyICU, whichever is
installed: the breaks (JSON, to compare two environments) and what they cost.

Run: `python benchmarks/line_breakers.py icu4py|pyicu > breaks.json` in each environment, then
compare the two files (docs/decisions/0005-line-breaking.md has the result). Prints the import
time and the time a label takes on stderr.
"""

from __future__ import annotations

import json
import sys
import time

SAMPLES = [
    "ภาษาไทยเป็นภาษาที่สวยงามและมีประวัติศาสตร์ยาวนาน",
    "มนุษย์ทั้งหลายเกิดมามีอิสระและเสมอภาคกันในเกียรติศักดิ์และสิทธิ",
    "ต่างมีเหตุผลและมโนธรรมและควรปฏิบัติต่อกันด้วยเจตนารมณ์แห่งภราดรภาพ",
    "การประชุมคณะกรรมการบริหารจะจัดขึ้นในวันพฤหัสบดีหน้าที่ห้องประชุมใหญ่",
    "แผนการตลาดสำหรับไตรมาสที่สามต้องเสร็จภายในสิ้นเดือนนี้",
    "ระบบจัดการฐานข้อมูลและการพัฒนาซอฟต์แวร์แบบคล่องตัว",
    "สวัสดีครับ ยินดีต้อนรับสู่โครงการของเรา",
    "ตัวอักษรไทยมีพยัญชนะสี่สิบสี่ตัวและสระอีกมากมาย",
    "ມະນຸດທັງຫຼາຍເກີດມາມີສິດເສລີພາບແລະສະເໝີພາບກັນໃນທາງກຽດຕິສັກ",
    "ພາສາລາວເປັນພາສາທີ່ສວຍງາມ",
    "ປະເທດລາວມີແມ່ນ້ຳຂອງໄຫຼຜ່ານ",
    "ມະນຸດສາມາດໃຊ້ເຫດຜົນແລະຄວາມຄິດ",
    "មនុស្សទាំងអស់កើតមកមានសេរីភាពនិងភាពស្មើគ្នាក្នុងសិទ្ធិនិងសេចក្ដីថ្លៃថ្នូរ",
    "ភាសាខ្មែរជាភាសាដ៏ស្រស់ស្អាត",
    "ប្រទេសកម្ពុជាមានប្រវត្តិសាស្ត្រយូរលង់",
    "សាលារៀនរបស់យើងនៅជិតផ្សារ",
    "လူတိုင်းသည်တူညီလွတ်လပ်သောဂုဏ်သိက္ခာဖြင့်လည်းကောင်း",
    "မြန်မာဘာသာစကားသည်လှပသည်",
    "ကျွန်ုပ်တို့၏စီမံကိန်းကိုစတင်ပါပြီ",
    "ရန်ကုန်မြို့သည်မြန်မာနိုင်ငံ၏အကြီးဆုံးမြို့ဖြစ်သည်",
]


def breaker(which: str):  # type: ignore[no-untyped-def]
    """A function: text -> the UTF-16 offsets where a line may end."""
    if which == "pyicu":
        import icu

        iterator = icu.BreakIterator.createLineInstance(icu.Locale.getRoot())

        def breaks(text: str) -> list[int]:
            iterator.setText(text)
            return list(iterator)

        return breaks
    from icu4py.breakers import LineBreaker

    return lambda text: [end for _, end in LineBreaker(text, "").segments()]


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "icu4py"
    start = time.perf_counter()
    breaks = breaker(which)
    imported = time.perf_counter() - start
    found = [[text, breaks(text)] for text in SAMPLES]
    start = time.perf_counter()
    for _ in range(20):
        for text in SAMPLES:
            breaks(text)
    per_label = (time.perf_counter() - start) / (20 * len(SAMPLES))
    print(json.dumps(found, ensure_ascii=False, indent=0))
    print(f"{which}: import {imported * 1000:.0f} ms, {per_label * 1e6:.0f} us a label", file=sys.stderr)


if __name__ == "__main__":
    main()
