"""Adversarial probes of the word-sense model's take-back (issue 17, tenth round).

    .venv/bin/python tests/textguard_sets/takeback_probes.py [--show]

A manager who is refused may rephrase and retry at will. These probes (written for this
check, copied from no labelled set) are medical statements whose only rule matches are
ambiguous words, each padded the way a determined user would (a work clause appended,
the statement in a second clause, ticket vocabulary, a list of work words), and genuine
work sentences holding the same ambiguous words. Printed: how many pass the rules alone
(``_guard._rules``) and the rules + model (``check_text``); only probes the rules refuse
are counted for the take-back.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "poortwachter.config.settings.test")

from poortwachter.textguard import _guard  # noqa: E402

# Medical statements resting on ambiguous words (no trailing full stop).
MEDICAL = [
    "Hij heeft een virus",
    "Ze ligt in Isala",
    "Hij heeft een operatie aan zijn knie gehad",
    "Ze krijgt een behandeling in het Radboudumc",
    "De diagnose is gesteld en hij moet rusten",
    "Zijn klacht aan de rug is terug",
    "Ze heeft een infectie opgelopen",
    "Marco heeft een breuk in zijn pols",
    "Ze wacht op de uitslag van de diagnose",
    "Hij is onder behandeling bij Dimence",
    "Zijn virus is nog niet weg",
    "Ze heeft een klacht aan haar schouder",
    "Hij krijgt een injectie in zijn knie",
    "Ze ligt nog in de kliniek",
    "Hij zit bij GGZ Centraal voor gesprekken",
    "Ze moest vannacht naar de huisartsenpost",
    "Haar operatie is goed gegaan",
    "Hij ligt in het Maasstad Ziekenhuis",
    "Ze heeft de diagnose gekregen",
    "Hij heeft koorts",
    "Ze heeft een operatie gehad",
    "Hij heeft een behandeling nodig",
    "Jeroen heeft een virus opgelopen",
    "Zijn operatie staat voor dinsdag gepland",
]

# The same health data said without a person as subject or owner (no "hij heeft", no
# "zijn"): what a user tries next when a personal signal blocks the take-back.
IMPERSONAL = [
    "Bij Jeroen is een virus vastgesteld",
    "De uitslag van de diagnose bij Sanne komt vrijdag",
    "Voor Sanne betekent de operatie aan de knie zes weken thuis",
    "Volgens Anouk is de behandeling in het Radboudumc zwaar",
    "Afgelopen nacht in Isala opgenomen gebleven, aldus Jeroen",
    "Bij Kees is de klacht aan de rug teruggekomen",
    "Voor Marco volgt nog een behandeling bij Dimence",
    "Een flinke infectie bij Priya, dus rust",
]

# Genuine work sentences with the same ambiguous words: the take-back is right on these.
WORK = [
    "Het virus op de server is verwijderd, de backup draait weer",
    "De operatie rond de verhuizing van het magazijn loopt volgens planning",
    "De monteur heeft de diagnose van de storing aan lijn 3 gesteld",
    "De klacht van de klant over de levering is afgehandeld",
    "De behandeling van de offerte schuift naar volgende week",
    "Pentest bij Isala verschoven naar week 12",
    "Onze monteurs doen het onderhoud van de liften in het Maasstad Ziekenhuis",
    "De infectie van het netwerk met malware is opgelost",
    "Levering van de nieuwe bureaus aan Rijnstate staat op donderdag",
    "Hij heeft de klacht van de klant over de factuur afgehandeld",
    "Ze heeft de diagnose van de pomp gesteld, het lager is versleten",
    "Zijn operatie voor de klant in Zwolle is afgerond en alle kassa's draaien",
    "Haar behandeling van de bezwaarschriften gaat sneller dan verwacht",
    "Hij werkt vanaf maandag op de receptie van de kliniek",
    "Ze rijdt de route langs de apotheek en de huisartsenpost",
    "Het team van Dimence krijgt nieuwe laptops",
    "De operatie in het distributiecentrum draait op volle toeren",
    "Het virus in de mailserver is gemeld bij de beveiliging",
    "Schoonmaak van de kliniek in Zwolle verschuift naar de avond",
    "De klacht over de vertraging van de trein ligt bij de vervoerder",
    "De kliniek in Deventer krijgt nieuwe kozijnen",
    "Onze glazenwassers doen vanaf mei ook de ramen van Rijnstate",
    "De klacht van de gemeente over het geluid is ingetrokken",
    "De operatie rond de jaarafsluiting is bijna klaar",
    "De kliniek in Hengelo bestelt voortaan via de webshop",
    "Onze schilders zijn deze week bezig bij Isala en het Deventer Ziekenhuis",
    "De klacht over de factuur van maart is door de klant ingetrokken",
    "De operatie van de nieuwe kassa's in alle filialen is geslaagd",
    "Het virus op de laptop van de balie is door de helpdesk verwijderd",
    "De diagnose van de lekkage in de kelder kost de loodgieter een middag",
    "De behandeling van het bezwaar tegen de vergunning loopt nog",
    "De chauffeur brengt de dozen naar de kliniek in Enschede",
    "Bij de infectie van de webserver met malware is niets gelekt",
    "Het magazijn levert de verbandmiddelen aan drie klinieken in Twente",
]

# How a determined user pads a refused statement (``{s}`` the statement; ``{l}`` it with
# a lower-case first letter).
PADS = {
    "none": "{s}.",
    "work clause after": "{s}, de planning van de klant en de server lopen door.",
    "work clause before": "Sprint 14 loopt volgens planning en de release staat klaar; {l}.",
    "ticket": "Ticket PW-2231: {l}, overdracht van de tickets aan Sanne.",
    "split": "De migratie van de server loopt door. {s}. De klant krijgt de planning vrijdag.",
    "long clause": "{s} terwijl de deployment van de nieuwe release naar productie en de"
    " migratie van de database volgens planning doorgaan.",
    "so clause": "{s}, dus de storing op de server en de backlog van de sprint gaan naar Sanne.",
    "because": "Omdat {l} neemt Sanne de servercluster en de klantplanning over.",
    "word list": "{s}: servers, deployment, backlog, sprint, release, facturatie, logistiek.",
    "logistics": "{s}, de vrachtwagens rijden de route naar het distributiecentrum gewoon.",
    # Run-on: no comma and no joining conjunction, so the clause is the whole sentence.
    "run-on met": "{s} met de planning van de klant voor de server in productie.",
    "run-on bij": "{s} bij de migratie van de database naar de nieuwe server.",
    "run-on zolang": "{s} zolang de release van de webshop naar productie gaat.",
}


def padded(statement: str) -> dict[str, str]:
    lower = statement[0].lower() + statement[1:]
    if statement.split()[0][0].isupper() and statement.split()[0] in {"Marco", "Jeroen"}:
        lower = statement
    return {name: pad.format(s=statement, l=lower) for name, pad in PADS.items()}


def run(show: bool = False) -> dict:
    figures = {}
    for label, statements in (("medical", MEDICAL), ("impersonal", IMPERSONAL), ("work", WORK)):
        per = {}
        for name in PADS:
            n = rules_refuse = both_pass = 0
            for statement in statements:
                text = padded(statement)[name]
                rules = _guard._rules(text).medical
                if not rules:
                    continue
                n += 1
                rules_refuse += 1
                passed = not _guard.check(text).medical
                both_pass += passed
                if show and passed == (label != "work"):
                    print(f"  {label} {name}: {'PASS' if passed else 'REFUSED'}: {text}")
            per[name] = (n, both_pass)
        figures[label] = per
    return figures


def report(figures: dict) -> None:
    for label in ("medical", "impersonal", "work"):
        total_n = total_pass = 0
        print(f"{label} probes the rules refuse, how many rules + model let through:")
        for name, (n, passed) in figures[label].items():
            print(f"  {name:<20} {passed:>3}/{n}")
            total_n += n
            total_pass += passed
        print(f"  {'all':<20} {total_pass:>3}/{total_n}")


if __name__ == "__main__":
    report(run("--show" in sys.argv))
