"""Synthetic Chinese names, phone numbers, ID numbers and account numbers."""

import random
from datetime import date, timedelta

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
    "彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金"
    "石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉"
    "玲凤建国文斌波宇浩凯健俊帆帅旭宁龙林欣瑶佳怡晨阳雪梅婷琳丹志"
    "军海燕飞鑫"
)
MOBILE_PREFIXES = ("135", "136", "137", "138", "139", "150", "151", "158", "186", "188")
# Shanghai districts' administrative codes, for plausible ID numbers.
REGION_CODES = ("310101", "310104", "310105", "310106", "310107", "310115", "310112")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def chinese_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def mobile_phone(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def id_number(rng: random.Random) -> str:
    """An 18-digit resident ID number with a valid check digit."""
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50))
    body = (
        rng.choice(REGION_CODES)
        + born.strftime("%Y%m%d")
        + f"{rng.randrange(1000):03d}"
    )
    total = sum(
        int(digit) * weight for digit, weight in zip(body, _ID_WEIGHTS, strict=True)
    )
    return body + _ID_CHECK[total % 11]
