"""A small real archive for the export, code and backup tests: imported text files, real metadata."""

from __future__ import annotations

from pathlib import Path

# (file name, text, metadata set after import)
SAMPLES = [
    (
        "通知.txt",
        "关于做好2023年度组织生活会的通知\n各党支部要认真开展批评与自我批评。\n2023年12月1日",
        {
            "retention": "永久",
            "org": "BGS",
            "doc_number": "院党发〔2023〕5号",
            "issuer": "中共某学院委员会",
        },
    ),
    (
        "总结.txt",
        "2022年度党建工作总结\n开展三会一课48次。\n2022年12月11日",
        {"retention": "30年", "org": "", "issuer": "党委办公室", "pages": 3},
    ),
    (
        "计划.txt",
        "2023年党建工作要点\n一、加强政治建设。\n2023年2月20日",
        {"retention": "永久", "org": "BGS", "secrecy": "内部", "remarks": "复印件"},
    ),
    (
        "纪要.txt",
        "党委会会议纪要\n研究学生工作。\n2023年6月5日",
        {"retention": "永久", "org": "BGS"},
    ),
    ("草稿.txt", "无日期的草稿\n尚未定稿。", {"retention": "永久", "year": None, "date": None}),
]


def fill(archive, write, *, fonds: str = "Z109") -> dict[str, int]:
    """Import the samples, set their metadata; returns {file name: id}."""
    archive.settings["fonds_code"] = fonds
    archive.settings["fonds_name"] = "某某学院"
    archive.settings.save()
    paths = [write(name, text) for name, text, _ in SAMPLES]
    report = archive.import_paths(paths)
    assert report.imported == len(SAMPLES), report.to_json()
    ids = {Path(f.path).name: f.id for f in report.files}
    for name, _, meta in SAMPLES:
        archive.update(ids[name], **meta)
    return ids
