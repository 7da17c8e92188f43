"""Writes heldout.tsv: the held-out set of the medical-text guard (issue 17).

Written on 2 December 2026 BEFORE any change to the guard for issue 17, by a different
method than the development set (tests/privacy/medical_text_cases.tsv, hand-written
sentence by sentence): sentences are generated from templates whose slots are filled from
the word lists below (written for this file only, not taken from the lexicon), with a
fixed seed, plus hand-written sentences in HAND_OK / HAND_MEDICAL.

Never tune the guard against this set: the guard's tests print only its totals per
category, not the sentences it gets wrong. Run: python tests/textguard_sets/make_heldout.py
"""

import csv
import random
from pathlib import Path

OUT = Path(__file__).with_name("heldout.tsv")
ISSUE = Path(__file__).with_name("issue17_examples.tsv")
DEV = Path(__file__).parents[1] / "privacy" / "medical_text_cases.tsv"


def _texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            row["text"] for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


rng = random.Random(1717)

NAMES = [
    "Jan",
    "Fatima",
    "Sanne",
    "Mohamed",
    "Kees",
    "Priya",
    "Daan",
    "Ilse",
    "Bram",
    "Noor",
    "Yusuf",
    "Eva",
    "Pieter",
    "Lotte",
    "Ahmed",
    "Marieke",
    "Tim",
    "Sophie",
    "Ruben",
    "Anouk",
    "Henk",
    "Mirjam",
    "Wouter",
    "Esra",
    "Luuk",
    "Jasmijn",
]
DAYS = [
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "volgende week",
    "morgen",
    "na het weekend",
    "de 14e",
    "eind van de maand",
]
CITIES = [
    "Zwolle",
    "Rotterdam",
    "Tilburg",
    "Groningen",
    "Almere",
    "Venlo",
    "Leiden",
    "Apeldoorn",
    "Breda",
    "Enschede",
    "Gent",
    "Utrecht",
]
WORK_TAIL = [
    "werk gaat naar {n2}",
    "{n2} neemt de planning over",
    "klantafspraken verzet",
    "diensten zijn geruild met {n2}",
    "de audit schuift een week",
    "bestellingen gaan via {n2}",
    "de overdracht ligt bij {n2}",
    "rooster is aangepast",
    "project loopt door via {n2}",
    "komt voorlopig niet",
    "voorlopig thuis",
    "laptop blijft op kantoor",
]

