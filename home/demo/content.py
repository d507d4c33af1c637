"""The demo site's people, pictures and course texts, used by `manage.py load_demo`.

Lesson bodies are lists of (block type, value). Image blocks name a picture by its key in
PICTURES; the command swaps in the Wagtail image's id. Video ids are public sample clips.
"""

from .assessments import MONEY_CHECK, place_blocks

PASSWORD = "leerhuis-demo-2026"

# email: (first name, last name, role). Roles: admin, moderator, instructor, student.
PEOPLE = {
    "admin@leerhuis.test": ("Ada", "Admin", "admin"),
    "moderator@leerhuis.test": ("Mpho", "Moloi", "moderator"),
    "naledi@leerhuis.test": ("Naledi", "Dlamini", "instructor"),
    "johan@leerhuis.test": ("Johan", "van der Merwe", "instructor"),
    "thandi@leerhuis.test": ("Thandi", "Nkosi", "student"),
    "sipho@leerhuis.test": ("Sipho", "Mthembu", "student"),
    "lerato@leerhuis.test": ("Lerato", "Mokoena", "student"),
    "pieter@leerhuis.test": ("Pieter", "Botha", "student"),
    "ayesha@leerhuis.test": ("Ayesha", "Patel", "student"),
}
# Names for the extra students `--scale` adds (student6@leerhuis.test and on).
FIRST_NAMES = ["Zanele", "Kagiso", "Anele", "Riaan", "Nomsa", "Tshepo", "Fatima", "Bongani", "Karabo", "Chloé"]
LAST_NAMES = ["Khumalo", "Naidoo", "Ndlovu", "Pretorius", "Zulu", "Mahlangu", "Jacobs", "Sithole", "Molefe", "Adams"]

CATEGORIES = {
    "Business": "Start, register and grow a small business.",
    "Digital skills": "Spreadsheets, code and the tools of online work.",
    "Personal finance": "Budgets, saving and credit, in rand.",
    "Creative": "Photography, design and making things people want.",
}

# key: (title, top colour, bottom colour, label, draw a bar chart?)
PICTURES = {
    "getting-started": ("Getting started on Leerhuis", (15, 118, 110), (94, 234, 212), "Start here", False),
    "budgeting": ("Budgeting and saving in rand", (21, 94, 117), (250, 204, 21), "Budget in rand", False),
    "small-business": ("Small business in South Africa", (124, 45, 18), (251, 146, 60), "Your own business", False),
    "spreadsheets": ("Spreadsheets and Python", (30, 64, 175), (147, 197, 253), "Data for business", False),
    "photography": ("Phone photography for makers", (88, 28, 135), (244, 114, 182), "Shoot and sell", False),
    "load-shedding": ("Load-shedding planning", (31, 41, 55), (234, 179, 8), "Keep the lights on", False),
    "spending-chart": ("Monthly spending by category", (240, 249, 255), (186, 230, 253), "Where R15 000 goes", True),
    "cash-flow": ("Cash flow over six months", (254, 252, 232), (254, 240, 138), "Cash in vs cash out", True),
    "sales-chart": ("Sales per month", (236, 253, 245), (167, 243, 208), "Sales per month", True),
    "window-light": ("Product lit by a window", (255, 237, 213), (120, 53, 15), "Soft window light", False),
    "thirds-grid": ("Rule of thirds grid", (224, 231, 255), (67, 56, 202), "Rule of thirds", False),
}

YOUTUBE = "aqz-KE-bpKQ"  # Big Buck Bunny (Blender Foundation, CC BY), a stand-in for a real lesson video
YOUTUBE_2 = "eRsGyueVLvQ"  # Sintel (Blender Foundation, CC BY)
VIMEO = "1084537"  # Big Buck Bunny on Vimeo
VIMEO_2 = "76979871"  # Vimeo's own player demo


def video(source, video_id, title, seconds):
    # Placeholder films are not required viewing; the demo's tracked video is the uploaded sample.
    return ("video", {"source": source, "video": video_id, "title": title, "duration": seconds,
                      "counts_toward_completion": False})


