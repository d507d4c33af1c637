"""The demo's pictures, drawn with Pillow when `load_demo` runs (so the repository stays small).

Course covers are decorative (shown with empty alt text): two colours and one simple motif per
course. Lesson pictures draw what their alt text says (a chart with its labels, a bowl by a
window). Avatars are flat portraits for the demo instructors. Every function returns JPEG bytes.
Text uses Pillow's built-in font, so nothing depends on the fonts a machine has.
"""

import io
import math

from PIL import Image, ImageDraw, ImageFont

COVER_SIZE = (1280, 720)
PICTURE_SIZE = (960, 540)
AVATAR_SIZE = 256
WHITE = (255, 255, 255)
INK = (28, 25, 23)
MUTED = (87, 83, 78)


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow without FreeType: the small bitmap font
        return ImageFont.load_default()


def _jpeg(picture, quality=84):
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def _diagonal(size, start, end):
    """A diagonal gradient from the top-left colour to the bottom-right one."""
    width, height = size
    small = Image.new("RGB", (64, 36))
    pixels = small.load()
    for x in range(64):
        for y in range(36):
            pixels[x, y] = _mix(start, end, (x / 63 + y / 35) / 2)
    return small.resize(size, Image.BILINEAR)


# --- Covers -------------------------------------------------------------------------------------


def render_cover(motif, start, end, light):
    """A 16:9 cover: a diagonal gradient, two soft discs and the course's motif in `light`."""
    picture = _diagonal(COVER_SIZE, start, end)
    draw = ImageDraw.Draw(picture, "RGBA")
    draw.ellipse([-180, 380, 420, 980], fill=(*WHITE, 22))
    draw.ellipse([900, -260, 1460, 300], fill=(*WHITE, 18))
    MOTIFS[motif](draw, light, start)
    return _jpeg(picture)


def _path(draw, light, dark):
    """Getting started: a dotted path from a start point to a flag."""
    points = [(300 + 680 * t, 520 - 260 * t + 90 * math.sin(t * math.pi * 2)) for t in (i / 40 for i in range(41))]
    for x, y in points[::2]:
        draw.ellipse([x - 9, y - 9, x + 9, y + 9], fill=light)
    x, y = points[0]
    draw.ellipse([x - 34, y - 34, x + 34, y + 34], outline=light, width=10)
    x, y = points[-1]
    draw.line([(x, y), (x, y - 190)], fill=light, width=12)
    draw.polygon([(x + 4, y - 190), (x + 130, y - 150), (x + 4, y - 110)], fill=light)


def _coins(draw, light, dark):
    """Budgeting: stacks of coins that grow from left to right."""
    for i, count in enumerate((3, 5, 7, 10)):
        cx = 380 + i * 170
        for n in range(count):
            top = 560 - n * 30
            draw.ellipse([cx - 70, top - 22, cx + 70, top + 22], fill=light, outline=dark, width=5)
    draw.ellipse([950, 90, 1150, 290], fill=light, outline=dark, width=8)
    draw.ellipse([976, 116, 1124, 264], outline=dark, width=5)
    draw.text((1050, 192), "R", font=_font(110), fill=dark, anchor="mm")


def _shop(draw, light, dark):
    """Small business: a shop front with a striped awning."""
    left, right, top = 400, 880, 250
    draw.rectangle([left, top + 90, right, 600], fill=light)
    stripes = 8
    width = (right - left + 60) / stripes
    for i in range(stripes):
        x = left - 30 + i * width
        colour = light if i % 2 == 0 else dark
        draw.polygon([(x, top), (x + width, top), (x + width, top + 110), (x, top + 110)], fill=colour)
    draw.rectangle([left - 30, top - 20, right + 30, top], fill=light)
    draw.rectangle([left + 50, top + 170, left + 200, 600], fill=dark)
    draw.rectangle([left + 260, top + 170, right - 50, top + 300], fill=dark)
    draw.line([(left + 260, top + 235), (right - 50, top + 235)], fill=light, width=6)


