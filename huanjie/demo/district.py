"""The demo district of shared/demo-district.md: Chengguan District of Lanzhou, Gansu, as the seed
document describes it — 24 streets, 125 communities and 18 villages in four agriculture-related streets.

Named by the document: Donggang and Qingbaishi streets; the villages Changwa (Donggang), Shigou and
Shangping (Qingbaishi), Dalanggou and Xiaoyantan. The rest are the demo's own, in the style of the place.
"""

from __future__ import annotations

from dataclasses import dataclass

PROVINCE = ("620000000000", "甘肃省", "Gansu Province", "gansu")
CITY = ("620100000000", "兰州市", "Lanzhou City")
DISTRICT = ("620102000000", "城关区", "Chengguan District")


@dataclass(frozen=True)
class Street:
    number: int  # township digits 7–9 of the division code
    name: str
    name_en: str
    communities: int
    villages: tuple[tuple[str, str], ...] = ()

    @property
    def code(self) -> str:
        return f"620102{self.number:03d}000"

    @property
    def agricultural(self) -> bool:
        return bool(self.villages)


STREETS: tuple[Street, ...] = (
    Street(1, "酒泉路街道", "Jiuquanlu Street", 6),
    Street(2, "张掖路街道", "Zhangyelu Street", 6),
    Street(3, "雁南街道", "Yannan Street", 6),
    Street(4, "临夏路街道", "Linxialu Street", 6),
    Street(5, "雁北街道", "Yanbei Street", 6),
    Street(6, "五泉街道", "Wuquan Street", 6),
    Street(7, "白银路街道", "Baiyinlu Street", 5),
    Street(8, "皋兰路街道", "Gaolanlu Street", 6),
    Street(9, "广武门街道", "Guangwumen Street", 6),
    Street(
        10,
        "伏龙坪街道",
        "Fulongping Street",
        3,
        (
            ("大浪沟村", "Dalanggou Village"),
            ("红山根村", "Hongshangen Village"),
            ("沈家坡村", "Shenjiapo Village"),
            ("徐家湾村", "Xujiawan Village"),
        ),
    ),
    Street(11, "靖远路街道", "Jingyuanlu Street", 6),
    Street(12, "草场街街道", "Caochangjie Street", 6),
    Street(13, "火车站街道", "Huochezhan Street", 6),
    Street(14, "拱星墩街道", "Gongxingdun Street", 6),
    Street(
        15,
        "东岗街道",
        "Donggang Street",
        3,
        (
            ("长洼村", "Changwa Village"),
            ("东岗村", "Donggang Village"),
            ("石门沟村", "Shimengou Village"),
            ("张苏滩村", "Zhangsutan Village"),
        ),
    ),
    Street(16, "团结新村街道", "Tuanjiexincun Street", 5),
    Street(17, "东岗西路街道", "Donggangxilu Street", 6),
    Street(18, "铁路东村街道", "Tieludongcun Street", 5),
    Street(19, "铁路西村街道", "Tieluxicun Street", 5),
    Street(20, "渭源路街道", "Weiyuanlu Street", 5),
    Street(21, "盐场路街道", "Yanchanglu Street", 5),
    Street(22, "嘉峪关路街道", "Jiayuguanlu Street", 6),
    Street(
        23,
        "青白石街道",
        "Qingbaishi Street",
        2,
        (
            ("石沟村", "Shigou Village"),
            ("上坪村", "Shangping Village"),
            ("白道坪村", "Baidaoping Village"),
            ("下坪村", "Xiaping Village"),
            ("高家庄村", "Gaojiazhuang Village"),
            ("罗九村", "Luojiu Village"),
            ("石峡口村", "Shixiakou Village"),
        ),
    ),
    Street(
        24,
        "雁园街道",
        "Yanyuan Street",
        3,
        (("小雁滩村", "Xiaoyantan Village"), ("大雁滩村", "Dayantan Village"), ("南河村", "Nanhe Village")),
    ),
)

# Community names: the demo's own, built from place words common in Lanzhou's old town and new estates.
COMMUNITY_WORDS = (
    ("金城", "Jincheng"),
    ("和平", "Heping"),
    ("光华", "Guanghua"),
    ("秦安", "Qin'an"),
    ("民勤", "Minqin"),
    ("静宁", "Jingning"),
    ("东湖", "Donghu"),
    ("南关", "Nanguan"),
    ("北园", "Beiyuan"),
    ("西湖", "Xihu"),
    ("中山", "Zhongshan"),
    ("永昌", "Yongchang"),
    ("庆阳", "Qingyang"),
    ("平凉", "Pingliang"),
    ("天水", "Tianshui"),
    ("通渭", "Tongwei"),
    ("红星", "Hongxing"),
    ("滨河", "Binhe"),
    ("畅家巷", "Changjiaxiang"),
    ("文化宫", "Wenhuagong"),
    ("一只船", "Yizhichuan"),
    ("水车园", "Shuicheyuan"),
    ("小稍门", "Xiaoshaomen"),
    ("飞雁", "Feiyan"),
    ("宏达", "Hongda"),
    ("东方红", "Dongfanghong"),
    ("兰园", "Lanyuan"),
    ("五一山", "Wuyishan"),
    ("中街子", "Zhongjiezi"),
    ("曹家巷", "Caojiaxiang"),
)
COMMUNITY_SUFFIXES = (("", ""), ("东", " East"), ("西", " West"), ("南", " South"), ("北", " North"))

assert sum(s.communities for s in STREETS) == 125
assert sum(len(s.villages) for s in STREETS) == 18
assert len(STREETS) == 24


def community_names() -> list[tuple[str, str]]:
    """125 distinct community names, in a fixed order."""
    names: list[tuple[str, str]] = []
    for suffix_zh, suffix_en in COMMUNITY_SUFFIXES:
        for word_zh, word_en in COMMUNITY_WORDS:
            names.append((f"{word_zh}{suffix_zh}社区", f"{word_en}{suffix_en} Community"))
    return names[:125]