def picture(key, alt, caption=""):
    return ("image", {"image": key, "alt_text": alt, "caption": caption})


def code(language, text, caption=""):
    return ("code", {"language": language, "code": text.strip("\n"), "caption": caption})


def lesson(title, *body, minutes=8, preview=False, slug=""):
    return {"title": title, "body": list(body), "minutes": minutes, "preview": preview, "slug": slug}


# chain: each lesson needs the one before it in the section.
# after_previous: the section's first lesson needs the previous section's last lesson.
def section(title, summary, *lessons, chain=True, after_previous=False):
    return {"title": title, "summary": summary, "lessons": list(lessons), "chain": chain, "after_previous": after_previous}


GETTING_STARTED = {
    "slug": "getting-started",
    "title": "Getting started on Leerhuis",
    "category": "Digital skills",
    "difficulty": "beginner",
    "pricing_type": "free",
    "price": "0.00",
    "instructor": "naledi@leerhuis.test",
    "thumbnail": "getting-started",
    "description": "<p>A short tour of the platform for new students: your account, finding courses, "
    "how lessons unlock, tracking progress and earning certificates. Free, about 30 minutes.</p>",
    "sections": [
        section(
            "Welcome", "Who we are and how your account works.",
            lesson(
                "Welcome to Leerhuis",
                ("rich_text", "<h2>Sawubona, hallo, welcome!</h2><p>Leerhuis is a place for short, practical "
                 "courses taught by South African instructors. Every course is built to work on a phone and "
                 "on a slow connection, so you can learn on the taxi, at lunch or after the kids are asleep.</p>"
                 "<p>This course takes about half an hour. Work through the lessons in order: each one opens "
                 "the next.</p>"),
                minutes=3, preview=True,
            ),
            lesson(
                "Your account and profile",
                ("rich_text", "<p>Your email address is your login. We verify it once, so that certificates "
                 "and receipts reach you.</p><ul><li>Add your name as you want it on certificates.</li>"
                 "<li>Choose your time zone (most of us are on <b>Africa/Johannesburg</b>).</li>"
                 "<li>You can download everything we hold about you, or delete your account, from your "
                 "profile page at any time.</li></ul>"),
                minutes=4,
            ),
        ),
        section(
            "Learning on Leerhuis", "Finding courses, enrolling and moving through lessons.",
            lesson(
                "Finding and enrolling in a course",
                ("markdown", "Browse the **catalogue** under *Courses*. Filter by category, difficulty or "
                 "price, or search for a topic such as `budget` or `CIPC`.\n\nCourses come in four kinds:\n\n"
                 "| Kind | What you pay | How you get in |\n| --- | --- | --- |\n"
                 "| Free | Nothing | Press **Enrol** |\n| One-time purchase | A once-off price in rand, VAT included | "
                 "Pay by card, EFT or QR code |\n| Subscription | A monthly fee | Included while your "
                 "subscription runs |\n| Purchase or subscription | Either of the above | Your choice |\n\n"
                 "Once enrolled, the course appears on your **Dashboard**."),
                minutes=5,
            ),
            lesson(
                "How lessons unlock",
                ("rich_text", "<p>Some lessons have <b>prerequisites</b>: lessons you must finish first. A "
                 "locked lesson shows a padlock and names what is missing.</p><p>A few lessons are marked "
                 "<i>free preview</i>; anyone may open those, even before enrolling.</p>"),
                ("markdown", "> Tip: press **Mark complete** at the end of a lesson when you are done. "
                 "Lessons with a quiz or assignment complete when you pass or submit it."),
                minutes=4,
            ),
            lesson(
                "Tracking your progress",
                ("rich_text", "<p>Your dashboard shows each course with a progress bar and a "
                 "<b>Continue</b> button that takes you back to where you left off.</p><p>Progress is the "
                 "share of a course's lessons you have completed, so a 10-lesson course moves 10% per "
                 "lesson.</p>"),
                minutes=3,
            ),
        ),
        section(
            "Finishing well", "Certificates and where to get help.",
            lesson(
                "Certificates you can verify",
                ("rich_text", "<p>Finish every lesson of a course and we issue a PDF certificate with your "
                 "name, the course, the date and a QR code.</p><p>Anyone, for example an employer, can scan "
                 "the code to check that the certificate is real.</p>"),
                minutes=3,
            ),
            lesson(
                "Getting help and staying safe",
                ("markdown", "## Need help?\n\n1. Re-read the lesson: most answers are in the text.\n"
                 "2. Ask your instructor through the course page.\n3. Write to support; we answer within "
                 "two working days.\n\n**We will never ask for your password or OTP**, by email, SMS or "
                 "WhatsApp. If someone does, it is a scam."),
                minutes=3,
            ),
            after_previous=True,
        ),
    ],
}

