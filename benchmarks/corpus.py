"""A deterministic news-like corpus: seeded documents with names, figures, dates and outlets.

Two shapes: ``long`` documents of multi-sentence paragraphs (chunked at 800 characters, like real
articles) and ``short`` documents of one- or two-sentence paragraphs (chunked at 200 characters), so
100k chunks can be embedded in minutes rather than hours. Every document is written as a Markdown
file with front matter, exactly what a user drops into ``sources/``; the real seed articles are
copied in beside them. Each generated sentence also yields a question it answers, used as a query.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from assistant import PROJECT_ROOT, Document, chunk_document

CHUNK_CHARS = {"long": 800, "short": 200}

FIRST = """Amara Li Wei Sofia Daniel Priya Kenji Fatima Lucas Elena Omar Grace Mateo Aisha Noah Yuki
Hannah Ravi Chloe Samuel Leila Tomas Mei Isaac Nadia Felix Zara Victor Ingrid Kwame Rosa Arjun
Clara Dmitri Lina Hugo Ana Tariq Maya Jonas Sara Kofi Iris Pavel Nora Emeka Lucia Bilal Vera
Marco""".split()
LAST = """Okafor Zhang Haddad Moreau Kowalski Tanaka Mensah Novak Silva Petrov Lindqvist Gupta Romero
Nakamura Osei Fischer Castillo Ahmed Larsen Ivanova Costa Brennan Sato Mahmoud Dubois Kaur Olsen
Reyes Abe Keller Nyambura Varga Chen Duarte Sokolov Bianchi Yilmaz Murphy Park Adeyemi Hansen Rossi
Qureshi Alvarez Holm Takahashi Boateng Weber Santos Ferreira""".split()
OUTLETS = ["Global Ledger", "Harbor Times", "Northern Wire", "Capital Dispatch", "Metro Tribune",
           "Pacific Observer", "Daily Meridian", "Continental Post", "Evening Courier", "Signal Press"]
CITIES = """Lagos Jakarta Lyon Krakow Osaka Accra Brno Recife Tbilisi Uppsala Pune Bogota Sapporo
Kumasi Graz Cebu Porto Nairobi Gdansk Valencia Izmir Tampere Hue Rosario Perth Quito Leeds Malmo
Dakar Busan""".split()
COUNTRIES = ["Kenya", "Brazil", "Vietnam", "Poland", "Canada", "Indonesia", "Ghana", "Norway",
             "Chile", "Turkey", "Portugal", "Morocco", "Finland", "Peru", "Malaysia", "Egypt"]
ORGS = ["the finance ministry", "the central bank", "the port authority", "the health agency",
        "the energy regulator", "the statistics office", "the transport ministry",
        "the city council", "the national grid operator", "the competition authority",
        "the farmers' union", "the teachers' federation", "the chamber of commerce",
        "the space agency", "the water utility", "the housing board"]
ROLES = ["spokesperson", "chief economist", "director", "deputy minister", "senior analyst",
         "chair", "lead engineer", "general counsel", "mayor", "research fellow"]
TOPICS = [("solar farms", "solar capacity"), ("rail freight", "freight volumes"),
          ("desalination plants", "water output"), ("chip factories", "wafer production"),
          ("wind turbines", "wind generation"), ("rural clinics", "patient visits"),
          ("broadband lines", "household connections"), ("electric buses", "bus ridership"),
          ("grain silos", "grain reserves"), ("battery plants", "battery output"),
          ("coastal defences", "flood losses"), ("vocational schools", "student enrolment"),
          ("data centres", "power demand"), ("fishing quotas", "fish stocks"),
          ("housing estates", "rental prices"), ("airport terminals", "passenger numbers"),
          ("copper mines", "copper exports"), ("vaccine plants", "vaccine doses"),
          ("bike lanes", "cycling trips"), ("tea estates", "tea exports")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
VERBS = ["warned", "argued", "insisted", "cautioned", "predicted", "acknowledged", "noted"]
MOODS = ["would slow", "could double", "was likely to stall", "would recover", "might fall",
         "should stabilise", "would outpace forecasts"]


@dataclass(frozen=True)
class Query:
    """A question one generated sentence answers, with the document it came from."""

    text: str
    source_id: str
    outlet: str
    year: str


class _Writer:
    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def person(self) -> str:
        return f"{self.r.choice(FIRST)} {self.r.choice(LAST)}"

    def sentence(self, year: int) -> tuple[str, str]:
        """One sentence and a question it answers."""
        r = self.r
        place, country, org = r.choice(CITIES), r.choice(COUNTRIES), r.choice(ORGS)
        topic, measure = r.choice(TOPICS)
        month, num, pct = r.choice(MONTHS), r.randint(3, 950), round(r.uniform(0.5, 38.0), 1)
        name, role = self.person(), r.choice(ROLES)
        kind = r.randrange(8)
        if kind == 0:
            return (f"{name}, {role} at {org}, said on {r.choice(WEEKDAYS)} that {measure} in {place} "
                    f"{r.choice(MOODS)} before the end of {year}.",
                    f"What did {name} say about {measure} in {place}?")
        if kind == 1:
            return (f"{country} plans to invest ${num} million in {topic} by {year + r.randint(1, 6)}, "
                    f"according to {org}.", f"How much does {country} plan to invest in {topic}?")
        if kind == 2:
            return (f"In {month} {year}, {measure} in {place} rose {pct} percent from a year earlier, "
                    f"the highest level since {year - r.randint(2, 15)}.",
                    f"How much did {measure} in {place} rise in {month} {year}?")
        if kind == 3:
            return (f"\"We cannot build {topic} fast enough,\" {name} {r.choice(VERBS)}, adding that "
                    f"{num} projects were waiting for permits.",
                    f"How many {topic} projects were waiting for permits according to {name}?")
        if kind == 4:
            return (f"Officials in {place} opened {r.randint(2, 40)} new {topic} on {month} "
                    f"{r.randint(1, 28)}, and {org} expects {measure} to climb by {pct} percent.",
                    f"When did officials in {place} open new {topic}?")
        if kind == 5:
            return (f"{name} {r.choice(VERBS)} that delays at {org} had cost {country} about "
                    f"${num} million since {year - r.randint(1, 4)}.",
                    f"What did delays at {org} cost {country} according to {name}?")
        if kind == 6:
            return (f"A survey of {num * 10} residents of {place} found that {pct} percent "
                    f"supported more {topic}, while {round(100 - pct, 1)} percent did not.",
                    f"What share of {place} residents supported more {topic}?")
        return (f"The agreement between {country} and {r.choice(COUNTRIES)} covers {topic} and "
                f"runs until {year + r.randint(2, 12)}, {name} of {org} confirmed.",
                f"Until when does the {country} agreement on {topic} run?")

    def document(self, n: int, shape: str) -> tuple[Document, list[str]]:
        r = self.r
        year = r.randint(2019, 2026)
        date = f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
        outlet = r.choice(OUTLETS)
        topic = r.choice(TOPICS)[0]
        title = f"{r.choice(COUNTRIES)} bets on {topic} as {r.choice(CITIES)} weighs the cost"
        paragraphs: list[str] = []
        questions: list[str] = []
        count = r.randint(3, 6) if shape == "long" else r.randint(6, 14)
        for _ in range(count):
            size = r.randint(2, 5) if shape == "long" else r.randint(1, 2)
            pairs = [self.sentence(year) for _ in range(size)]
            if size > 1 and len(" ".join(s for s, _ in pairs)) > CHUNK_CHARS[shape]:
                pairs = pairs[:1]  # a short paragraph stays within one chunk
            paragraphs.append(" ".join(s for s, _ in pairs))
            questions.extend(q for _, q in pairs)
        source_id = f"gen-{shape}-{n:06d}"
        text = "\n\n".join(paragraphs) + "\n"
        return Document(source_id, text, title, outlet, date), questions


def _markdown(doc: Document) -> str:
    return (f"---\nid: {doc.source_id}\ntitle: \"{doc.title}\"\noutlet: {doc.outlet}\n"
            f"date: {doc.date}\n---\n\n{doc.text}")


def generate(folder: Path, chunks: int, shape: str, seed: int = 7, queries: int = 60) -> list[Query]:
    """Write documents until they hold at least ``chunks`` chunks; return sample queries.

    The same (chunks, shape, seed) always writes the same files, byte for byte, so the embedding
    cache recognises every chunk on a re-run.
    """
    rng = random.Random(f"{seed}-{shape}")
    writer = _Writer(rng)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.md"):
        old.unlink()
    for seed_article in (PROJECT_ROOT / "sources").glob("*.md"):
        shutil.copyfile(seed_article, folder / seed_article.name)
    total, n = 0, 0
    pool: list[Query] = []
    while total < chunks:
        doc, questions = writer.document(n, shape)
        (folder / f"{doc.source_id}.md").write_text(_markdown(doc), encoding="utf-8")
        total += len(chunk_document(doc, CHUNK_CHARS[shape]))
        pool.extend(Query(q, doc.source_id, doc.outlet, doc.date[:4]) for q in questions)
        n += 1
    return random.Random(seed).sample(pool, min(queries, len(pool)))


def edit_fraction(folder: Path, fraction: float, seed: int = 11) -> list[str]:
    """Change the text of ``fraction`` of the generated documents (one sentence appended)."""
    files = sorted(folder.glob("gen-*.md"))
    rng = random.Random(seed)
    picked = rng.sample(files, max(1, round(len(files) * fraction)))
    for path in picked:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"\nUpdate: officials revised the figure to {rng.randint(2, 99)} percent.\n")
    return [p.stem for p in picked]
