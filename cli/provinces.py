"""The 31 provincial-level regions of the mainland: GB/T 2260 two-digit codes and names.

The weight is a rough share of the key emitting entities each region hosts (heavy industry
and coal power in Shandong, Jiangsu, Hebei, Inner Mongolia…), used only by the demo.
"""
from __future__ import annotations

# (code, name, weight)
PROVINCES: tuple[tuple[str, str, float], ...] = (
    ("11", "北京", 1.0), ("12", "天津", 2.0), ("13", "河北", 6.5), ("14", "山西", 6.0),
    ("15", "内蒙古", 6.0), ("21", "辽宁", 4.5), ("22", "吉林", 2.5), ("23", "黑龙江", 3.0),
    ("31", "上海", 1.5), ("32", "江苏", 8.5), ("33", "浙江", 5.5), ("34", "安徽", 4.5),
    ("35", "福建", 3.5), ("36", "江西", 3.0), ("37", "山东", 10.0), ("41", "河南", 6.5),
    ("42", "湖北", 3.5), ("43", "湖南", 3.0), ("44", "广东", 6.5), ("45", "广西", 3.5),
    ("46", "海南", 0.5), ("50", "重庆", 1.5), ("51", "四川", 3.5), ("52", "贵州", 3.0),
    ("53", "云南", 2.5), ("54", "西藏", 0.3), ("61", "陕西", 3.5), ("62", "甘肃", 2.5),
    ("63", "青海", 0.8), ("64", "宁夏", 2.5), ("65", "新疆", 4.5),
)

CODES: tuple[str, ...] = tuple(code for code, _, _ in PROVINCES)
NAMES: dict[str, str] = {code: name for code, name, _ in PROVINCES}
FULL_NAMES: dict[str, str] = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省", "31": "上海市", "32": "江苏省",
    "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区",
    "46": "海南省", "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省",
    "54": "西藏自治区", "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
}


def province_account(code: str) -> str:
    """The account id of a provincial authority, e.g. PROV-37."""
    return f"PROV-{code}"


def authority_name(code: str) -> str:
    """The provincial authority's name: 生态环境局 of a municipality, 生态环境厅 of a province or region."""
    full = FULL_NAMES[code]
    return f"{full}生态环境{'局' if full.endswith('市') else '厅'}"
