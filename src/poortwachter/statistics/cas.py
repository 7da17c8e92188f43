"""Chapter letters of diagnosis codes (CAS, the classification the occupational health
service uses) and the Dutch names the employer sees in cause statistics. Only the letter
of a code ever crosses to the employer side, and only as a count of a large enough group.
"""

from django.utils.translation import gettext_lazy as _

CHAPTERS = {
    "A": _("Algemeen en niet nader omschreven"),
    "B": _("Bloed en afweer"),
    "D": _("Spijsvertering"),
    "F": _("Oog"),
    "H": _("Oor"),
    "K": _("Hart en bloedvaten"),
    "L": _("Bewegingsapparaat"),
    "N": _("Zenuwstelsel"),
    "P": _("Psychische klachten"),
    "R": _("Luchtwegen"),
    "S": _("Huid"),
    "T": _("Stofwisseling en voeding"),
    "U": _("Urinewegen"),
    "W": _("Zwangerschap en bevalling"),
    "X": _("Geslachtsorganen (vrouw)"),
    "Y": _("Geslachtsorganen (man)"),
    "Z": _("Sociale problemen"),
}


def chapter_label(letter: str) -> str:
    return str(CHAPTERS.get(letter, _("Hoofdstuk %(letter)s") % {"letter": letter}))