BUDGETING = {
    "slug": "budgeting-and-saving",
    "title": "Budgeting and saving in rand",
    "category": "Personal finance",
    "difficulty": "beginner",
    "pricing_type": "free",
    "price": "0.00",
    "instructor": "johan@leerhuis.test",
    "thumbnail": "budgeting",
    "description": "<p>Take control of your monthly money: a budget that fits a South African payslip, an "
    "emergency fund, stokvels and tax-free savings, and credit without the traps.</p>",
    "sections": [
        section(
            "Know your money", "See where your money goes before you change anything.",
            lesson(
                "Quick money check",
                ("rich_text", "<p>Start with a short quiz: it shows what you know already and what this "
                 "course will add. You can try as often as you like.</p>"),
                MONEY_CHECK,
                minutes=5, slug="quick-money-check",
            ),
            lesson(
                "Where does your money go?",
                ("rich_text", "<p>For one month, write down every rand you spend: airtime, taxi fare, the "
                 "Friday braai, debit orders. Most people are surprised by the small amounts.</p>"),
                picture("spending-chart", "Bar chart of a month's spending: rent highest, then food, "
                        "transport, debt repayments, airtime and savings.", "A typical month on R15 000 take-home pay"),
                minutes=6, preview=True,
            ),
            lesson(
                "The 50/30/20 budget",
                ("markdown", "Split your take-home pay into needs, wants and savings or debt repayment.\n\n"
                 "| Part | Share | On R15 000 take-home |\n| --- | ---: | ---: |\n"
                 "| Needs: rent, food, transport, school fees | 50% | R7 500 |\n"
                 "| Wants: data bundles, eating out, DStv | 30% | R4 500 |\n"
                 "| Savings and extra debt payments | 20% | R3 000 |\n\n"
                 "If needs take more than half, that is common: start with 10% savings and grow it."),
                minutes=8, slug="50-30-20-budget",
            ),
        ),
        section(
            "Saving", "An emergency fund first, then saving that grows.",
            lesson(
                "Building an emergency fund",
                ("rich_text", "<p>Aim for three months of needs in an account you can reach within a day, "
                 "but not with your bank card. Start with R500 a month; a broken geyser or a taxi strike "
                 "then stops being a crisis.</p>"),
                minutes=6,
            ),
            lesson(
                "Stokvels and tax-free savings accounts",
                ("markdown", "Two South African ways to save:\n\n"
                 "| | Stokvel | Tax-free savings account (TFSA) |\n| --- | --- | --- |\n"
                 "| Who runs it | Your group | A bank or investment company |\n"
                 "| Limits | What the group agrees | R36 000 a year, R500 000 in a lifetime |\n"
                 "| Tax on growth | Interest may be taxable | None |\n"
                 "| Best for | Discipline, December groceries | Long-term saving |\n\n"
                 "Going over the TFSA yearly limit costs a 40% penalty on the excess, so keep count."),
                video("youtube", YOUTUBE, "Sample video (placeholder): Big Buck Bunny", 634),
                minutes=10,
            ),
        ),
        section(
            "Debt and credit", "Use credit on purpose, not by accident.",
            lesson(
                "Understanding your credit report",
                ("rich_text", "<p>You may request a free credit report once a year from each credit bureau. "
                 "Check that every account listed is really yours and that paid-up debts show as settled.</p>"),
                minutes=7,
            ),
            lesson(
                "Store cards and the real cost of credit",
                ("rich_text", "<p>A R3 000 store card balance at 21% a year, paid at the R150 minimum, takes "
                 "more than two years to clear and costs hundreds in interest and fees. Pay the most "
                 "expensive debt first, and close cards you have paid off.</p>"),
                minutes=7,
            ),
            chain=False,
        ),
    ],
}

