"""The 31 provincial-level regions of the mainland: GB/T 2260 two-digit codes and their names (Chinese, English).

Data only. The compliance list filters and totals by these codes; the explorer's ui.js PROVINCES holds the same table.
"""
from __future__ import annotations

NAMES: dict[str, tuple[str, str]] = {
    "11": ("北京", "Beijing"), "12": ("天津", "Tianjin"), "13": ("河北", "Hebei"), "14": ("山西", "Shanxi"),
    "15": ("内蒙古", "Inner Mongolia"), "21": ("辽宁", "Liaoning"), "22": ("吉林", "Jilin"),
    "23": ("黑龙江", "Heilongjiang"), "31": ("上海", "Shanghai"), "32": ("江苏", "Jiangsu"), "33": ("浙江", "Zhejiang"),
    "34": ("安徽", "Anhui"), "35": ("福建", "Fujian"), "36": ("江西", "Jiangxi"), "37": ("山东", "Shandong"),
    "41": ("河南", "Henan"), "42": ("湖北", "Hubei"), "43": ("湖南", "Hunan"), "44": ("广东", "Guangdong"),
    "45": ("广西", "Guangxi"), "46": ("海南", "Hainan"), "50": ("重庆", "Chongqing"), "51": ("四川", "Sichuan"),
    "52": ("贵州", "Guizhou"), "53": ("云南", "Yunnan"), "54": ("西藏", "Tibet"), "61": ("陕西", "Shaanxi"),
    "62": ("甘肃", "Gansu"), "63": ("青海", "Qinghai"), "64": ("宁夏", "Ningxia"), "65": ("新疆", "Xinjiang"),
}
CODES: tuple[str, ...] = tuple(NAMES)


def province_name(code: str | None) -> str:
    """The Chinese name of a province code; an unknown code (or None) as itself ('' for None)."""
    return NAMES[code][0] if code in NAMES else (code or "")
