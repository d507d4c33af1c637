"""Rebuild the demo's lesson files from the texts in this script.

    pip install -r requirements-assets.txt        # once: Pillow, reportlab, imageio-ffmpeg
    python home/demo/assets/build.py              # everything
    python home/demo/assets/build.py videos h5p   # or only some: videos, worksheet, h5p

Build time only: the results are committed beside this script and `load_demo` just copies them
into the media library, so running the site never needs ffmpeg. The videos are silent slideshows
(text slides drawn with Pillow, encoded to VP9 WebM by the ffmpeg that the imageio-ffmpeg wheel
ships), each with a JPEG poster of its first slide; the worksheet is a one-page A4 PDF written
with reportlab (real text, so it can be searched, read aloud and copied); the H5P activity is the
libraries of the test fixture `tests/data/h5p/multichoice.h5p`, byte for byte, with our own
question about budgeting. Fonts: DejaVu Sans (Debian's fonts-dejavu-core) when present, else
Pillow's built-in font. Everything here is written for this project and released CC0 1.0.
"""

import json
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
H5P_LIBRARIES_FROM = REPO / "tests" / "data" / "h5p" / "multichoice.h5p"

WIDTH, HEIGHT = 960, 540
FPS = 10
FADE_SECONDS = 0.4
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

# --- Lesson videos ------------------------------------------------------------------------------
# file stem: course name in the footer, colours (background, accent), slides.
# A slide: heading, lines (text, or (text, amount) for a right-aligned figure), seconds on screen,
# and optionally "bar": the parts of a stacked bar drawn under the lines, [(share, colour)].
NEEDS, WANTS, DEBT, SAVE = (20, 184, 166), (250, 204, 21), (248, 113, 113), (96, 165, 250)

