#!/usr/bin/env python3
"""Draw the sample 參獎團隊架構圖 used by samples/summary_form.

    python scripts/make_sample_chart.py [OUTPUT.png]

The agency, people and partners are fictional (they match
samples/summary_form/application.md).  The output is deterministic: same
font file + same Pillow version -> byte-identical PNG (Pillow writes no
timestamp chunk), and it is quantised to a small palette to stay well under
80 KB.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "samples" / "summary_form" / "team_chart.png"

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/cns11643/TW-Kai-98_1.ttf",
    "/usr/share/fonts/opentype/cns11643/TW-Kai-98_1.ttf",
)

WIDTH, HEIGHT = 1200, 700
WHITE = (255, 255, 255)
INK = (33, 37, 41)
LINE = (90, 98, 110)
TOP_FILL = (31, 78, 121)      # 召集人
SEC_FILL = (52, 120, 170)     # 執行秘書
GROUP_HEAD = (224, 236, 246)  # working-group title band
GROUP_EDGE = (52, 120, 170)
PARTNER = (176, 96, 32)       # partner organisations (公私協力) in a warm tone

TITLE = "臺南市南瀛區公所「行動區公所．長者服務到家」參獎團隊架構圖"
CONVENER = ("召集人", "區長　黃明遠")
SECRETARY = ("執行秘書", "主任秘書　林佩君")
# (group name, leader, [(member, is_partner)])
GROUPS = (
    ("行動服務組", "民政課課長", [("民政課", False), ("人文課", False),
                                 ("南瀛戶政事務所", False), ("南瀛區農會", True)]),
    ("社福關懷組", "社會課課長", [("社會課", False), ("南瀛長青關懷協會", True),
                                 ("社區照顧關懷據點", True)]),
    ("數位視訊組", "秘書室主任", [("秘書室資訊股", False), ("瀛通電信公司", True),
                                 ("南瀛社區大學", True)]),
    ("健康照護組", "衛生所主任", [("南瀛區衛生所", False), ("南瀛綜合醫院", True),
                                 ("社會課社工員", False)]),
    ("在地協力組", "經建課課長", [("經建課", False), ("38里辦公處", False),
                                 ("社區發展協會", True)]),
)
LEGEND = "■ 公所及市府機關　　■ 協力民間團體及企業"


def find_font() -> str:
    for path in FONT_CANDIDATES:
        if Path(path).is_file():
            return path
    for pattern in ("TW-Kai", "TW-Kai:lang=zh-tw", ":lang=zh-tw"):
        try:
            out = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True,
                                 text=True, check=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            continue
        if out and Path(out).is_file() and "DejaVu" not in out:
            return out
    sys.exit("找不到中文字型（TW-Kai 全字庫正楷體），請安裝 fonts-cns11643-kai")


def centered(draw: ImageDraw.ImageDraw, box, text, font, fill) -> None:
    x0, y0, x1, y1 = box
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    x = x0 + (x1 - x0 - (right - left)) / 2 - left
    y = y0 + (y1 - y0 - (bottom - top)) / 2 - top
    draw.text((round(x), round(y)), text, font=font, fill=fill)


def draw_chart(font_path: str) -> Image.Image:
    img = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    d = ImageDraw.Draw(img)
    f_title = ImageFont.truetype(font_path, 30)
    f_role = ImageFont.truetype(font_path, 20)
    f_name = ImageFont.truetype(font_path, 24)
    f_group = ImageFont.truetype(font_path, 24)
    f_lead = ImageFont.truetype(font_path, 18)
    f_member = ImageFont.truetype(font_path, 19)

    centered(d, (0, 18, WIDTH, 62), TITLE, f_title, INK)

    cx = WIDTH // 2
    top = (cx - 150, 90, cx + 150, 170)
    sec = (cx - 150, 215, cx + 150, 295)
    for box, (role, name), fill in ((top, CONVENER, TOP_FILL), (sec, SECRETARY, SEC_FILL)):
        d.rounded_rectangle(box, radius=12, fill=fill)
        centered(d, (box[0], box[1] + 8, box[2], box[1] + 36), role, f_role, WHITE)
        centered(d, (box[0], box[1] + 38, box[2], box[3] - 8), name, f_name, WHITE)
    d.line((cx, top[3], cx, sec[1]), fill=LINE, width=3)

    n = len(GROUPS)
    margin, gap = 40, 22
    box_w = (WIDTH - 2 * margin - gap * (n - 1)) // n
    rail_y = 335
    g_top, head_h, g_bottom = 370, 78, 610
    d.line((cx, sec[3], cx, rail_y), fill=LINE, width=3)
    centres = [margin + i * (box_w + gap) + box_w // 2 for i in range(n)]
    d.line((centres[0], rail_y, centres[-1], rail_y), fill=LINE, width=3)

    for (name, lead, members), gx in zip(GROUPS, centres):
        x0, x1 = gx - box_w // 2, gx + box_w // 2
        d.line((gx, rail_y, gx, g_top), fill=LINE, width=3)
        d.rounded_rectangle((x0, g_top, x1, g_bottom), radius=10, fill=WHITE,
                            outline=GROUP_EDGE, width=2)
        d.rounded_rectangle((x0 + 2, g_top + 2, x1 - 2, g_top + head_h), radius=9, fill=GROUP_HEAD)
        d.line((x0 + 2, g_top + head_h, x1 - 2, g_top + head_h), fill=GROUP_EDGE, width=2)
        centered(d, (x0, g_top + 8, x1, g_top + 42), name, f_group, INK)
        centered(d, (x0, g_top + 44, x1, g_top + head_h - 6), f"組長：{lead}", f_lead, LINE)
        y = g_top + head_h + 16
        for member, partner in members:
            colour = PARTNER if partner else INK
            d.rectangle((x0 + 16, y + 8, x0 + 24, y + 16), fill=colour)
            d.text((x0 + 32, y), member, font=f_member, fill=colour)
            y += 34

    # legend
    left, _, right, _ = d.textbbox((0, 0), LEGEND, font=f_lead)
    lx = WIDTH - margin - (right - left)
    ly = 640
    d.text((lx, ly), LEGEND, font=f_lead, fill=INK)
    # recolour the two legend squares: the first in ink, the second in the partner tone
    second = LEGEND.index("■", 1)
    sx = lx + d.textlength(LEGEND[:second], font=f_lead)
    sq = d.textbbox((sx, ly), "■", font=f_lead)
    d.rectangle(sq, fill=WHITE)
    d.text((sx, ly), "■", font=f_lead, fill=PARTNER)
    return img


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    img = draw_chart(find_font())
    small = img.quantize(colors=48, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    small.save(tmp, format="PNG", optimize=True)
    tmp.replace(out)
    print(f"{out} ({out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