SMALL_BUSINESS = {
    "slug": "small-business-south-africa",
    "title": "Starting and running a small business in South Africa",
    "category": "Business",
    "difficulty": "intermediate",
    "pricing_type": "paid",
    "price": "499.00",
    "instructor": "naledi@leerhuis.test",
    "thumbnail": "small-business",
    "description": "<p>From idea to first customers: test your market, cost and price your product, register "
    "with CIPC and SARS, take card payments and manage cash flow. For spaza shops, home bakers, "
    "hairdressers and anyone selling a service.</p>",
    "sections": [
        section(
            "Test your idea", "Check people will pay before you spend your savings.",
            lesson(
                "Is there a market?",
                ("rich_text", "<p>Talk to twenty possible customers this week. Ask what they buy now, where, "
                 "and what annoys them about it. If nobody is already spending money on the problem, be "
                 "careful.</p>"),
                minutes=8, preview=True,
            ),
            lesson(
                "Costing and pricing your product",
                ("markdown", "Work out what one unit really costs. A dozen vetkoek:\n\n"
                 "| Item | Cost |\n| --- | ---: |\n| Flour, yeast, oil | R28.50 |\n| Filling (mince) | R32.00 |\n"
                 "| Gas and packaging | R9.50 |\n| **Cost per dozen** | **R70.00** |\n\n"
                 "Price so that each dozen also pays for your time and your fixed costs, not only the "
                 "ingredients."),
                minutes=10,
            ),
        ),
        section(
            "Make it official", "Registration and tax, without the fear.",
            lesson(
                "Registering with CIPC",
                ("rich_text", "<p>A private company (Pty) Ltd is registered online with the Companies and "
                 "Intellectual Property Commission. You will need certified ID copies of the directors and a "
                 "name reservation. Sole proprietors do not register with CIPC but still declare income to "
                 "SARS.</p>"),
                minutes=8,
            ),
            lesson(
                "Tax basics: SARS, turnover tax and VAT",
                ("rich_text", "<p>Small businesses with a turnover up to R1 million may choose "
                 "<b>turnover tax</b>, a simple tax on sales instead of profit. VAT registration becomes "
                 "compulsory once taxable sales pass the threshold in any 12 months; check the current "
                 "figure on the SARS website.</p>"),
                minutes=10,
            ),
            after_previous=True,
        ),
        section(
            "Get paid and grow", "Payments, marketing and cash flow.",
            lesson(
                "Taking card and QR payments",
                ("rich_text", "<p>Card machines and QR codes (SnapScan, Zapper, bank apps) mean fewer "
                 "cash-in-transit risks and a record of every sale. Compare the fee per transaction, not "
                 "only the price of the device.</p>"),
                minutes=6,
            ),
            lesson(
                "Marketing on WhatsApp Business",
                ("rich_text", "<p>Set up a catalogue, a short greeting message and labels for new, paid "
                 "and delivered orders. Post to your Status every day at the time your customers are on "
                 "their phones.</p>"),
                video("youtube", YOUTUBE_2, "Sample video (placeholder): Sintel", 888),
                minutes=9,
            ),
            lesson(
                "Managing cash flow",
                ("rich_text", "<p>Profit is an opinion, cash is a fact. Plan six months ahead: when money "
                 "comes in, when rent, stock and salaries go out, and what happens in a slow January.</p>"),
                picture("cash-flow", "Chart comparing cash coming in and going out over six months, with a "
                        "dip in January.", "Plan for the January dip"),
                minutes=8,
            ),
        ),
    ],
}