VIDEOS = {
    "where-r12000-goes": {
        "course": "Money-smart toolkit",
        "colours": ((17, 50, 61), (250, 204, 21)),
        "slides": [
            {"heading": "Where does R12 000 go?", "lines": ["One month of Thandi's take-home pay,", "rand by rand."],
             "seconds": 4, "title": True},
            {"heading": "Needs: R6 500", "lines": [("Rent (a backroom in Soweto)", "R4 000"), ("Groceries", "R1 300"),
                                                  ("Taxi fare to work", "R1 200")],
             "seconds": 6, "bar": [(6500, NEEDS)]},
            {"heading": "Wants: R2 700", "lines": [("Takeaways and the Friday braai", "R900"), ("Clothes", "R800"),
                                                  ("Data and airtime", "R500"), ("Streaming", "R500")],
             "seconds": 6, "bar": [(6500, NEEDS), (2700, WANTS)]},
            {"heading": "Debt: R1 600", "lines": [("Personal loan", "R1 000"), ("Store card", "R600")],
             "seconds": 5, "bar": [(6500, NEEDS), (2700, WANTS), (1600, DEBT)]},
            {"heading": "Savings: R1 200", "lines": [("Emergency fund", "R700"), ("Stokvel", "R500")],
             "seconds": 5, "bar": [(6500, NEEDS), (2700, WANTS), (1600, DEBT), (1200, SAVE)]},
            {"heading": "Your turn", "lines": ["Write down every rand for 30 days.",
                                               "Then fill in the worksheet", "in the next lesson."],
             "seconds": 6},
        ],
    },
    "stokvel-or-tfsa": {
        "course": "Budgeting and saving in rand",
        "colours": ((21, 94, 117), (253, 224, 71)),
        "slides": [
            {"heading": "Stokvel or tax-free savings?", "lines": ["Two South African ways", "to make saving stick."],
             "seconds": 4, "title": True},
            {"heading": "A stokvel", "lines": ["A group you trust", "Rules agreed in writing",
                                               "Everyone pays in, say R500 a month",
                                               "Pay-outs in turn, or in December"],
             "seconds": 7},
            {"heading": "A tax-free savings account", "lines": ["At a bank or an investment company",
                                                                ("Yearly limit", "R36 000"),
                                                                ("Lifetime limit", "R500 000"),
                                                                "No tax on interest or growth"],
             "seconds": 7},
            {"heading": "Watch the limit", "lines": ["Pay in more than R36 000 in a year", "and SARS takes 40% of the excess.",
                                                     "Count every deposit in every account."],
             "seconds": 6},
            {"heading": "Use both", "lines": ["Stokvel: short-term goals", "TFSA: your money in ten years"],
             "seconds": 6},
        ],
    },
    "whatsapp-business-habits": {
        "course": "Starting and running a small business",
        "colours": ((124, 45, 18), (251, 146, 60)),
        "slides": [
            {"heading": "WhatsApp Business:\nfive habits", "lines": ["Sell more from the phone", "already in your pocket."],
             "seconds": 4, "title": True},
            {"heading": "1. A catalogue with prices", "lines": ["One photo, one line and a price in rand", "for everything you sell."],
             "seconds": 5},
            {"heading": "2. Greeting and away messages", "lines": ["Say hello, your hours and how to pay,", "even when you are busy baking."],
             "seconds": 5},
            {"heading": "3. Labels for every order", "lines": ["New order", "Paid", "Delivered"], "seconds": 5},
            {"heading": "4. Post to your Status daily", "lines": ["At the time your customers", "are on their phones."],
             "seconds": 5},
            {"heading": "5. Reply within the hour", "lines": ["Quick replies save typing:", "/prices, /delivery, /bank"],
             "seconds": 6},
        ],
    },
    "product-photos-that-sell": {
        "course": "Phone photography for makers",
        "colours": ((88, 28, 135), (244, 114, 182)),
        "slides": [
            {"heading": "Product photos that sell", "lines": ["Five steps, one phone,", "no studio."], "seconds": 4, "title": True},
            {"heading": "1. Window light", "lines": ["Next to a window, out of direct sun.", "Switch the flash off."], "seconds": 5},
            {"heading": "2. A plain background", "lines": ["A white card or a painted board:", "less than R100."], "seconds": 5},
            {"heading": "3. Fill the frame", "lines": ["Square photo, product large,", "a little space around it."], "seconds": 5},
            {"heading": "4. Add detail shots", "lines": ["Texture, size in a hand,", "the label or the stitching."], "seconds": 5},
            {"heading": "5. Check on a phone", "lines": ["Buyers scroll on small screens:", "look before you post."], "seconds": 6},
        ],
    },
    "provisional-tax-in-brief": {
        "course": "Tax for freelancers",
        "colours": ((30, 58, 95), (52, 211, 153)),
        "slides": [
            {"heading": "Provisional tax,\nin brief", "lines": ["For freelancers and side hustles", "in South Africa."],
             "seconds": 4, "title": True},
            {"heading": "Who pays it?", "lines": ["Anyone with income that is not", "a salary: freelance fees,",
                                                  "rent, a side hustle."],
             "seconds": 6},
            {"heading": "Two payments a year", "lines": [("First IRP6", "by 31 August"), ("Second IRP6", "by end February"),
                                                         ("Optional top-up", "after year end")],
             "seconds": 7},
            {"heading": "Set money aside", "lines": ["Move 25% of every payment", "into a separate savings account."],
             "seconds": 6},
            {"heading": "Keep your records", "lines": ["Invoices, slips and statements:", "keep them for five years."],
             "seconds": 6},
        ],
    },
}


