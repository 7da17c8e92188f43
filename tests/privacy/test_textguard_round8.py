"""Eighth tuning round of the medical-text guard (issue 17, R-SICK-3, R-SICK-4, R-INC-1): a
person or a role opening a note as the subject, a share of a person that dropped out,
fractions in words, disease endings in compounds, a sensation in one's own body part,
senses that cannot bear sound or light, compulsions and feelings one suffers from, the
first child expected, at home since something was done to the person, words cut into
syllables or spread with several separators; and on the other side the partial recovery
report, idioms of "een ongeluk", no one hurt, a care place as a landmark, a building, a
placement or a sector, tradespeople at work in it, a thing revived, a road's bypass, a
client escorted to a care provider, claims handling, a product line, a technician's
diagnosis of a thing.

The sentences here are probes written for the rules, not blind batch 9's own (that batch
is development data now; blind batch 10 is sealed)."""

from poortwachter.textguard import check_text
from tests.privacy.textguard_probes import probes

MEDICAL = [
    # A share of the person, a fraction in words, a degree with the partial recovery.
    "Bezorger is sinds april voor 60 procent uitgevallen.",
    "Zij is nog voor veertig procent afwezig.",
    "Hij is voor twee vijfde arbeidsongeschikt.",
    "Graad van ongeschiktheid: 35%.",
    "Gedeeltelijk hersteld voor 70%.",
    "Hij is voor een kwart hersteld.",
    # Disease endings and treatments in compounds and abbreviations.
    "Ze heeft longoedeem gehad.",
    "Hij heeft intercostaalneuralgie.",
    "Haar dochter bracht de kinderpokken mee en nu heeft zij ze.",
    "Ze moet na de zomer aan de thuisdialyse.",
    "Hij is geopereerd, een katheterablatie.",
    "Monteur krijgt in maart een TKP.",
    "Hij bleef een nacht ter observatie.",
    "Ze heeft een huidreactie op de handschoenen en blijft thuis.",
    # A sensation in one's own body part; senses that cannot bear sound or light.
    "Heeft krampen in zijn kuiten na het fietsen.",
    "Ze heeft een branderig gevoel in haar linkervoet.",
    "Kok kan geen herrie meer verdragen na de ontploffing.",
    "Hij kan sinds de val geen fel licht verdragen.",
    # A role opening the note as the subject of what only a person does.
    "Magazijnmedewerker had vanochtend een black-out.",
    "Vakkenvuller is zichzelf niet.",
    "Schoonmaakster huilde de hele ochtend.",
    "Heftruckchauffeur loopt sinds kort mank.",
    # Compulsions, binge eating, feelings suffered from, idioms of the mind.
    "Hij heeft dwanghandelingen en komt te laat.",
    "Ze worstelt met schuldgevoelens na het ongeval.",
    "Ze is mentaal behoorlijk ontspoord.",
    "Zijn kaarsje is opgebrand.",
    "Hij kijkt vaak wat te diep in het glaasje.",
    # The first child expected; English.
    "Zij verwacht half augustus haar tweede.",
    "He said his wife is expecting a baby in May.",
    "He had a seizure at the warehouse.",
    "She was referred to a rheumatologist.",
    # At home since something was done to the person; an electric shock.
    "Ze zit thuis sinds een bewoner haar sloeg.",
    "Sinds die bedreiging aan de balie blijft hij thuis.",
    "Installateur heeft een flinke stroomstoot opgelopen.",
    # Chat and spread-out words.
    "rug doet raar na het tillen",
    "Ze heeft a.s.t.-.m.a.",
    "Hij heeft een bur-n-out.",
]

ORDINARY = [
    # The partial recovery report (R-INC-1: a status, not a degree).
    "Ze is gedeeltelijk hersteld gemeld.",
    "Hij is deels hersteld, werkt de middagen.",
    "Gedeeltelijke herstelmelding is verwerkt.",
    # Things that drop out, fractions of work.
    "Het verkeer is voor 40 procent uitgevallen door de staking.",
    "De vloot is voor twee vijfde vervangen.",
    "Drie kwart van de klanten betaalt op tijd.",
    # Words near the new endings and terms that are not medical.
    "De reactie van de gemeente kwam vandaag.",
    "De verzakking van de kademuur wordt hersteld.",
    "Asma zit vandaag op de kassa.",
    # A feeling, a right hand, sound limits of things.
    "Hij heeft een goed gevoel in zijn nieuwe functie.",
    "Zij is de rechterhand van de directeur.",
    "De speaker kan geen geluid boven de 100 dB aan.",
    "Het datacenter had een black-out van een uur.",
    # Idioms: een ongeluk, no one hurt.
    "Ik heb me een ongeluk gezocht naar dat contract.",
    "Zij hebben zich een ongeluk gewerkt voor de opening.",
    "Brand in de kantine, niemand raakte gewond.",
    "Brandoefening zonder gewonden afgerond.",
    # A care place as a landmark, a building, a placement, a sector.
    "De buslijn rijdt voortaan langs het ziekenhuis.",
    "Er staan hekken rond het Maasstad Ziekenhuis.",
    "De huisartsenpraktijk aan de Kerklaan krijgt nieuwe kozijnen.",
    "Elektriciens zijn morgen bezig in de kliniek.",
    "Stagiairs lopen stage bij het Jeroen Bosch Ziekenhuis.",
    "Het restaurant van het ziekenhuis is vernieuwd.",
    "De personeelstekorten in de GGZ blijven groot.",
    # A thing revived, a road's bypass.
    "We hebben de oude server weer gereanimeerd.",
    "De bypass om het centrum is open.",
    # A client escorted; claims handling; a product line.
    "Begeleider gaat samen met de bewoner naar de tandarts.",
    "Behandelaar letselschade neemt contact op met de klant.",
    "De claim van de aanrijding is uitbetaald.",
    "Productlijn met vitamines en pijnstillers komt in het schap.",
    # A technician's diagnosis, IT work, a care role leading a group.
    "De monteur heeft de diagnose van de koelmachine gesteld.",
    "De grootste operatie wordt de refactor van de kassa.",
    "Ergotherapeut Mila leidt de workshop voor de bewoners.",
    # Hyphens that are no spread-out word.
    "Het overzicht is up-to-date.",
    "Doe-het-zelf-pakketten liggen in het magazijn.",
]


test_medical_text_is_refused, test_ordinary_work_text_passes = probes(MEDICAL, ORDINARY)


def test_partial_recovery_is_a_status_but_a_share_with_it_is_a_degree():
    assert not check_text("Gedeeltelijk hersteld per 1 mei.").medical
    assert check_text("Gedeeltelijk hersteld per 1 mei: 50% arbeidsongeschikt.").medical
    assert check_text("Deels hersteld: 80% beter, 20% ziek.").medical


def test_a_thing_as_subject_is_no_person():
    # One capitalised word opening a note is a person only when it is no thing.
    assert check_text("Chauffeur had een black-out.").medical
    assert not check_text("Server had een black-out.").medical