def _sheet(draw, light, dark):
    """Spreadsheets: a grid of cells and a rising line across it."""
    left, top, cols, rows, cw, ch = 340, 170, 6, 7, 100, 56
    draw.rounded_rectangle([left - 10, top - 10, left + cols * cw + 10, top + rows * ch + 10], radius=16, fill=light)
    for r in range(rows):
        for c in range(cols):
            x, y = left + c * cw, top + r * ch
            fill = dark if r == 0 or c == 0 else WHITE
            draw.rectangle([x + 3, y + 3, x + cw - 3, y + ch - 3], fill=fill)
    line = [(left + 150 + i * 100, top + 330 - h) for i, h in enumerate((0, 60, 40, 130, 190))]
    draw.line(line, fill=dark, width=12, joint="curve")
    for x, y in line:
        draw.ellipse([x - 14, y - 14, x + 14, y + 14], fill=dark)


def _camera(draw, light, dark):
    """Photography: a camera with a big lens."""
    draw.rounded_rectangle([380, 250, 900, 570], radius=40, fill=light)
    draw.rounded_rectangle([460, 200, 600, 260], radius=14, fill=light)
    draw.ellipse([520, 290, 760, 530], fill=dark)
    draw.ellipse([560, 330, 720, 490], fill=light)
    draw.ellipse([600, 370, 680, 450], fill=dark)
    draw.ellipse([800, 290, 850, 340], fill=dark)


def _checklist(draw, light, dark):
    """The toolkit: a clipboard with ticked lines and a pencil."""
    draw.rounded_rectangle([440, 150, 840, 640], radius=28, fill=light)
    draw.rounded_rectangle([560, 120, 720, 190], radius=16, fill=dark)
    for i in range(4):
        y = 260 + i * 95
        draw.rounded_rectangle([490, y - 28, 546, y + 28], radius=10, outline=dark, width=8)
        if i < 3:
            draw.line([(500, y), (515, y + 16), (540, y - 18)], fill=dark, width=9, joint="curve")
        draw.rounded_rectangle([580, y - 10, 790 - (i % 2) * 60, y + 10], radius=10, fill=dark)
    draw.polygon([(880, 600), (1010, 250), (1050, 265), (920, 615)], fill=light)
    draw.polygon([(880, 600), (920, 615), (885, 650)], fill=dark)


def _receipt(draw, light, dark):
    """Tax for freelancers: a till slip with a per cent sign."""
    left, right, top, bottom = 460, 820, 130, 600
    teeth = 9
    width = (right - left) / teeth
    outline = [(left, top), (right, top), (right, bottom)]
    for i in range(teeth):
        x = right - i * width
        outline += [(x - width / 2, bottom + 30), (x - width, bottom)]
    draw.polygon(outline, fill=light)
    for i in range(5):
        y = 200 + i * 50
        draw.rounded_rectangle([left + 40, y, left + 180 + (i % 3) * 40, y + 18], radius=9, fill=dark)
        draw.rounded_rectangle([right - 110, y, right - 40, y + 18], radius=9, fill=dark)
    draw.line([(left + 40, 470), (right - 40, 470)], fill=dark, width=6)
    draw.ellipse([900, 280, 980, 360], outline=light, width=16)
    draw.ellipse([1020, 420, 1100, 500], outline=light, width=16)
    draw.line([(1090, 270), (910, 510)], fill=light, width=18)


def _bulb(draw, light, dark):
    """Load-shedding: a light bulb with rays."""
    cx, cy = 640, 330
    draw.ellipse([cx - 140, cy - 150, cx + 140, cy + 130], fill=light)
    draw.rectangle([cx - 70, cy + 100, cx + 70, cy + 210], fill=light)
    for i in range(3):
        draw.rectangle([cx - 70, cy + 130 + i * 28, cx + 70, cy + 142 + i * 28], fill=dark)
    for angle in range(-160, 1, 32):
        a = math.radians(angle)
        draw.line([(cx + 190 * math.cos(a), cy + 190 * math.sin(a)), (cx + 250 * math.cos(a), cy + 250 * math.sin(a))],
                  fill=light, width=14)