def font(size, bold=False):
    from PIL import ImageFont

    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.is_file():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def wrap(draw, text, typeface, width):
    """`text` broken into lines no wider than `width` pixels."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=typeface) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + [line]


def draw_slide(spec, slide, number, total):
    """One 960x540 slide. Type is large (40 px body) so that it stays readable on a phone."""
    from PIL import Image, ImageDraw

    background, accent = spec["colours"]
    picture = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(picture)
    ink, soft = (255, 255, 255), (214, 226, 232)
    draw.rectangle([0, 0, 18, HEIGHT], fill=accent)
    left = 72
    body, figure = font(40), font(40, bold=True)
    if slide.get("title"):
        heading = font(66, bold=True)
        y = 84
        for line in slide["heading"].split("\n"):
            for part in wrap(draw, line, heading, WIDTH - 2 * left):
                draw.text((left, y), part, font=heading, fill=ink)
                y += 80
        y += 14
        draw.rectangle([left, y, left + 120, y + 8], fill=accent)
        y += 36
        for line in wrap(draw, " ".join(slide["lines"]), body, WIDTH - 2 * left):
            draw.text((left, y), line, font=body, fill=soft)
            y += 54
    else:
        heading = font(54, bold=True)
        y = 56
        for part in wrap(draw, slide["heading"], heading, WIDTH - 2 * left):
            draw.text((left, y), part, font=heading, fill=accent)
            y += 66
        y += 28
        for line in slide["lines"]:
            text, amount = line if isinstance(line, tuple) else (line, None)
            room = WIDTH - 2 * left - (draw.textlength(amount, font=figure) + 24 if amount else 0)
            for part in wrap(draw, text, body, room):
                draw.text((left, y), part, font=body, fill=ink)
                y += 54
            if amount:
                draw.text((WIDTH - left - draw.textlength(amount, font=figure), y - 54), amount, font=figure, fill=ink)
            y += 10
        if slide.get("bar"):
            draw_bar(draw, slide["bar"], left, HEIGHT - 136)
    small = font(20)
    draw.text((left, HEIGHT - 40), f"Leerhuis · {spec['course']}", font=small, fill=soft)
    page = f"{number} / {total}"
    draw.text((WIDTH - left - draw.textlength(page, font=small), HEIGHT - 40), page, font=small, fill=soft)
    return picture


def draw_bar(draw, parts, left, top, whole=12000):
    """A stacked bar of the month's R12 000, filled as far as the parts go, each part labelled."""
    right, height = WIDTH - left, 34
    draw.rounded_rectangle([left, top, right, top + height], radius=8, outline=(120, 144, 156), width=2)
    x = left
    for amount, colour in parts:
        width = (right - left) * amount / whole
        draw.rectangle([x + 2, top + 2, x + width - 2, top + height - 2], fill=colour)
        x += width
    label = f"R{sum(a for a, _ in parts):,} of R{whole:,}".replace(",", " ")
    draw.text((left, top + height + 10), label, font=font(22), fill=(214, 226, 232))


def build_video(stem, spec):
    import imageio_ffmpeg
    from PIL import Image

    slides = [draw_slide(spec, slide, n, len(spec["slides"])) for n, slide in enumerate(spec["slides"], 1)]
    slides[0].save(HERE / f"{stem}.jpg", "JPEG", quality=80, optimize=True, progressive=True)
    writer = imageio_ffmpeg.write_frames(
        str(HERE / f"{stem}.webm"), (WIDTH, HEIGHT), fps=FPS, codec="libvpx-vp9", pix_fmt_out="yuv420p",
        output_params=["-b:v", "0", "-crf", "42", "-g", str(FPS * 5), "-row-mt", "1", "-an",
                       "-metadata", f"title={spec['slides'][0]['heading']}", "-fflags", "+bitexact"],
        macro_block_size=1, ffmpeg_log_level="error",
    )
    writer.send(None)
    fade = round(FADE_SECONDS * FPS)
    for i, (slide, picture) in enumerate(zip(spec["slides"], slides)):
        frames = round(slide["seconds"] * FPS)
        following = slides[i + 1] if i + 1 < len(slides) else None
        for frame in range(frames):
            shown = picture
            if following is not None and frame >= frames - fade:
                shown = Image.blend(picture, following, (frame - (frames - fade) + 1) / (fade + 1))
            writer.send(shown.tobytes())
    writer.close()
    seconds = sum(slide["seconds"] for slide in spec["slides"])
    print(f"{stem}.webm: {seconds} s, {(HERE / f'{stem}.webm').stat().st_size // 1024} KB")


# --- The budget worksheet -----------------------------------------------------------------------