# ---- medical slot lists -------------------------------------------------------------
CONDITIONS = [
    "een gescheurde meniscus",
    "een frozen shoulder",
    "fibromyalgie",
    "sarcoïdose",
    "diverticulitis",
    "een longembolie",
    "pericarditis",
    "coeliakie",
    "prikkelbare darm",
    "een slijmbeursontsteking",
    "hielspoor",
    "een peesontsteking",
    "een bloedprop in zijn been",
    "een hartklepprobleem",
    "een gezwel",
    "uitzaaiingen",
    "een lymfoom",
    "een hersentumor",
    "een cyste",
    "darmpoliepen",
    "glaucoom",
    "staar",
    "een netvliesloslating",
    "een zenuwinzinking",
    "een psychose",
    "een gokverslaving",
    "een eetstoornis",
    "gordelroos",
    "nierstenen",
    "galstenen",
    "een liesbreuk",
    "een ontstoken blindedarm",
    "een tennisarm",
    "artritis",
    "de ziekte van Bechterew",
    "carpaal tunnel syndroom",
    "een gescheurde kruisband",
    "een zweepslag in zijn kuit",
    "een ingeklemde zenuw",
    "een maagzweer",
    "een voedselvergiftiging",
    "de bof",
    "keelontsteking",
    "oorontsteking",
    "een kaakontsteking",
    "een hartritmestoornis",
    "borstkanker",
    "een knobbeltje in haar borst",
    "schildklierproblemen",
    "longkanker",
    "leverproblemen",
    "hartfalen",
    "een hersenbloeding",
    "een gebroken sleutelbeen",
    "een scheur in zijn pees",
    "spierreuma",
    "een doorgezakte rug",
    "jicht",
    "chronische vermoeidheid",
    "ME/CVS",
    "endometriose",
    "opvliegers",
    "een postnatale depressie",
    "een angststoornis",
    "dwanggedachten",
    "een hoge bloedsuiker",
    "trombose",
    "een TIA",
    "een CVA",
    "een HNP",
    "PDS",
    "COPD",
    "astma",
    "ALS",
    "parkinson",
    "MS",
    "dementie",
]
HAS = [
    "heeft",
    "heeft last van",
    "kampt met",
    "is bekend met",
    "heeft sinds kort",
    "is gediagnosticeerd met",
    "heeft weer",
    "sukkelt met",
    "lijdt aan",
    "tobt met",
]
INSTITUTIONS = [
    "het UMCG",
    "het Erasmus MC",
    "het Radboudumc",
    "het LUMC",
    "het AMC",
    "het VUmc",
    "het Antoni van Leeuwenhoek",
    "het Prinses Máxima Centrum",
    "Isala",
    "het Catharina Ziekenhuis",
    "het Jeroen Bosch",
    "het OLVG",
    "het Spaarne Gasthuis",
    "Rijnstate",
    "Gelre",
    "het Maasstad",
    "het Franciscus",
    "het St. Antonius",
    "het Martini",
    "MST",
    "Zuyderland",
    "het MUMC+",
    "het Wilhelmina Kinderziekenhuis",
    "het Sint Maartenskliniek",
    "de Maartenskliniek",
    "Parnassia",
    "GGZ inGeest",
    "Arkin",
    "de Jellinek",
    "Brijder",
    "Tactus",
    "Altrecht",
    "Pro Persona",
    "Lentis",
    "Dimence",
    "Mondriaan",
    "PsyQ",
    "Reade",
    "Heliomare",
    "Basalt",
    "Adelante",
    "De Hoogstraat",
    "het hospice",
    "de slaapkliniek",
    "het brandwondencentrum",
    "het Trimbos",
]
STAY = [
    "ligt in {i}",
    "is opgenomen in {i}",
    "zit een tijdje bij {i}",
    "is doorverwezen naar {i}",
    "heeft een traject bij {i}",
    "moet naar {i} voor onderzoek",
    "is sinds gisteren in {i}",
    "krijgt hulp van {i}",
    "loopt bij {i}",
    "heeft een intake bij {i}",
]
PROVIDERS = [
    "de manueel therapeut",
    "de osteopaat",
    "de chiropractor",
    "de psychiater",
    "de POH-GGZ",
    "de diëtist",
    "de logopedist",
    "de ergotherapeut",
    "de neuroloog",
    "de cardioloog",
    "de orthopeed",
    "de internist",
    "de longarts",
    "de KNO-arts",
    "de oogarts",
    "de kaakchirurg",
    "de dermatoloog",
    "de oncoloog",
    "de uroloog",
    "de reumatoloog",
    "de revalidatiearts",
    "de pijnpoli",
    "de geriater",
    "de neurochirurg",
    "de sportarts",
    "de kinesist",
    "de huisdokter",
    "de spoed",
    "de psych",
    "de mensendieck",
    "de cesartherapeut",
    "de haptotherapeut",
]
APPOINT = [
    "Afspraak bij {p} op {d}",
    "{n} moet {d} naar {p}",
    "{n} is {d} bij {p}",
    "{n} gaat {d} langs {p}",
    "Controle bij {p} {d}",
    "{n} heeft {d} een consult bij {p}",
]
BRANDS = [
    "Seroxat",
    "Prozac",
    "Cipramil",
    "Efexor",
    "Lyrica",
    "pregabaline",
    "gabapentine",
    "Nurofen",
    "Advil",
    "Aleve",
    "Voltaren",
    "Temesta",
    "Xanax",
    "Valium",
    "Stilnoct",
    "Seroquel",
    "Abilify",
    "Risperdal",
    "Ozempic",
    "Lantus",
    "Novorapid",
    "Euthyrox",
    "Marcoumar",
    "Sintrom",
    "Eliquis",
    "Xarelto",
    "Ascal",
    "Lipitor",
    "Nexium",
    "Augmentin",
    "Seretide",
    "Symbicort",
    "Imigran",
    "sumatriptan",
    "methotrexaat",
    "Humira",
    "Enbrel",
    "Oxynorm",
    "Tramal",
    "Wellbutrin",
    "Strattera",
    "Medikinet",
]
TAKE = [
    "{n} slikt {b}",
    "{n} zit aan de {b}",
    "{n} is gestart met {b}",
    "{n} krijgt {b} voorgeschreven",
    "{n} is net overgestapt op {b}",
    "{n} neemt {b} en mag niet rijden",
    "{n} moet {b} afbouwen",
    "{n} gebruikt {b}",
]
EUPHEMISMS = [
    "zit niet lekker in haar vel",
    "zit er even helemaal doorheen",
    "is helemaal op",
    "heeft het mentaal zwaar",
    "loopt tegen zijn grenzen aan en slaapt niet",
    "het is haar even te veel geworden in haar hoofd",
    "zit thuis met een lege accu",
    "is opgebrand",
    "heeft vrouwenproblemen",
    "heeft een plekje laten weghalen",
    "moet onder het mes",
    "is door zijn rug gegaan",
    "kan niet op zijn been staan",
    "valt steeds flauw",
    "ziet alles wazig",
    "krijgt geen lucht",
    "is doodmoe en huilt veel",
    "wacht op de uitslag van de scan",
    "heeft slecht nieuws gekregen van de dokter",
    "heeft het aan zijn hart",
    "is op van de zenuwen",
    "zit in een diep dal",
    "heeft iets ernstigs onder de leden",
    "is psychisch niet in orde",
    "drinkt te veel en gaat in behandeling",
    "heeft de laatste tijd paniekaanvallen",
    "heeft een knoop in haar maag van de spanning en eet niet",
    "is aan het kwakkelen met haar longen",
    "is in de overgang en heeft veel last",
    "mag van de dokter niet werken",
]
FLEMISH = [
    "zit thuis met een zware valling",
    "heeft platte rust voorgeschreven gekregen",
    "ligt in 't gasthuis",
    "is op de spoed geweest met zijn hand",
    "is gekwetst aan zijn schouder",
    "moet binnen voor een onderzoek aan zijn maag",
    "gaat naar de kinesist voor zijn rug",
    "zit met een gekwetste knie",
    "heeft een doktersbriefje voor een ontsteking",
    "moet opgenomen worden in de kliniek",
    "is zot van de pijn in zijn tand",
    "zit in de zetel met koorts",
    "heeft een zware griep te pakken, amai",
    "moet naar de huisdokter voor zijn oren",
    "is hervallen in haar depressie",
    "zit in ziekteverlof met een verstuikte voet",
]
ENGLISH = [
    "had a heart attack",
    "had a stroke",
    "needs surgery on his knee",
    "has a broken wrist",
    "is in chemo",
    "has cancer",
    "is on antidepressants",
    "is in rehab",
    "has a concussion",
    "sprained her ankle",
    "has kidney stones",
    "was hospitalized",
    "has the flu",
    "tested positive for covid",
    "has a physio appointment",
    "is seeing a shrink",
    "has a slipped disc",
    "is on sick leave with depression",
    "has severe migraines",
    "had a panic attack at work",
    "has long covid",
    "has an eating disorder",
    "is recovering from surgery",
    "has pneumonia",
]
CHAT = [
    "ff ziek, bkfr griep. bel mij nie",
    "ligt met migraine in bed, ben er morgen weer",
    "kan nie komen, rug op slot",
    "keelpijn en koorts 39 dus thuis",
    "is naar de ehbo met zn hand",
    "ff naar dokter ivm oorontsteking",
    "mss covid, test morgen",
    "heeft de schijterij, blijft thuis",
    "is aan t kotsen sinds vannacht",
    "zit aan de antibiotica tot vrijdag",
    "oogontsteking 🙈 kan nie naar scherm kijken",
    "zit met n gebroken teen",
    "ligt in t zkh sinds gister",
    "z'n knie is kapot bij t voetbal",
    "heeft buikloop, ben er woensdag",
    "mn hoofd knalt, migraine weer",
    "moet vandaag naar de fysio voor m'n nek",
    "psych zegt rust nemen",
    "heeft weer last van z'n darmen",
    "is de hele nacht aan het spugen geweest",
    "heeft n hernia volgens dokter",
    "is flink verkouden en snottert",
    "moet ff naar de tandarts met n ontstoken kies",
    "heeft een blaasontsteking gr",
]
MISSPELLED = [
    "hernea",
    "migrène",
    "depresief",
    "burnaut",
    "artroze",
    "reumaties",
    "astmah",
    "bronchites",
    "longontseking",
    "kankr",
    "diabetis",
    "fysiotherapheut",
    "psychiatier",
    "chemokuur",
    "oparatie aan de knie",
    "hersenschuding",
    "maaggriep",
    "paniek aanvallen",
    "overspanen",
    "migrane",
    "artritus",
    "fybromyalgie",
    "zwangerschaps klachten",
    "grieb",
    "ontstoking",
    "epileptie",
    "ziekenhuys",
    "tumer",
    "hartinfarkt",
    "ischyas",
]
DISGUISE_WORDS = [
    "hernia",
    "kanker",
    "depressie",
    "burnout",
    "migraine",
    "griep",
    "corona",
    "ziekenhuis",
    "fysiotherapeut",
    "chemo",
    "zwanger",
    "epilepsie",
    "reuma",
    "artrose",
    "psychiater",
    "tumor",
    "psychose",
    "diabetes",
]
DISGUISE_FRAMES = [
    "{n} heeft {w}.",
    "{w}, {n} is er even niet.",
    "Heeft {w}, werk naar {n2}.",
    "{n}: {w}",
    "Reden afwezig: {w}.",
]
LEET = {"e": "3", "a": "@", "i": "1", "o": "0", "s": "$"}
CYR = {"e": "\u0435", "a": "\u0430", "o": "\u043e", "p": "\u0440", "c": "\u0441", "i": "\u0456"}