SPREADSHEETS = {
    "slug": "spreadsheets-and-python",
    "title": "Spreadsheets and Python for small business data",
    "category": "Digital skills",
    "difficulty": "intermediate",
    "pricing_type": "subscription",
    "price": "0.00",
    "instructor": "johan@leerhuis.test",
    "thumbnail": "spreadsheets",
    "description": "<p>Turn a messy sales book into clean data, then let Python and SQL do the monthly sums. "
    "Included in the Leerhuis subscription.</p>",
    "sections": [
        section(
            "Clean data", "A sales sheet a computer can read.",
            lesson(
                "Structuring a sales sheet",
                ("markdown", "One row per sale, one column per fact, no merged cells:\n\n"
                 "| date | product | quantity | price_incl_vat |\n| --- | --- | ---: | ---: |\n"
                 "| 2026-03-02 | Vetkoek (dozen) | 3 | 120.00 |\n| 2026-03-02 | Amagwinya (each) | 10 | 8.00 |\n"
                 "| 2026-03-03 | Cooldrink 2 l | 4 | 32.00 |"),
                minutes=7, preview=True,
            ),
            lesson(
                "Formulas that save hours",
                ("rich_text", "<p>Three formulas cover most small-business sums: <b>SUMIFS</b> for totals "
                 "per product, <b>XLOOKUP</b> to fetch a price, and a pivot table for the month.</p>"),
                code("text", "=SUMIFS(D:D*C:C, B:B, \"Vetkoek (dozen)\")\n=XLOOKUP(B2, Prices!A:A, Prices!B:B)",
                     "Spreadsheet formulas"),
                minutes=9,
            ),
        ),
        section(
            "First steps in Python", "Read the sheet and do the sums in code.",
            lesson(
                "Reading a CSV with Python",
                ("rich_text", "<p>Export the sheet as CSV. Python's standard library reads it with no extra "
                 "installs.</p>"),
                code("python", """
import csv
from decimal import Decimal

with open("sales.csv", newline="") as f:
    rows = list(csv.DictReader(f))

total = sum(Decimal(r["price_incl_vat"]) * int(r["quantity"]) for r in rows)
print(f"Sales this month: R{total:,.2f}")
""", "sales.py"),
                minutes=12,
            ),
            lesson(
                "Working out VAT",
                ("rich_text", "<p>Prices in South Africa include VAT at 15%. The VAT inside a price is "
                 "price x 15 / 115, rounded to the cent. Never use floats for money.</p>"),
                code("python", """
from decimal import ROUND_HALF_UP, Decimal

def vat_in(gross, rate=Decimal("15")):
    vat = gross * rate / (100 + rate)
    return vat.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

print(vat_in(Decimal("499.00")))  # 65.09
""", "vat.py"),
                minutes=10,
            ),
        ),
        section(
            "Reporting", "Monthly reports that write themselves.",
            lesson(
                "Querying sales with SQL",
                code("sql", """
SELECT product, SUM(quantity) AS sold, SUM(quantity * price_incl_vat) AS revenue
FROM sales
WHERE date >= '2026-03-01' AND date < '2026-04-01'
GROUP BY product
ORDER BY revenue DESC;
""", "March sales by product"),
                ("markdown", "Load the CSV into SQLite with `sqlite3 shop.db` and `.import --csv sales.csv sales`."),
                minutes=10,
            ),
            lesson(
                "Automating a monthly report",
                code("bash", "python sales.py > report-$(date +%Y-%m).txt\n", "Run on the 1st of each month"),
                video("vimeo", VIMEO, "Sample video (placeholder): Big Buck Bunny", 596),
                minutes=8,
            ),
        ),
        section(
            "Project", "Put it together for your own business.",
            lesson(
                "Charts people understand",
                ("rich_text", "<p>One message per chart. Sales per month is a bar chart; do not make it a "
                 "pie.</p>"),
                picture("sales-chart", "Bar chart of sales per month from January to June, rising steadily.",
                        "Sales per month, January to June"),
                minutes=6,
            ),
            lesson(
                "Your own sales dashboard",
                ("markdown", "Build a one-page report for your business:\n\n- total sales and VAT for the "
                 "month\n- the top five products\n- a bar chart of the last six months\n\nShare it with "
                 "someone who helps you run the business and ask what they would decide from it."),
                minutes=20,
            ),
            after_previous=True,
        ),
    ],
}