MOTIFS = {
    "path": _path, "coins": _coins, "shop": _shop, "sheet": _sheet, "camera": _camera,
    "checklist": _checklist, "receipt": _receipt, "bulb": _bulb,
}


# --- Lesson pictures ----------------------------------------------------------------------------


def render_bar_chart(title, bars, colour, horizontal=False, unit="R"):
    """A labelled bar chart on white: `bars` is [(label, value)]."""
    picture = Image.new("RGB", PICTURE_SIZE, WHITE)
    draw = ImageDraw.Draw(picture)
    width, height = PICTURE_SIZE
    draw.text((48, 36), title, font=_font(34), fill=INK)
    biggest = max(value for _, value in bars)
    label_font, value_font = _font(24), _font(22)
    if horizontal:
        top, row = 110, (height - 150) / len(bars)
        for i, (label, value) in enumerate(bars):
            y = top + i * row
            draw.text((48, y + row / 2), label, font=label_font, fill=INK, anchor="lm")
            length = (width - 420) * value / biggest
            draw.rectangle([300, y + 10, 300 + length, y + row - 10], fill=colour)
            draw.text((312 + length, y + row / 2), _rand(value, unit), font=value_font, fill=MUTED, anchor="lm")
    else:
        base, slot = height - 70, (width - 96) / len(bars)
        for i, (label, value) in enumerate(bars):
            x = 48 + i * slot
            bar_top = base - (base - 150) * value / biggest
            draw.rectangle([x + slot * 0.18, bar_top, x + slot * 0.82, base], fill=colour)
            draw.text((x + slot / 2, base + 14), label, font=label_font, fill=INK, anchor="mt")
            draw.text((x + slot / 2, bar_top - 10), _rand(value, unit), font=value_font, fill=MUTED, anchor="mb")
        draw.line([(40, base), (width - 40, base)], fill=MUTED, width=2)
    return _jpeg(picture, 88)


def render_cash_flow(title, months, colours):
    """Cash in and cash out side by side per month: `months` is [(month, in, out)]."""
    picture = Image.new("RGB", PICTURE_SIZE, WHITE)
    draw = ImageDraw.Draw(picture)
    width, height = PICTURE_SIZE
    draw.text((48, 36), title, font=_font(34), fill=INK)
    for i, (label, colour) in enumerate(zip(("Cash in", "Cash out"), colours)):
        x = width - 360 + i * 170
        draw.rectangle([x, 46, x + 24, 70], fill=colour)
        draw.text((x + 34, 58), label, font=_font(24), fill=INK, anchor="lm")
    base, slot = height - 70, (width - 96) / len(months)
    biggest = max(max(cash_in, cash_out) for _, cash_in, cash_out in months)
    for i, (month, cash_in, cash_out) in enumerate(months):
        x = 48 + i * slot
        for j, (value, colour) in enumerate(((cash_in, colours[0]), (cash_out, colours[1]))):
            left = x + slot * (0.14 + 0.36 * j)
            draw.rectangle([left, base - (base - 140) * value / biggest, left + slot * 0.34, base], fill=colour)
        draw.text((x + slot / 2, base + 14), month, font=_font(24), fill=INK, anchor="mt")
    draw.line([(40, base), (width - 40, base)], fill=MUTED, width=2)
    return _jpeg(picture, 88)