def disguise(word: str, how: str) -> str:
    if how == "spaced":
        return " ".join(word)
    if how == "leet":
        letters = [c for c in LEET if c in word]
        if not letters:
            return word.upper()
        pick = rng.sample(letters, min(len(letters), rng.choice([1, 2])))
        return "".join(LEET[c] if c in pick else c for c in word)
    if how == "cyrillic":
        return "".join(CYR.get(c, c) for c in word)
    if how == "zerowidth":
        at = rng.randrange(1, len(word) - 1)
        return word[:at] + rng.choice(["\u200b", "\u2063", "\u200d", "\u2060"]) + word[at:]
    if how == "dotted":
        return ".".join(word)
    if how == "underscore":
        at = rng.randrange(2, len(word) - 2)
        return word[:at] + "_" + word[at:]
    if how == "mixedcase":
        return "".join(c.upper() if i % 2 else c for i, c in enumerate(word))
    raise ValueError(how)


# ---- ordinary work slot lists -------------------------------------------------------
SECTOR = {
    "care": [
        "{n} neemt de nachtdienst op de afdeling cardiologie over van {n2}.",
        "Overdracht op de verpleegpost om 7 uur, {n} is er {d}.",
        "Scholing {topic} voor het hele team op {d}.",
        "{n} werkt {d} op de dagbehandeling in plaats van de poli.",
        "De afdeling oncologie zoekt een invaller voor de late dienst van {d}.",
        "Rooster van de SEH voor {d} is rond; {n} draait de avond.",
        "{n} begeleidt de stagiair op de kraamafdeling tot {d}.",
        "Contract met {customer} verlengd; {n} regelt de papieren.",
        "{n} werkt bij de ambulancedienst {region} en rijdt {d} weer diensten.",
        "De ambulancedienst vraagt of {n} {d} kan invallen.",
        "De medicijnkar op de tweede verdieping moet {d} worden vervangen.",
        "{n} doet {d} de inwerkdag van de nieuwe verpleegkundigen.",
        "Teamoverleg van de kliniek in {c} verplaatst naar {d}.",
        "De audit bij de kliniek in {c} wordt verschoven naar {d}.",
        "Zorgplannen van de bewoners van afdeling {unit} bijwerken, {n} helpt.",
        "Bezoekregeling in het verpleeghuis aangepast, {n} informeert de familie.",
    ],
    "industry": [
        "De operatie van de nieuwe fabriek in {c} start {d}.",
        "Diagnose van de storing aan {machine} door {n} afgerond.",
        "{n} doet {d} de diagnose van de lekkage in hal {unit}.",
        "Onderhoud aan {machine} verschoven naar {d}, {n} coördineert.",
        "De behandeling van de oppervlakken in lijn {unit} duurt tot {d}.",
        "Warmtebehandeling van de nieuwe batch start {d}.",
        "{n} neemt de ploegendienst van {n2} over tot {d}.",
        "Veiligheidsronde in hal {unit} met {n} op {d}.",
        "Klacht van de klant over de lasnaden wordt door {n} behandeld.",
        "Storing aan {machine}: het virus op de besturingspc is verwijderd.",
        "{n} leidt de operatie rond de ombouw van lijn {unit}.",
        "De kwaliteitscontrole van {d} doet {n}.",
    ],
    "logistics": [
        "De logistieke operatie in {c} loopt door via {n}.",
        "Route langs {customer} overnemen door {n} tot {d}.",
        "Levering aan {customer} verschuift naar {d}.",
        "{n} rijdt {d} de avondrit naar {c}, {n2} de ochtendrit.",
        "Het magazijn in {c} draait {d} met een kleinere bezetting.",
        "Retourzendingen van {customer} worden door {n} afgehandeld.",
        "{n} plant de operatie rond de piekweek; overleg op {d}.",
        "Klachten van klanten over te late leveringen gaan naar {n}.",
        "De heftruckcursus van {n} is verplaatst naar {d}.",
        "Koelvracht voor {customer} wordt {d} geladen door {n2}.",
    ],
    "it": [
        "Het virus op de laptop van {n} is door ICT verwijderd; nieuwe laptop {d}.",
        "Diagnose van het netwerkprobleem in {c} door {n} afgerond.",
        "{n} doet de diagnose van de storing in het ERP-systeem.",
        "Behandeling van ticket {num} overgedragen aan {n}.",
        "Release van {d} uitgesteld, {n} test de patch.",
        "{n} neemt de piketdienst over tot {d}.",
        "Migratie naar de nieuwe server gaat {d} door, {n2} is backup.",
        "De virusscanner op de kassa's in {c} wordt {d} bijgewerkt.",
        "Security-operatie na de phishingmail: {n} stuurt de update.",
        "Klacht over de trage VPN ligt bij {n}.",
        "{n} werkt {d} thuis aan de koppeling met {customer}.",
    ],
    "retail": [
        "De behandeling van de klachtenbrief van mevrouw {surname} ligt bij {n}.",
        "Klant {surname} belde over de bestelling; {n} belt {d} terug.",
        "{n} staat {d} op de kassa in {c} in plaats van {n2}.",
        "Inventarisatie van de winkel in {c} op {d}.",
        "Klachten van klanten over de actie worden door {n} beantwoord.",
        "Levering aan {customer} is compleet, factuur volgt {d}.",
        "{n} doet {d} de etalage van de vestiging {c}.",
        "Nieuwe collectie komt {d}; {n} regelt het uitpakken.",
        "De klacht van de klant over de retour is door {n} afgehandeld.",
        "Personeelsfeest verplaatst naar {d}, {n} regelt de zaal.",
    ],
    "government": [
        "De behandeling van de aanvraag van {surname} is overgedragen aan {n}.",
        "Bezwaarschrift {num} in behandeling bij {n}, termijn loopt tot {d}.",
        "{n} neemt de klachtbehandeling van het loket over tot {d}.",
        "Raadsvoorstel over de {topic2} gaat {d} naar de commissie.",
        "De diagnose van het probleem in het zaaksysteem volgt {d}.",
        "{n} zit {d} bij het overleg met de GGD over de inspectie van kinderopvang.",
        "Vergunningaanvraag van {customer} door {n} behandeld.",
        "Klacht over de parkeervergunning afgehandeld door {n}.",
        "{n} doet {d} de balie in het stadskantoor van {c}.",
        "De operatie rond de verkiezingen wordt door {n} geleid.",
    ],
}
TOPICS = [
    "reanimatie",
    "medicatieveiligheid",
    "tillen en transfers",
    "wondzorg",
    "infectiepreventie",
    "BHV",
    "omgaan met agressie",
    "de nieuwe infuuspompen",
    "het elektronisch patiëntendossier",
    "valpreventie bij ouderen",
]
TOPICS2 = ["subsidieregeling", "verkeersveiligheid", "nieuwe sporthal", "begroting", "woonvisie"]
MACHINES = [
    "de pers",
    "lijn 3",
    "de lasrobot",
    "de koelinstallatie",
    "de transportband",
    "de CNC-machine",
    "de compressor",
    "de verpakkingsmachine",
    "de heftruck",
]
CUSTOMERS = [
    "apotheek De Linde",
    "Apotheek Zuid",
    "de apotheek in de Hoofdstraat",
    "Kliniek Zonnehof",
    "de huisartsenpraktijk Oost",
    "de huisartsenpost",
    "Griepink Installatietechniek",
    "bakkerij Griepink",
    "fa. Griepink",
    "Ziekenhuis Gelderse Vallei",
    "de dierenkliniek",
    "Bouwbedrijf Kanters",
    "de tandartspraktijk in {c}",
    "het revalidatiecentrum",
    "Zorggroep Noord",
]
REGIONS = ["Brabant", "Haaglanden", "IJsselland", "Fryslân", "Zuid-Limburg"]
SURNAMES = [
    "Griepink",
    "de Vries",
    "Jansen",
    "Bakker",
    "Koorts",
    "Pijnenburg",
    "Ziekman",
    "Dokter",
    "Hartman",
    "Hoofd",
    "Been",
    "Rugge",
]