PHOTOGRAPHY = {
    "slug": "phone-photography-for-makers",
    "title": "Phone photography for makers and small brands",
    "category": "Creative",
    "difficulty": "beginner",
    "pricing_type": "free",
    "price": "0.00",
    "instructor": "naledi@leerhuis.test",
    "thumbnail": "photography",
    "description": "<p>Sell more with better photos taken on the phone you already have: light, composition, "
    "editing and a posting rhythm for Instagram, Facebook Marketplace and online shops.</p>",
    "sections": [
        section(
            "Light", "Good light matters more than a good camera.",
            lesson(
                "Window light is your best friend",
                ("rich_text", "<p>Put your product next to a window out of direct sun, and a white card on "
                 "the other side to bounce light back into the shadows.</p>"),
                picture("window-light", "A handmade beaded bowl on a table, lit softly from a window on the "
                        "left.", "Soft side light from a window"),
                minutes=6, preview=True,
            ),
            lesson(
                "Working in harsh African sun",
                ("rich_text", "<p>Midday sun gives hard shadows and squinting models. Shoot in the first and "
                 "last hour of daylight, or in open shade on the south side of a building.</p>"),
                minutes=5,
            ),
        ),
        section(
            "Composition", "Where things go in the frame.",
            lesson(
                "Rule of thirds and clean backgrounds",
                picture("thirds-grid", "A photo divided into a three-by-three grid, with the product placed "
                        "where two lines cross.", "Place the subject on a crossing"),
                ("rich_text", "<p>Turn on your camera's grid. Keep the background plain: a painted board or "
                 "a bedsheet costs less than R100.</p>"),
                minutes=7,
            ),
            lesson(
                "Shooting products for online shops",
                ("rich_text", "<p>Marketplaces want a square photo on white, the product filling most of the "
                 "frame, plus two or three detail shots.</p>"),
                video("vimeo", VIMEO_2, "Sample video (placeholder): the Vimeo player", 62),
                minutes=8,
            ),
        ),
        section(
            "Edit and share", "Finish the picture and get it seen.",
            lesson(
                "Editing on your phone",
                ("markdown", "Edit in this order, and stop early:\n\n1. Straighten and crop\n2. Exposure\n"
                 "3. White balance (white should look white)\n4. A little sharpening\n\n"
                 "Skip filters for product photos: buyers want the real colour."),
                minutes=6,
            ),
            lesson(
                "A weekly posting rhythm",
                ("rich_text", "<p>Three posts a week beats ten in one day. Batch your photos on Sunday and "
                 "schedule them for when your followers are online.</p>"),
                video("youtube", YOUTUBE, "Sample video (placeholder): Big Buck Bunny", 634),
                minutes=5,
            ),
            chain=False,
        ),
    ],
}

# Archived: still there for students who enrolled, gone from the catalogue.
LOAD_SHEDDING = {
    "slug": "load-shedding-planning-2023",
    "title": "Load-shedding planning for home businesses (2023)",
    "category": "Business",
    "difficulty": "beginner",
    "pricing_type": "free",
    "price": "0.00",
    "instructor": "johan@leerhuis.test",
    "thumbnail": "load-shedding",
    "archived": True,
    "description": "<p>Planning your work around power cuts. Archived: kept for students who enrolled in "
    "2023.</p>",
    "sections": [
        section(
            "Plan for power cuts", "Work with the schedule, not against it.",
            lesson(
                "Reading the schedule",
                ("rich_text", "<p>Know your area's block and stage, and plan baking, charging and printing "
                 "for the hours you have power.</p>"),
                minutes=5,
            ),
            lesson(
                "Backup power on a budget",
                ("rich_text", "<p>A small UPS keeps the Wi-Fi router on; an inverter with a battery runs "
                 "lights and a laptop. Size it for what you really need for two to four hours.</p>"),
                minutes=7,
            ),
        ),
    ],
}

