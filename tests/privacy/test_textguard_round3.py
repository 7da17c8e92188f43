"""Third tuning round of the medical-text guard (issue 17): the care worker at work,
merchandise, idioms, names, euphemisms, percentages in words, causes (R-SICK-2, R-SICK-3,
R-SICK-4, R-INC-1)."""

from poortwachter.textguard import check_text
from tests.privacy.guard_sets import figures, rows
from tests.privacy.textguard_probes import probes

ORDINARY = [
    # The care worker at work: care given to clients, residents, patients, in a shift.
    "Sanne deelt op de avonddienst de medicijnen uit aan de bewoners.",
    "Karin geeft vanaf maandag de insuline-injecties bij haar cliënten in de wijk.",
    "Mark assisteert bij operaties in OK 4 tijdens de dagdienst.",
    "De psycholoog van team Noord heeft vijf nieuwe cliënten in behandeling.",
    "De mondhygiëniste werkt voortaan op woensdag en vrijdag.",
    "De verpleegkundige geeft de bewoners hun medicijnen.",
    # Merchandise and products.
    "Zelftests voor corona liggen bij de kassa.",
    "Beenprotheses en kniebraces liggen in het magazijn.",
    "Wij maken protheses voor een klant in Duitsland.",
    "Het schap met condooms en zwangerschapstests is bijgevuld.",
    "De spuitgietmachine voor de injectie van kunststof is vervangen.",
    # Work sense by the neighbours.
    "De operatie in hal 3 ligt stil tot de nieuwe pers er is.",
    "De kliniek in Den Bosch wil een offerte voor nieuwe vloeren.",
    "De huisartsenpost in Ede heeft nieuwe headsets besteld.",
    "Het virus heeft drie servers geraakt, herstel duurt tot vanavond.",
    "Dienst in het Isala is geruild met Kees.",
    # Idioms, names, places.
    "Dat wordt een bittere pil voor het project.",
    "Die klant is een pijn in de nek met zijn wijzigingen.",
    "Dat contract ligt ons zwaar op de maag.",
    "Chauffeur Van Buik rijdt de route naar Groningen.",
    "Ons filiaal in Spier gaat om 9 uur open.",
    "De voorraad schroeven is op.",
    "Heeft het zwaar thuis door een verbouwing; werkt deze week thuis.",
    "Zij geeft de bewoners hun insuline.",
    "De kliniek bestelt 40 dozen handschoenen.",
    "De GGZ-instelling is een nieuwe klant.",
    "Een virus legde de kassa's plat.",
    "Protheses en orthopedische schoenen staan in de webshop.",
    "Uitgerekend vandaag valt de server uit.",
    "Het systeem is zichzelf niet na de update.",
    "Medewerk*ster gezocht.",
]

MEDICAL = [
    # The employee's own care stays refused, also when the employee works in care.
    "Diëtist begeleidt haar.",
    "Heeft fysio, werkt de rest van de week.",
    "Werkt halve dagen, fysio op dinsdag.",
    "Heeft spreekuur bij de neuroloog volgende week.",
    "Verpleegkundige Anouk heeft een knieoperatie gehad.",
    "Hij werkt op de IC en krijgt chemo.",
    "Zit in de kliniek in Zwolle.",
    # Euphemisms.
    "Zit al een tijdje niet goed in haar vel.",
    "Door de drukte op het werk is ze ingestort.",
    "Ze is weer aan de drank.",
    "Heeft het aan zijn hartje.",
    # Percentages in words and ranges, classes.
    "Ze is gedeeltelijk afgekeurd.",
    "Hij zit in de WIA-klasse 35-45%.",
    "De arbeidsongeschiktheid is vastgesteld op 80-100%.",
    # Causes.
    "Is door de hond gebeten.",
    "Gevallen met de fiets en zit nu thuis.",
    "Zij is opgenomen voor onderzoek.",
    "Is gestoken door een wesp.",
    "Is met de auto verongelukt.",
    "Heeft zich gesneden aan een mes.",
    "Door een vechtpartij in het weekend zit hij thuis.",
    "Ziek geworden van het eten op de bruiloft.",
    "Ze zit in de IVA.",
    "WGA 80-100.",
    # Round 8: "partieel hersteld" alone is the partial recovery report (allowed); a
    # share with it is a degree.
    "Ze is voor de helft hersteld.",
    "Is zichzelf niet de laatste tijd.",
    "Slaapt slecht en piekert veel.",
    "Ze is uitgerekend in mei.",
    "Zij gebruikt medicijnen en werkt met bewoners.",
    "Ze werkt in de nachtdienst, maar heeft nu chemo.",
    "Moet naar de kliniek, die sluit om 5.",
    # A letter masked by an asterisk.
    "Heeft een h*rnia.",
    "Heeft een k*nker.",
]


test_medical_text_is_refused, test_ordinary_work_text_passes = probes(MEDICAL, ORDINARY)


def test_development_set_of_the_third_round():
    # dev_round3.tsv: written before the third round was changed (main's guard: precision
    # 0.690, recall 0.821); floors only, the remaining errors are in the docs.
    cases = rows("dev_round3.tsv")
    assert len(cases) >= 200
    precision, recall = figures(cases, "employer")
    assert precision >= 0.95
    assert recall >= 0.95


def test_a_shift_does_not_hide_the_employees_own_treatment_with_a_possessive():
    # Known limitation (docs): without "haar" the shift makes it the care worker's work.
    assert check_text("Na haar nachtdienst dialyse.").medical