def fill(template: str) -> str:
    n, n2 = rng.sample(NAMES, 2)
    return template.format(
        n=n,
        n2=n2,
        d=rng.choice(DAYS),
        c=rng.choice(CITIES),
        topic=rng.choice(TOPICS),
        topic2=rng.choice(TOPICS2),
        machine=rng.choice(MACHINES),
        customer=rng.choice(CUSTOMERS).format(c=rng.choice(CITIES)),
        region=rng.choice(REGIONS),
        unit=rng.choice(["3", "B", "4-Oost", "12", "C2"]),
        surname=rng.choice(SURNAMES),
        num=rng.randrange(1000, 99999),
    )


def tail() -> str:
    n2 = rng.choice(NAMES)
    return rng.choice(WORK_TAIL).format(n2=n2)


def medical_templates() -> list[tuple[str, str]]:
    rows = []
    for cond in CONDITIONS:
        rows.append(("condition", f"{rng.choice(NAMES)} {rng.choice(HAS)} {cond}, {tail()}."))
    for inst in INSTITUTIONS:
        stay = rng.choice(STAY).format(i=inst)
        rows.append(("institution", f"{rng.choice(NAMES)} {stay}; {tail()}."))
    for p in PROVIDERS:
        text = rng.choice(APPOINT).format(p=p, d=rng.choice(DAYS), n=rng.choice(NAMES))
        rows.append(("care_provider", f"{text[0].upper()}{text[1:]}, {tail()}."))
    for b in BRANDS:
        rows.append(("medicine_brand", rng.choice(TAKE).format(n=rng.choice(NAMES), b=b) + "."))
    for e in EUPHEMISMS:
        rows.append(("euphemism", f"{rng.choice(NAMES)} {e}, {tail()}."))
    for f in FLEMISH:
        rows.append(("flemish", f"{rng.choice(NAMES)} {f}, {tail()}."))
    for e in ENGLISH:
        rows.append(("english", f"{rng.choice(NAMES)} {e}, {tail()}."))
    for c in CHAT:
        rows.append(("chat", f"{rng.choice(NAMES)} {c}"))
    for m in MISSPELLED:
        frame = rng.choice(
            ["{n} heeft {m}.", "{m}, {n} blijft thuis.", "Ziek ivm {m}.", "{n}: {m}, {t}."]
        )
        rows.append(("misspelling", frame.format(n=rng.choice(NAMES), m=m, t=tail())))
    hows = ["spaced", "leet", "cyrillic", "zerowidth", "dotted", "underscore", "mixedcase"]
    for word in DISGUISE_WORDS:
        for how in rng.sample(hows, 2):
            n, n2 = rng.sample(NAMES, 2)
            frame = rng.choice(DISGUISE_FRAMES)
            text = frame.format(n=n, n2=n2, w=disguise(word, how))
            rows.append(("disguised", text[0].upper() + text[1:]))
    return rows


