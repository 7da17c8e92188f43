"""Small synthetic import files for the page and access tests (R-DEV-1)."""

from poortwachter.core.actor import Actor
from poortwachter.imports import services
from poortwachter.imports.models import ImportRun

SYSTEM = Actor.system("test")


def small_file(department: str = "Verpleging") -> bytes:
    """Two lines: one new employee, one refused for an invalid BSN."""
    return (
        "\ufeffPersoneelsnummer;BSN;Voornaam;Achternaam;Geboortedatum;Afdeling;"
        "Datum in dienst;Uren per week;Functie\r\n"
        f"900001;600000011;Anna;Jansen;17-5-1985;{department};1-3-2021;32,5;Kok\r\n"
        f"900002;123456789;Bram;Bakker;2-2-1990;{department};1-3-2021;24;Planner\r\n"
    ).encode()


def checked_run(employer, department: str = "Verpleging") -> ImportRun:
    run = services.run_create(
        actor=SYSTEM,
        employer=employer,
        filename="export.csv",
        content=small_file(department),
        create_departments=False,
    )
    return services.run_check(actor=SYSTEM, run=run)