# Every kind of block a lesson can hold, each counting by what the student really did. Asset
# names ("asset:...") are resolved by load_demo to media, documents, H5P packages and AI tools.
MONEY_TOOLKIT = {
    "slug": "money-smart-toolkit",
    "title": "Money-smart toolkit: watch, read, try, practise",
    "category": "Personal finance",
    "difficulty": "beginner",
    "pricing_type": "free",
    "price": "0.00",
    "instructor": "johan@leerhuis.test",
    "thumbnail": "budgeting",
    "description": "<p>A short, hands-on course that uses every kind of activity on Leerhuis: a video you "
    "watch to the end, a worksheet you open, a quick quiz, and a budget coach you talk to. Free, 20 minutes.</p>",
    "sections": [
        section(
            "Watch and read", "A short video and the worksheet you will use.",
            lesson(
                "Where does the money go?",
                ("rich_text", "<p>Watch the clip to the end: the lesson completes when you have watched "
                 "90% of it. Skipping ahead does not count, so settle in.</p>"),
                ("video", {"source": "file", "file": "asset:video", "video": "", "title": "Eight seconds on budgets",
                           "duration": None, "required_percent": 90, "counts_toward_completion": True, "captions": []}),
                minutes=2,
            ),
            lesson(
                "Your budget worksheet",
                ("rich_text", "<p>Open the worksheet below. Print it or copy the lines into a notebook: income "
                 "first, then rent, food, transport and savings.</p>"),
                ("pdf", {"document": "asset:worksheet", "title": "Monthly budget worksheet",
                         "allow_download": True, "counts_when_opened": True}),
                minutes=3,
            ),
        ),
        section(
            "Try and practise", "Check yourself, then plan with the coach.",
            lesson(
                "Quick check",
                ("markdown", "Answer the question below. You need **70%** to continue; you may retry."),
                ("h5p", {"mode": "package", "package": "asset:h5p", "embed_url": "", "title": "Root of an .h5p package",
                         "pass_percent": 70, "required": True}),
                minutes=3,
            ),
            lesson(
                "Plan with the budget coach",
                ("rich_text", "<p>The budget coach is an AI tool that runs inside the lesson. Tell it what you "
                 "would save; when it says you are done, the lesson completes.</p>"),
                ("ai_tool", {"tool": "asset:coach", "title": "Budget coach",
                             "params": '{"topic": "saving", "income": 1000}', "required_for_completion": True,
                             "height": 520}),
                minutes=5,
            ),
            lesson(
                "Recap",
                ("rich_text", "<p>You watched, read, tried and practised. The same four kinds of activity "
                 "appear in other courses on Leerhuis.</p>"),
                code("python", "income = 1000\nsavings = income * 0.2\nprint(f'Save R{savings:.2f}')", "The 20% rule"),
                minutes=2,
            ),
            after_previous=True,
        ),
    ],
}

COURSES = [GETTING_STARTED, BUDGETING, SMALL_BUSINESS, SPREADSHEETS, PHOTOGRAPHY, MONEY_TOOLKIT]
place_blocks(COURSES)  # quizzes and assignments with rubrics in the paid and subscription courses
ARCHIVED_COURSES = [LOAD_SHEDDING]

# Demo students' progress: email -> [(course slug, share of lessons completed)].
PROGRESS = {
    "thandi@leerhuis.test": [("getting-started", 1.0), ("budgeting-and-saving", 0.5), ("money-smart-toolkit", 0.0),
                             ("small-business-south-africa", 0.3), ("load-shedding-planning-2023", 1.0)],
    "sipho@leerhuis.test": [("getting-started", 0.6), ("spreadsheets-and-python", 0.25),
                            ("small-business-south-africa", 0.6)],
    "lerato@leerhuis.test": [("getting-started", 0.3), ("phone-photography-for-makers", 0.75)],
    "pieter@leerhuis.test": [("getting-started", 0.0), ("budgeting-and-saving", 0.15),
                             ("small-business-south-africa", 0.3)],
    "ayesha@leerhuis.test": [("getting-started", 1.0), ("budgeting-and-saving", 1.0),
                             ("phone-photography-for-makers", 0.5), ("spreadsheets-and-python", 1.0)],
}