def ok_templates() -> list[tuple[str, str]]:
    rows = []
    for sector, templates in SECTOR.items():
        for template in templates:
            for _ in range(5 if sector != "care" else 4):
                rows.append((sector, fill(template)))
    return rows


# ---- hand-written -------------------------------------------------------------------
HAND_OK = [
    (
        "care",
        "Zij werkt als verpleegkundige in het Erasmus MC en doet vanaf maart de avonddiensten.",
    ),
    ("care", "Levering van de incontinentiematerialen aan het UMCG gaat voortaan via Noor."),
    ("care", "Offerte voor het schoonmaakcontract van het OLVG ligt bij inkoop."),
    ("care", "Jan draait de weekenddienst bij de ambulancedienst in Brabant."),
    ("care", "De apotheek in Zwolle is onze grootste klant; Eva bezoekt ze dinsdag."),
    ("care", "Nieuwe collega's op de verpleegpost krijgen een sleutelpas."),
    ("care", "De planning van de operatiekamers is overgenomen door Marieke."),
    ("care", "Mirjam coördineert de griepprikken voor het personeel in oktober."),
    ("care", "De wondverpleegkundige van ons team geeft dinsdag een klinische les."),
    ("care", "Bewonersoverleg in het verpleeghuis gaat door, Henk notuleert."),
    ("care", "Tim is de nieuwe teamleider van de afdeling psychiatrie."),
    ("care", "Vacature voor een fysiotherapeut in ons revalidatieteam staat online."),
    (
        "care",
        "Samenwerking met Parnassia over de crisisbedden: overleg met de directie op vrijdag.",
    ),
    ("care", "Esra doet het rooster van de thuiszorgteams in Almere."),
    ("care", "Het dossier van de cliënt wordt bijgewerkt door de EVV'er."),
    ("industry", "De productie in hal 2 ligt stil door een storing; Kees zoekt de oorzaak."),
    ("industry", "Ruben volgt de cursus VCA op donderdag."),
    ("industry", "Het hart van de installatie is de nieuwe compressor."),
    ("industry", "De hoofdleiding wordt volgende week vervangen."),
    ("industry", "De behandeling van het staal in de oven duurt twaalf uur."),
    ("industry", "Wouter heeft de storing onder de knie, de lijn draait weer."),
    ("industry", "De diagnose van de pomp wijst op een lekke pakking."),
    ("industry", "Operatie Zomerstop begint in juli; alle monteurs zijn ingepland."),
    ("logistics", "Bram rijdt deze week de route langs de apotheken in de regio."),
    ("logistics", "De ambulancedienst is een vaste klant voor de bandenwissel."),
    ("logistics", "Sanne neemt de planning over, Daan doet de retouren."),
    ("logistics", "Vracht voor het Radboudumc moet voor 7 uur gelost zijn."),
    ("logistics", "De operatie in het distributiecentrum draait door tijdens de verbouwing."),
    ("logistics", "Koerier van Griepink Transport komt om 14 uur."),
    ("it", "De diagnose van de trage database: een ontbrekende index."),
    ("it", "Het virus in de mailbox van de receptie is in quarantaine gezet."),
    ("it", "Fatima neemt de storingsdienst over tot het einde van de maand."),
    ("it", "Het project voor de kliniek in Zwolle loopt door via Ahmed."),
    ("it", "Backup van de HR-server draait weer, Yusuf heeft het gecontroleerd."),
    ("it", "De koppeling met het ziekenhuissysteem van onze klant gaat live op 1 juni."),
    ("it", "Priya heeft de klacht over de helpdesk behandeld."),
    ("retail", "De klachtenbrief van meneer Griepink is beantwoord."),
    ("retail", "Klant Griepink wil de bank toch in het grijs."),
    ("retail", "Lotte staat zaterdag op de afdeling tuinmeubelen."),
    ("retail", "De drogisterij-afdeling krijgt nieuwe schappen; Ilse helpt met inruimen."),
    ("retail", "Verkoopcijfers van de vestiging Leiden zijn 5% hoger dan vorig jaar."),
    ("retail", "Anouk doet de opening van het filiaal in Venlo."),
    ("retail", "Klachten over de bezorging zijn met 30% gedaald."),
    ("government", "De aanvraag is in behandeling bij het team vergunningen."),
    ("government", "Overleg met de GGD over de evenementenvergunning op woensdag."),
    ("government", "Luuk neemt het dossier over van de afdeling handhaving."),
    ("government", "Het college behandelt het voorstel op dinsdag."),
    ("government", "Jasmijn werkt voor 50% van haar tijd aan het project Wonen en 50% aan Zorg."),
    ("government", "Het verzuim van de afdeling is gedaald naar 4%."),
    ("government", "De klachtencommissie vergadert in de raadzaal."),
    ("sick_report", "Ziek gemeld op maandag; werk is verdeeld over het team."),
    ("sick_report", "Gesprek met de bedrijfsarts op donderdag, daarna overleg met de casemanager."),
    ("sick_report", "Hersteld gemeld per 12 maart, begint weer met volle dagen."),
    ("sick_report", "Werkt tijdelijk 4 uur per dag op maandag, woensdag en vrijdag."),
    ("sick_report", "Verlof in juli blijft staan; vervanging is geregeld."),
    ("sick_report", "Afspraak met de arbeidsdeskundige op de 20e."),
    ("sick_report", "Plan van aanpak wordt besproken in week 8."),
    ("sick_report", "Niet lekker, morgen weer op kantoor."),
    ("sick_report", "Eerstejaarsevaluatie gepland met de casemanager."),
    ("sick_report", "Geen nachtdiensten en geen zware dozen tillen tot nader bericht."),
    ("sick_report", "Zwangerschapsverlof gaat in per 1 april; vervanging door Noor."),
    ("sick_report", "Werkt voorlopig thuis, laptop is opgehaald."),
    ("sick_report", "Re-integratie start met administratieve taken op de locatie in Breda."),
]

