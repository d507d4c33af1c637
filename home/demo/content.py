"""The demo catalogue's people, pictures and course texts, used by `manage.py load_demo`.

Lesson bodies are lists of (block type, value). Image blocks name a picture by its key in
PICTURES; values "asset:<name>" name a file in `home.demo.assets` (videos, the worksheet, the H5P
activity, the AI tool); the command swaps in their ids. A course is a dict (see COURSES at the
end); a new course, or a quiz or assignment block in a lesson, is added here without touching
the command.
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
# Instructors' profiles, shown on their course pages. Avatar: the arguments of
# home.demo.pictures.render_avatar (background, skin, hair, shirt, hair style).
PROFILES = {
    "naledi@leerhuis.test": {
        "bio": "Naledi ran a catering business from her kitchen in Tembisa for eight years before she "
               "started teaching. She now mentors township entrepreneurs for a Gauteng enterprise "
               "development programme and helps makers sell online.",
        "avatar": ((204, 251, 241), (120, 72, 45), (28, 25, 23), (15, 118, 110), "bun"),
    },
    "johan@leerhuis.test": {
        "bio": "Johan is a chartered accountant in Stellenbosch who spent ten years in retail banking. "
               "He teaches budgeting, saving and spreadsheets in plain language, with real numbers "
               "in rand.",
        "avatar": ((219, 234, 254), (240, 200, 170), (120, 84, 48), (30, 64, 175), "short"),
    },
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

TEAL, ORANGE, GREEN = (15, 118, 110), (234, 88, 12), (5, 150, 105)

# Lesson pictures: key: (title in the image library, drawing in home.demo.pictures, its arguments).
PICTURES = {
    "spending-chart": ("Monthly spending on R15 000 take-home pay", "bar_chart", {
        "title": "Where R15 000 goes in a month", "colour": TEAL, "horizontal": True,
        "bars": [("Rent", 5000), ("Food", 3500), ("Transport", 2500), ("Debt repayments", 2000),
                 ("Airtime and data", 1200), ("Savings", 800)],
    }),
    "cash-flow": ("Cash flow over six months", "cash_flow", {
        "title": "Cash flow, October to March", "colours": (TEAL, ORANGE),
        "months": [("Oct", 42000, 35000), ("Nov", 48000, 38000), ("Dec", 61000, 45000), ("Jan", 24000, 36000),
                   ("Feb", 33000, 34000), ("Mar", 41000, 35000)],
    }),
    "sales-chart": ("Sales per month, January to June", "bar_chart", {
        "title": "Sales per month", "colour": GREEN,
        "bars": [("Jan", 18200), ("Feb", 19900), ("Mar", 22400), ("Apr", 24100), ("May", 27300), ("Jun", 29800)],
    }),
    "window-light": ("Beaded bowl lit by a window", "window_light", {}),
    "thirds-grid": ("Rule of thirds grid over a product photo", "thirds_grid", {}),
}


def cover(motif, start, end, light):
    """A course cover: a motif of home.demo.pictures drawn in `light` on a gradient from start to end."""
    return {"motif": motif, "start": start, "end": end, "light": light}


def video(stem, title, counts=False):
    """An uploaded lesson video from home/demo/assets. Only the toolkit's video gates its lesson: the
    others are there to help, and students may mark their lessons complete without them."""
    return ("video", {"source": "file", "file": f"asset:video:{stem}", "video": "", "title": title,
                      "duration": None, "required_percent": 90, "counts_toward_completion": counts, "captions": []})


def picture(key, alt, caption=""):
    return ("image", {"image": key, "alt_text": alt, "caption": caption})


def code(language, text, caption=""):
    return ("code", {"language": language, "code": text.strip("\n"), "caption": caption})


def lesson(title, *body, minutes=8, preview=False, slug=""):
    return {"title": title, "body": list(body), "minutes": minutes, "preview": preview, "slug": slug}


# chain: each lesson needs the one before it in the section.
# after_previous: the section's first lesson needs the previous section's last lesson.
def section(title, summary, *lessons, chain=True, after_previous=False, slug=""):
    return {"title": title, "summary": summary, "lessons": list(lessons), "chain": chain,
            "after_previous": after_previous, "slug": slug}


GETTING_STARTED = {
    "slug": "getting-started",
    "title": "Getting started on Leerhuis",
    "category": "Digital skills",
    "difficulty": "beginner",
    "pricing_type": "free",
    "price": "0.00",
    "instructor": "naledi@leerhuis.test",
    "cover": cover("path", (15, 118, 110), (45, 212, 191), (240, 253, 250)),
    "outcomes": [
        "Set up your account and profile the way you want them on certificates",
        "Find, filter and enrol in courses",
        "Understand how lessons unlock and how progress is counted",
        "Earn certificates that anyone can verify",
    ],
    "description": "<p>A short tour of the platform for new students: your account, finding courses, "
    "how lessons unlock, tracking progress and earning certificates. Free, about 25 minutes.</p>",
    "sections": [
        section(
            "Welcome", "Who we are and how your account works.",
            lesson(
                "Welcome to Leerhuis",
                ("rich_text", "<h2>Sawubona, hallo, welcome!</h2><p>Leerhuis is a place for short, practical "
                 "courses taught by South African instructors. Every course is built to work on a phone and "
                 "on a slow connection, so you can learn on the taxi, at lunch or after the kids are asleep.</p>"
                 "<p>This course takes about 25 minutes. Work through the lessons in order: each one opens "
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
    "cover": cover("coins", (21, 94, 117), (8, 145, 178), (250, 204, 21)),
    "outcomes": [
        "Track a month of spending and see where your money really goes",
        "Draw up a 50/30/20 budget that fits a South African payslip",
        "Build an emergency fund, one debit order at a time",
        "Choose between a stokvel and a tax-free savings account, or use both",
        "Read your credit report and pay off expensive debt first",
    ],
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
                 "| Part | Share | On R15\u00a0000 take-home |\n| --- | ---: | ---: |\n"
                 "| Needs: rent, food, transport, school fees | 50% | R7\u00a0500 |\n"
                 "| Wants: data bundles, eating out, DStv | 30% | R4\u00a0500 |\n"
                 "| Savings and extra debt payments | 20% | R3\u00a0000 |\n\n"
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
                 "| At a glance | Stokvel | Tax-free savings account (TFSA) |\n| --- | --- | --- |\n"
                 "| Who runs it | Your group | A bank or investment company |\n"
                 "| Limits | What the group agrees | R36\u00a0000 a year, R500\u00a0000 in a lifetime |\n"
                 "| Tax on growth | Interest may be taxable | None |\n"
                 "| Best for | Discipline, December groceries | Long-term saving |\n\n"
                 "Going over the TFSA yearly limit costs a 40% penalty on the excess, so keep count."),
                video("stokvel-or-tfsa", "Stokvel or tax-free savings account?"),
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
    "cover": cover("shop", (124, 45, 18), (234, 88, 12), (255, 237, 213)),
    "outcomes": [
        "Test an idea with real customers before you spend your savings",
        "Cost and price a product so that it pays for your time",
        "Register with CIPC and understand SARS, turnover tax and VAT",
        "Take card and QR payments and sell on WhatsApp Business",
        "Plan six months of cash flow, January included",
    ],
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
                video("whatsapp-business-habits", "WhatsApp Business: five habits"),
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
    "cover": cover("sheet", (30, 64, 175), (96, 165, 250), (219, 234, 254)),
    "outcomes": [
        "Keep sales in a sheet that a computer can read",
        "Total sales per product with SUMIFS, XLOOKUP and pivot tables",
        "Read a CSV and work out VAT in Python, without rounding errors",
        "Query a month's sales with SQL and report them on one page",
    ],
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
                ("rich_text", "<p>Once the script works, let the computer run it for you on the first of "
                 "every month and keep each month's report in its own file.</p>"),
                code("bash", "python sales.py > report-$(date +%Y-%m).txt\n", "Run on the 1st of each month"),
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
    "pricing_type": "paid",
    "price": "249.00",
    "instructor": "naledi@leerhuis.test",
    "cover": cover("camera", (88, 28, 135), (219, 39, 119), (252, 231, 243)),
    "outcomes": [
        "Light products with a window instead of a flash",
        "Compose clean, square photos that marketplaces like",
        "Edit on your phone in four steps, without filters",
        "Post on a weekly rhythm your followers notice",
    ],
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
                video("product-photos-that-sell", "Product photos that sell, in five steps"),
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
                ("markdown", "A week that works for many makers:\n\n| Day | Post |\n| --- | --- |\n"
                 "| Tuesday | A new product, on white |\n| Thursday | Behind the scenes: your hands at work |\n"
                 "| Saturday | A happy customer (ask first) |"),
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
    "cover": cover("bulb", (31, 41, 55), (75, 85, 99), (250, 204, 21)),
    "outcomes": ["Plan baking, charging and printing around your area's schedule", "Size backup power for what you need"],
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

# A short workshop that uses every activity block (video, PDF, H5P, AI tool), each counting by what
# the student really did.
MONEY_TOOLKIT = {
    "slug": "money-smart-toolkit",
    "title": "Money-smart toolkit: your first monthly budget",
    "category": "Personal finance",
    "difficulty": "beginner",
    "pricing_type": "free",
    "price": "0.00",
    "instructor": "johan@leerhuis.test",
    "cover": cover("checklist", (20, 83, 45), (101, 163, 13), (236, 252, 203)),
    "outcomes": [
        "See where a R12 000 salary goes, rand by rand",
        "Fill in a one-page budget: money in, money out and what is left",
        "Apply the 50/30/20 rule to your own pay",
        "Set a savings target you can keep",
    ],
    "description": "<p>A hands-on workshop for your first monthly budget. Follow Thandi's R12 000 month in a "
    "short video, fill in a one-page budget worksheet, check yourself on the 50/30/20 rule and set a savings "
    "target with the budget coach. Free, about 15 minutes.</p>",
    "sections": [
        section(
            "Watch and read", "Thandi's month, then your own worksheet.",
            lesson(
                "Where does the money go?",
                ("rich_text", "<p>Thandi takes home R12 000 a month. In half a minute, this clip follows every "
                 "rand: needs, wants, debt and savings. Keep a pen handy and note which of her costs look "
                 "like yours.</p><p>The lesson completes once you have watched 90% of the clip; skipping "
                 "ahead does not count.</p>"),
                video("where-r12000-goes", "Where does R12 000 go?", counts=True),
                minutes=2,
            ),
            lesson(
                "Your budget worksheet",
                ("rich_text", "<p>Open the worksheet below and print it, or copy its lines into a notebook. "
                 "Fill in the <b>Planned</b> column now: money in first, then needs, wants, debt and "
                 "savings. At the end of the month, fill in <b>Actual</b> and compare.</p>"),
                ("pdf", {"document": "asset:worksheet", "title": "Monthly budget worksheet",
                         "allow_download": True, "counts_when_opened": True}),
                minutes=3,
            ),
        ),
        section(
            "Try and practise", "Check yourself, then plan with the coach.",
            lesson(
                "Quick check",
                ("markdown", "One question on the **50/30/20 rule**. Answer it correctly to continue; you may "
                 "try again as often as you like."),
                ("h5p", {"mode": "package", "package": "asset:h5p", "embed_url": "", "title": "The 50/30/20 rule",
                         "pass_percent": 100, "required": True}),
                minutes=3,
            ),
            lesson(
                "Plan with the budget coach",
                ("rich_text", "<p>The budget coach runs inside the lesson. Tell it how much of Thandi's "
                 "R12 000 you would save each month; it checks your plan against the 20% goal, and the "
                 "lesson completes when it has.</p>"),
                ("ai_tool", {"tool": "asset:coach", "title": "Budget coach",
                             "params": '{"budget": 12000, "target_percent": 20}', "required_for_completion": True,
                             "height": 520}),
                minutes=5,
            ),
            lesson(
                "Your next 30 days",
                ("markdown", "A budget works when it becomes a habit:\n\n"
                 "1. **Payday:** move your savings first, by debit order if you can.\n"
                 "2. **Every evening:** write down what you spent, even R12 for a cooldrink.\n"
                 "3. **Every Sunday:** compare the week with your worksheet.\n"
                 "4. **Month end:** fill in the *Actual* column and adjust next month's plan.\n\n"
                 "For the long run, *Budgeting and saving in rand* covers emergency funds, stokvels, tax-free "
                 "savings and credit."),
                minutes=2,
            ),
            after_previous=True,
        ),
    ],
}

TAX_FOR_FREELANCERS = {
    "slug": "tax-for-freelancers",
    "title": "Tax for freelancers and side hustles",
    "category": "Business",
    "difficulty": "intermediate",
    "pricing_type": "both",
    "price": "349.00",
    "instructor": "johan@leerhuis.test",
    "cover": cover("receipt", (30, 58, 95), (13, 148, 136), (209, 250, 229)),
    "outcomes": [
        "Know when you are a provisional taxpayer and register on eFiling",
        "Send invoices with everything SARS expects",
        "Claim the costs you may deduct, and keep the records to prove them",
        "Estimate and pay provisional tax on time, without penalties",
    ],
    "description": "<p>Freelance designers, tutors, drivers, makers and anyone with a side hustle: register "
    "with SARS, invoice properly, deduct what you may and pay provisional tax twice a year without "
    "penalties. Plain language, South African rules.</p>",
    "sections": [
        section(
            "Registered and ready", "Who pays provisional tax, and what an invoice needs.",
            lesson(
                "Do you need to register?",
                ("rich_text", "<p>If you earn money that is not a salary (freelance fees, rent from a "
                 "backroom, profit from a side hustle), SARS treats you as a <b>provisional taxpayer</b>. "
                 "Register for income tax on eFiling, or at a SARS branch, and put your tax number on every "
                 "invoice.</p><p>Still employed as well? Your employer's PAYE covers your salary only; the "
                 "freelance income is yours to declare.</p>"),
                video("provisional-tax-in-brief", "Provisional tax in brief"),
                minutes=6, preview=True,
            ),
            lesson(
                "Invoices that keep SARS happy",
                ("markdown", "Every invoice you send needs:\n\n"
                 "| What | Example |\n| --- | --- |\n"
                 "| Your name and tax number | Lindiwe Zulu, tax number 0123456789 |\n"
                 "| The client's name | Ubuntu Print (Pty) Ltd |\n"
                 "| A date and an invoice number that never repeats | 2026-03-31, INV-0042 |\n"
                 "| What you did | Logo design, three rounds of changes |\n"
                 "| The amount | R4 500.00 |\n\n"
                 "Registered for VAT? The invoice must then say *Tax invoice*, show your VAT number and the VAT."),
                minutes=7,
            ),
        ),
        section(
            "Income and deductions", "What counts as income, what you may deduct, and the proof.",
            lesson(
                "What you may deduct",
                ("rich_text", "<p>You may deduct costs you incur to earn your freelance income:</p><ul>"
                 "<li>the work share of your data, phone and internet</li><li>software and subscriptions</li>"
                 "<li>equipment such as a laptop, written off over its working life</li>"
                 "<li>work travel, with a logbook</li><li>a home office, only if the room is used regularly "
                 "and only for work</li></ul><p>No slip, no deduction: SARS may ask for proof.</p>"),
                minutes=9,
            ),
            lesson(
                "Records in ten minutes a week",
                ("markdown", "Every Friday:\n\n1. Photograph every slip of the week into a folder for the month.\n"
                 "2. Add each invoice paid and each cost to one sheet: date, who, what, amount.\n"
                 "3. Move 25% of what clients paid into a separate savings account for tax.\n\n"
                 "Keep everything for **five years** after you file the return."),
                minutes=6,
            ),
        ),
        section(
            "Paying on time", "Two payments a year, and how to avoid penalties.",
            lesson(
                "Estimating and paying provisional tax",
                ("markdown", "Provisional tax is paid in advance, on an estimate, with an IRP6 return on eFiling:\n\n"
                 "| Payment | When | How much |\n| --- | --- | --- |\n"
                 "| First | by 31 August | half the tax on your estimated taxable income for the year |\n"
                 "| Second | by the end of February | the rest of the year's tax |\n"
                 "| Optional top-up | after the year ends | any shortfall, to save interest |\n\n"
                 "Lindiwe expects R300 000 in fees and R60 000 in deductible costs, so her estimate is "
                 "R240 000. She works out the tax on that with the current SARS tables and pays half in "
                 "August and the rest in February."),
                minutes=10,
            ),
            lesson(
                "Penalties and how to avoid them",
                ("rich_text", "<p>A late provisional tax payment costs a <b>10% penalty</b> on the late amount, "
                 "plus interest. An estimate for the second payment that is far too low can cost a further "
                 "penalty, so estimate honestly and update it when a big contract comes in.</p><p>Set "
                 "calendar reminders for the end of August and February now, and pay a few days early: "
                 "bank transfers to SARS take time to clear.</p>"),
                minutes=6,
            ),
            after_previous=True,
        ),
    ],
}

COURSES = [GETTING_STARTED, BUDGETING, SMALL_BUSINESS, SPREADSHEETS, PHOTOGRAPHY, MONEY_TOOLKIT, TAX_FOR_FREELANCERS]
place_blocks(COURSES)  # quizzes and assignments with rubrics in the paid and subscription courses
ARCHIVED_COURSES = [LOAD_SHEDDING]

# Demo students' progress: email -> [(course slug, share of lessons completed)].
PROGRESS = {
    "thandi@leerhuis.test": [("getting-started", 1.0), ("budgeting-and-saving", 0.5), ("money-smart-toolkit", 0.0),
                             ("small-business-south-africa", 0.3), ("load-shedding-planning-2023", 1.0)],
    "sipho@leerhuis.test": [("getting-started", 0.6), ("spreadsheets-and-python", 0.25), ("tax-for-freelancers", 0.35),
                            ("small-business-south-africa", 0.6)],
    "lerato@leerhuis.test": [("getting-started", 0.3), ("phone-photography-for-makers", 0.75)],
    "pieter@leerhuis.test": [("getting-started", 0.0), ("budgeting-and-saving", 0.15),
                             ("small-business-south-africa", 0.3)],
    "ayesha@leerhuis.test": [("getting-started", 1.0), ("budgeting-and-saving", 1.0),
                             ("phone-photography-for-makers", 0.5), ("spreadsheets-and-python", 1.0)],
}