WORKSHEET_LINES = [
    ("Money in", [
        "Salary or wages (take-home)", "Freelance or side-hustle income", "SASSA grants",
        "Stokvel pay-out", "Other income",
    ], "Total money in (A)"),
    ("Needs", [
        "Rent or bond", "Groceries", "Transport: taxi, bus, petrol", "Electricity and water",
        "School fees and childcare", "Insurance and funeral cover",
    ], None),
    ("Wants", ["Data and airtime", "Takeaways and eating out", "Clothes", "Streaming and TV"], None),
    ("Debt", ["Store cards", "Personal loan or credit card"], None),
    ("Savings", ["Emergency fund", "Stokvel contribution", "Tax-free savings account"], "Total money out (B)"),
]


def build_worksheet():
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    path = HERE / "budget-worksheet.pdf"
    page_width, page_height = A4
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.setTitle("Monthly budget worksheet")
    canvas.setAuthor("Leerhuis")
    canvas.setSubject("A one-page monthly budget: money in, money out and what is left")
    teal, grey, ink = HexColor("#0f766e"), HexColor("#d6d3d1"), HexColor("#1c1917")
    left, right = 48, page_width - 48
    planned, actual = right - 190, right - 90

    canvas.setFillColor(teal)
    canvas.rect(0, page_height - 80, page_width, 80, stroke=0, fill=1)
    canvas.setFillColor(HexColor("#ffffff"))
    canvas.setFont("Helvetica-Bold", 22)
    canvas.drawString(left, page_height - 44, "Monthly budget worksheet")
    canvas.setFont("Helvetica", 11)
    canvas.drawString(left, page_height - 64, "Budgeting and saving in rand  ·  Leerhuis")

    y = page_height - 108
    canvas.setFillColor(ink)
    canvas.setFont("Helvetica", 11)
    canvas.drawString(left, y, "Name: ______________________________")
    canvas.drawString(left + 270, y, "Month: ____________________")
    y -= 22
    canvas.setFont("Helvetica", 9.5)
    canvas.drawString(left, y, "Fill in the Planned column at the start of the month and the Actual column at the end. "
                      "Amounts in rand.")
    y -= 28

    def column_heads(y):
        canvas.setFont("Helvetica-Bold", 9)
        canvas.setFillColor(HexColor("#57534e"))
        canvas.drawRightString(planned + 70, y, "PLANNED (R)")
        canvas.drawRightString(actual + 70, y, "ACTUAL (R)")
        canvas.setFillColor(ink)

    row = 16.5
    for n, (heading, items, total) in enumerate(WORKSHEET_LINES):
        canvas.setFont("Helvetica-Bold", 12.5)
        canvas.setFillColor(teal)
        canvas.drawString(left, y, heading)
        canvas.setFillColor(ink)
        if n == 0:
            column_heads(y)
        y -= 7
        canvas.setStrokeColor(teal)
        canvas.setLineWidth(1.2)
        canvas.line(left, y, right, y)
        for item in items:
            y -= row
            canvas.setFont("Helvetica", 10.5)
            canvas.drawString(left + 4, y + 4.5, item)
            canvas.setStrokeColor(grey)
            canvas.setLineWidth(0.6)
            canvas.line(left, y, right, y)
            canvas.rect(planned, y + 2, 70, row - 5, stroke=1, fill=0)
            canvas.rect(actual, y + 2, 70, row - 5, stroke=1, fill=0)
        if total:
            y -= row + 2
            canvas.setFillColor(HexColor("#f0fdfa"))
            canvas.rect(left, y - 1, right - left, row + 1, stroke=0, fill=1)
            canvas.setFillColor(ink)
            canvas.setFont("Helvetica-Bold", 10.5)
            canvas.drawString(left + 4, y + 4.5, total)
            canvas.setStrokeColor(teal)
            canvas.rect(planned, y + 2, 70, row - 5, stroke=1, fill=0)
            canvas.rect(actual, y + 2, 70, row - 5, stroke=1, fill=0)
        y -= 22

    canvas.setFont("Helvetica-Bold", 12.5)
    canvas.setFillColor(teal)
    canvas.drawString(left, y, "What is left")
    canvas.setFillColor(ink)
    y -= 20
    canvas.setFont("Helvetica-Bold", 10.5)
    canvas.drawString(left + 4, y, "Total money in (A) minus total money out (B) = R ______________")
    y -= 22
    canvas.setFont("Helvetica", 10)
    for line in (
        "Aim for about 50% of money in on needs, 30% on wants and 20% on savings and paying off debt.",
        "More going out than coming in? Cut wants first, and call your lender before you miss a payment.",
        "Something left over? Move it to your emergency fund on payday, before you can spend it.",
    ):
        canvas.drawString(left + 4, y, "•  " + line)
        y -= 15
    canvas.setFont("Helvetica", 8)
    canvas.setFillColor(HexColor("#57534e"))
    canvas.drawString(left, 24, "Leerhuis  ·  Free to print and share (CC0 1.0)")
    canvas.showPage()
    canvas.save()
    print(f"budget-worksheet.pdf: {path.stat().st_size // 1024} KB")