def render_window_light():
    """A beaded bowl on a table, lit from a window on the left, its shadow falling right."""
    width, height = PICTURE_SIZE
    picture = Image.new("RGB", PICTURE_SIZE, (236, 228, 216))
    draw = ImageDraw.Draw(picture, "RGBA")
    draw.rectangle([40, 40, 300, 380], fill=(250, 248, 240))
    draw.rectangle([40, 40, 300, 380], outline=(168, 150, 128), width=12)
    draw.line([(170, 40), (170, 380)], fill=(168, 150, 128), width=10)
    draw.line([(40, 210), (300, 210)], fill=(168, 150, 128), width=10)
    draw.polygon([(300, 60), (900, 330), (900, 420), (300, 380)], fill=(255, 250, 235, 90))
    draw.rectangle([0, 380, width, height], fill=(181, 136, 99))
    draw.ellipse([500, 440, 860, 490], fill=(92, 64, 44, 110))
    draw.chord([440, 250, 780, 470], 0, 180, fill=(14, 116, 144))
    draw.ellipse([440, 335, 780, 385], fill=(8, 80, 100))
    colours = [(250, 204, 21), (239, 68, 68), WHITE, (34, 197, 94)]
    for row, y in enumerate((400, 425, 447)):
        for n in range(16):
            x = 470 + n * 18 + (row % 2) * 9
            if (x - 610) ** 2 / 165 ** 2 + (y - 360) ** 2 / 110 ** 2 < 1:
                draw.ellipse([x - 5, y - 5, x + 5, y + 5], fill=colours[(n + row) % 4])
    draw.chord([440, 250, 780, 470], 90, 180, fill=(255, 255, 255, 40))
    return _jpeg(picture, 88)


def render_thirds_grid():
    """A product photo with the rule-of-thirds grid on top; the jar sits where two lines cross."""
    width, height = PICTURE_SIZE
    picture = _diagonal(PICTURE_SIZE, (224, 231, 255), (165, 180, 252))
    draw = ImageDraw.Draw(picture, "RGBA")
    draw.rectangle([0, 390, width, height], fill=(226, 232, 240))
    cx, base = width // 3, 2 * height // 3 + 60
    draw.ellipse([cx - 90, base - 16, cx + 110, base + 20], fill=(71, 85, 105, 70))
    draw.rounded_rectangle([cx - 70, base - 190, cx + 70, base], radius=26, fill=(234, 88, 12))
    draw.rounded_rectangle([cx - 56, base - 222, cx + 56, base - 186], radius=8, fill=(67, 56, 202))
    draw.rectangle([cx - 70, base - 140, cx + 70, base - 70], fill=(255, 237, 213))
    draw.line([(cx - 40, base - 105), (cx + 40, base - 105)], fill=(154, 52, 18), width=6)
    for i in (1, 2):
        draw.line([(width * i // 3, 0), (width * i // 3, height)], fill=(255, 255, 255, 220), width=3)
        draw.line([(0, height * i // 3), (width, height * i // 3)], fill=(255, 255, 255, 220), width=3)
    for x in (width // 3, 2 * width // 3):
        for y in (height // 3, 2 * height // 3):
            draw.ellipse([x - 9, y - 9, x + 9, y + 9], outline=WHITE, width=3)
    return _jpeg(picture, 88)


def _rand(value, unit):
    return f"{unit}{value:,}".replace(",", " ") if unit == "R" else f"{value}{unit}"


# --- Avatars ------------------------------------------------------------------------------------


def render_avatar(background, skin, hair, shirt, hair_style="short"):
    """A square, flat portrait: shoulders, a face and hair on a plain background."""
    size = AVATAR_SIZE
    picture = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(picture)
    draw.ellipse([38, 176, 218, 356], fill=shirt)
    draw.rectangle([108, 150, 148, 190], fill=skin)
    if hair_style == "bun":
        draw.ellipse([96, 22, 160, 80], fill=hair)
    draw.ellipse([74, 52, 182, 172], fill=skin)
    if hair_style == "bun":
        draw.chord([70, 46, 186, 150], 180, 360, fill=hair)
    else:
        draw.chord([70, 44, 186, 136], 180, 360, fill=hair)
        draw.rectangle([70, 86, 84, 112], fill=hair)
        draw.rectangle([172, 86, 186, 112], fill=hair)
    eye = _mix(skin, INK, 0.8)
    draw.ellipse([104, 108, 114, 118], fill=eye)
    draw.ellipse([142, 108, 152, 118], fill=eye)
    draw.arc([110, 122, 146, 150], 20, 160, fill=eye, width=4)
    return _jpeg(picture, 90)
