"""The CCER market's cast in the demo: project owners, the five VVBs, institutional holders, the projects.

From the Ministry's 2025 report §六: the registry took applications from August 2024; in March 2025
the first nine projects' reductions were registered (seven grid-connected offshore wind, two
grid-connected solar thermal, "来自江苏、甘肃等地", 948 万 t in all; 国家能源集团's 江苏东台 offshore
wind farm 85.7 万 t); in August 2025 a second batch of 322 万 t with the first afforestation project.
The first five VVBs were approved for the energy and forestry fields. The report names only the 东台
project and its owner: every other name, place and split of the totals here is illustrative [M].
Accounts are unified social credit codes drawn from a fixed seed, independent of the population.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from .population import make_uscc

SEED = 8_2025
OFFSHORE_WIND, SOLAR_THERMAL, AFFORESTATION, COAL_MINE_METHANE = (
    "CCER-01-002-V01", "CCER-01-001-V01", "CCER-14-001-V01", "CCER-10-001-V01")
# (key, name, province)
OWNERS = (("guoneng", "国家能源集团江苏海上风电有限公司", "32"), ("sanxia", "三峡新能源海上风电有限公司", "32"),
          ("huaneng", "华能海上风电有限公司", "32"), ("guangdong", "广东海上风电开发有限公司", "44"),
          ("fujian", "福建海上风电有限公司", "35"), ("shandong", "山东海上风电有限公司", "37"),
          ("gansu", "甘肃光热发电有限公司", "62"), ("qinghai", "青海光热发电有限公司", "63"),
          ("guangxi", "广西林业碳汇有限公司", "45"), ("zhejiang", "浙江海上风电有限公司", "33"),
          ("shanxi", "山西煤层气利用有限公司", "14"))
# (key, name, province, accredited fields): the first five, for energy (01) and forestry (14); two later also for 10
VVBS = (("cqc", "中国质量认证中心", "11", ("01", "14")), ("cec", "中环联合(北京)认证中心有限公司", "11", ("01", "10", "14")),
        ("ccs", "中国船级社质量认证有限公司", "11", ("01", "10")), ("ceprei", "广州赛宝认证中心服务有限公司", "44", ("01",)),
        ("forest", "中林绿碳(北京)认证中心有限公司", "11", ("14",)))
# (key, name, province): institutions that buy CCER to hold or to cancel voluntarily
HOLDERS = (("bank", "某商业银行股份有限公司", "11"), ("games", "广州体育赛事运营有限公司", "44"),
           ("pilot", "上海某制造有限公司", "31"), ("charity", "某环保公益科技有限公司", "33"))


@dataclass(frozen=True)
class Project:
    """One demo project: id, name, methodology, province, owner and VVB keys, tonnes issued, batch (1 or 2)."""

    pid: str
    name: str
    methodology: str
    province: str
    owner: str
    validating: str
    verifying: str
    tonnes: int
    batch: int


PROJECTS = (
    Project("OW-JS-DONGTAI", "国家能源集团江苏东台海上风电项目", OFFSHORE_WIND, "32", "guoneng", "cqc", "ccs", 857_000, 1),
    Project("OW-JS-RUDONG", "江苏如东海上风电项目", OFFSHORE_WIND, "32", "sanxia", "ccs", "cqc", 1_420_000, 1),
    Project("OW-JS-DAFENG", "江苏大丰海上风电项目", OFFSHORE_WIND, "32", "huaneng", "ceprei", "cec", 1_260_000, 1),
    Project("OW-JS-SHEYANG", "江苏射阳海上风电项目", OFFSHORE_WIND, "32", "guoneng", "cec", "ceprei", 1_180_000, 1),
    Project("OW-GD-YANGJIANG", "广东阳江海上风电项目", OFFSHORE_WIND, "44", "guangdong", "ceprei", "cqc", 1_350_000, 1),
    Project("OW-FJ-PINGTAN", "福建平潭海上风电项目", OFFSHORE_WIND, "35", "fujian", "cqc", "cec", 1_100_000, 1),
    Project("OW-SD-BANDAO", "山东半岛南海上风电项目", OFFSHORE_WIND, "37", "shandong", "cec", "ccs", 1_013_000, 1),
    Project("ST-GS-DUNHUANG", "甘肃敦煌光热发电项目", SOLAR_THERMAL, "62", "gansu", "ccs", "ceprei", 700_000, 1),
    Project("ST-QH-DELINGHA", "青海德令哈光热发电项目", SOLAR_THERMAL, "63", "qinghai", "cqc", "ccs", 600_000, 1),
    Project("AF-GX-GUILIN", "广西桂林造林碳汇项目", AFFORESTATION, "45", "guangxi", "forest", "cqc", 320_000, 2),
    Project("OW-JS-RUDONG-2", "江苏如东二期海上风电项目", OFFSHORE_WIND, "32", "sanxia", "cec", "ceprei", 1_150_000, 2),
    Project("OW-ZJ-ZHOUSHAN", "浙江舟山海上风电项目", OFFSHORE_WIND, "33", "zhejiang", "ceprei", "ccs", 950_000, 2),
    Project("CM-SX-JINCHENG", "山西晋城煤矿瓦斯利用项目", COAL_MINE_METHANE, "14", "shanxi", "cec", "ccs", 800_000, 2),
)


def make_accounts(taken: set[str] | None = None) -> dict[str, str]:
    """Every CCER party's account id (a credit code in its province) by key, from the fixed seed."""
    rng, used = random.Random(SEED), set(taken or ())
    return {key: make_uscc(rng, province, used) for key, _, province, *_ in (*OWNERS, *VVBS, *HOLDERS)}


def participant_rows(accounts: dict[str, str], pubkeys: dict[str, str]) -> list[dict]:
    """The genesis participants: owners (project_owner), VVBs (vvb), holders (holder); one key each."""
    rows = []
    for role, cast in (("project_owner", OWNERS), ("vvb", VVBS), ("holder", HOLDERS)):
        for key, name, province, *_ in cast:
            account = accounts[key]
            rows.append({"id": account, "name": name, "roles": [role], "pubkeys": [pubkeys[account]], "province": province})
    return rows