# --- The H5P activity ---------------------------------------------------------------------------

H5P_TITLE = "Check yourself: the 50/30/20 rule"


def h5p_feedback(text):
    return {"tip": "", "chosenFeedback": f"<div>{text}</div>\n", "notChosenFeedback": ""}


def h5p_content(fixture_content):
    """Our budgeting question, with the library's own labels and behaviour kept from the fixture."""
    return {
        "question": "<p>Thandi takes home R12 000 a month. Using the 50/30/20 rule, how much should go to "
                    "savings and paying off debt each month?</p>\n",
        "answers": [
            {"correct": False, "text": "<div>R6 000</div>\n",
             "tipsAndFeedback": h5p_feedback("Not quite: R6 000 is half, the share for needs such as rent and food.")},
            {"correct": True, "text": "<div>R2 400</div>\n",
             "tipsAndFeedback": h5p_feedback("Right: 20% of R12 000 is R2 400.")},
            {"correct": False, "text": "<div>R3 600</div>\n",
             "tipsAndFeedback": h5p_feedback("Not quite: R3 600 is 30%, the share for wants.")},
            {"correct": False, "text": "<div>Whatever is left at the end of the month</div>\n",
             "tipsAndFeedback": h5p_feedback("Saving what is left usually means saving nothing: pay yourself "
                                             "first, on payday.")},
        ],
        "media": {"disableImageZooming": False},
        "UI": fixture_content["UI"],
        "behaviour": fixture_content["behaviour"],
        "confirmCheck": fixture_content["confirmCheck"],
        "confirmRetry": fixture_content["confirmRetry"],
        "overallFeedback": [
            {"from": 0, "to": 99, "feedback": "Not yet: savings and debt get 20%. Try again."},
            {"from": 100, "to": 100, "feedback": "Well done!"},
        ],
    }


def build_h5p():
    """budget-question.h5p: the fixture's libraries unchanged, our own h5p.json and content.json."""
    stamp = (2020, 1, 1, 0, 0, 0)
    path = HERE / "budget-question.h5p"
    with zipfile.ZipFile(H5P_LIBRARIES_FROM) as source:
        manifest = json.loads(source.read("h5p.json"))
        content = json.loads(source.read("content/content.json"))
        manifest.update({"title": H5P_TITLE, "license": "CC0 1.0", "authors": [{"name": "Leerhuis", "role": "Author"}]})
        files = {"h5p.json": json.dumps(manifest, indent=2).encode(),
                 "content/content.json": json.dumps(h5p_content(content), indent=2).encode()}
        libraries = sorted(name for name in source.namelist() if name not in files)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
            for name in list(files) + libraries:
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                package.writestr(info, files[name] if name in files else source.read(name))
    print(f"budget-question.h5p: {path.stat().st_size // 1024} KB, {len(libraries) + 2} files")


def main(parts):
    parts = parts or ["videos", "worksheet", "h5p"]
    if "videos" in parts:
        for stem, spec in VIDEOS.items():
            build_video(stem, spec)
    if "worksheet" in parts:
        build_worksheet()
    if "h5p" in parts:
        build_h5p()


if __name__ == "__main__":
    main(sys.argv[1:])