HAND_MEDICAL = [
    ("institution", "Ligt sinds zondag in het UMC voor onderzoeken."),
    ("institution", "Is opgenomen in het AVL, werk ligt stil."),
    ("institution", "Zit een paar weken in de Jellinek."),
    ("institution", "Heeft een intake bij Parnassia gehad."),
    ("institution", "Ligt op de hartbewaking in het Catharina."),
    ("institution", "Wordt doorverwezen naar het Erasmus MC."),
    ("institution", "Afspraak op de poli van het Maasstad op dinsdag."),
    ("institution", "Zit in een kliniek voor verslavingszorg."),
    ("condition", "Tenniselleboog, kan geen muis gebruiken."),
    ("condition", "Last van de overgang, veel opvliegers en slecht slapen."),
    ("condition", "Heeft ME en is na een uur al uitgeput."),
    ("condition", "Mentaal zit hij er helemaal doorheen."),
    ("condition", "Haar schildklier is weer ontregeld."),
    ("condition", "Suiker is ontregeld, moet weer prikken."),
    ("condition", "Heeft een hartstilstand gehad op de sportschool."),
    ("condition", "Zijn kanker is teruggekomen."),
    ("condition", "Er zijn uitzaaiingen gevonden."),
    ("condition", "Gezwel in de buik, verder onderzoek volgt."),
    ("condition", "Na de CVA kan hij nog niet goed praten."),
    ("condition", "Moet afkicken van de alcohol."),
    ("condition", "Heeft een infarct gehad in het weekend."),
    ("condition", "Is ingestort, heeft een burn-out van jewelste."),
    ("condition", "Slaapt al weken niet en piekert de hele dag."),
    (
        "condition",
        "Haar baby is te vroeg geboren, zij is nog aan het herstellen van de keizersnee.",
    ),
    ("condition", "Zit in de ziektewet met een gebroken heup."),
    ("condition", "Heeft een longontsteking na de griep."),
    ("condition", "Last van tintelingen in de vingers, wordt onderzocht."),
    ("condition", "Hoort sinds vorige week slecht aan één oor."),
    ("condition", "Kan door haar heup niet lang staan."),
    ("condition", "Heeft een scheurtje in de meniscus."),
    ("chat", "Dr zegt 2 wk rust, ivm hnp"),
    ("chat", "ze heeft weer n aanval gehad (epi)"),
    ("chat", "Is aan de chemo, kom dr ff niet doorheen"),
    ("chat", "Heeft corona, zit in quarantaine"),
    ("chat", "ligt op bed met n dikke griep"),
    ("chat", "hoofdpijn en ogen doen zeer, blijf thuis"),
    ("chat", "keel ontstoken, praten lukt nie"),
    ("abbreviation", "CVA gehad, lange revalidatie."),
    ("abbreviation", "DM2 ontregeld."),
    ("abbreviation", "Heeft RA, handen doen pijn."),
    ("abbreviation", "OCD, kan niet van huis."),
    ("abbreviation", "Morgen MRI, uitslag volgende week."),
    ("abbreviation", "Vanavond naar de HAP geweest."),
    ("abbreviation", "ALS vastgesteld, werkt nog halve dagen."),
    ("abbreviation", "Ligt op de CCU."),
    ("english", "He had a heart attack on Sunday."),
    ("english", "She is pregnant and has morning sickness."),
    ("english", "Burnout, doctor says six weeks off."),
    ("english", "Knee surgery next Tuesday."),
    ("english", "She has breast cancer."),
    ("percentage", "Is vijftig procent arbeidsongeschikt."),
    ("percentage", "Werkt halve dagen omdat hij voor de helft is afgekeurd."),
    ("percentage", "Mag van de bedrijfsarts 60% werken."),
    ("cause", "Is van de steiger gevallen op het werk."),
    ("cause", "Auto-ongeluk op de A12, whiplash."),
    ("cause", "Door de stress thuis ingestort."),
    ("cause", "Is aangevallen door een hond, wond aan de hand."),
    ("pregnancy", "Ze is in positie, uitgerekend in mei."),
    ("pregnancy", "In verwachting van een tweeling, veel last van misselijkheid."),
    ("pregnancy", "Heeft een miskraam gehad."),
    ("pregnancy", "Is aan het kolven, heeft pauzes nodig."),
    ("euphemism", "Zit helemaal stuk, huilt de hele dag."),
    ("euphemism", "Is niet zichzelf, gaat praten met iemand van de GGZ."),
    ("euphemism", "Het zit tussen haar oren."),
    ("euphemism", "Heeft een vervelende ziekte waar ze niet over wil praten, kanker denk ik."),
    ("euphemism", "Is aan het revalideren na zijn val."),
    ("euphemism", "Moet even bijkomen na de bestraling."),
    ("medicine_brand", "Zit aan de oxazepam en is suf."),
    ("medicine_brand", "Slikt Ritalin, concentratie gaat beter."),
    ("medicine_brand", "Krijgt morfine tegen de pijn."),
    ("medicine_brand", "Is overgestapt van sertraline op Cipralex."),
    ("flemish", "Ligt in het UZ Gent voor een operatie."),
    ("flemish", "Zit thuis met een valling en hoofdpijn."),
    ("flemish", "Is bij de kiné voor zijn schouder."),
    ("flemish", "Moet naar de dokter voor zijn suiker."),
]


def main() -> None:
    rows = []
    for category, text in medical_templates():
        rows.append(("medical", category, "template", text))
    for category, text in HAND_MEDICAL:
        rows.append(("medical", category, "hand", text))
    for category, text in ok_templates():
        rows.append(("ok", category, "template", text))
    for category, text in HAND_OK:
        rows.append(("ok", category, "hand", text))
    # Sentences of the issue (issue17_examples.tsv) and of the development set are not
    # held out: drop any generated duplicate of one.
    seen = set(_texts(ISSUE)) | set(_texts(DEV))
    unique = []
    for row in rows:
        if row[3] not in seen:
            seen.add(row[3])
            unique.append(row)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
        writer.writerow(["label", "category", "source", "text"])
        writer.writerows(unique)
    counts = {}
    for label, *_ in unique:
        counts[label] = counts.get(label, 0) + 1
    print(OUT, counts)


if __name__ == "__main__":
    main()
