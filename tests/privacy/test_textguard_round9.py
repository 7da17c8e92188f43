"""Ninth tuning round of the medical-text guard (issue 17, R-SICK-3, R-SICK-4, R-INC-1):
word sense from the subject or object of the sentence. On the ordinary side a care
organisation as a business relation (an order, a meeting, a contract, a stand of, for,
with or at it), a room next to a care place, a care provider rescheduling her own hours,
the pain of a reorganisation, a company at the bank's intensive care, "zwanger gaan van"
a plan, plants with a disease, a tradesperson's diagnosis, a title in quotes, goods sold,
delivered or offered to all; on the medical side a body word opening a clause of a note,
shares "voor" a figure and the file's shorthands, an assault by a person, an electric
shock sustained, sleep lost since an event, illness said around with a person, something
swallowed against fear, catheterisation, a Flemish hospital consultation, English.

The sentences here are probes written for the rules, not blind batch 10's own (that batch
is development data now; blind batch 11 was sealed for this round)."""

from poortwachter.textguard import check_text
from tests.privacy.textguard_probes import probes

MEDICAL = [
    # A body word opening a clause of a note.
    "Onderrug zit vast sinds het sjouwen.",
    "Vingers tintelen, typen gaat slecht.",
    "Knie dik, kan niet knielen bij de meterkast.",
    # Shares "voor" a figure, shorthands with a figure, incapacity recorded.
    "Ziekgemeld voor de helft, middagen aanwezig.",
    "Ongeschikt voor drievierde van de uren.",
    "AO% 55 per 1 maart.",
    "Gedeeltelijke arbeidsongeschiktheid toegekend vanaf juli.",
    # The person a victim; a shock sustained; sleep lost since an event.
    "Conducteur is bespuugd door een reiziger en blijft thuis.",
    "Door een leerling geschopt op het plein.",
    "Stroomstoot opgelopen aan de frituurpan.",
    "Hij kan sinds de brand niet meer slapen.",
    # Illness said around with a person.
    "Zit alweer in de lappenmand.",
    "Hij raakte helemaal overstuur en blijft thuis.",
    "Hij is al maanden aan het tobben.",
    "Ze is gevloerd door de buikgriep.",
    "Zijn tank is leeg, hij moet even op krachten komen.",
    # Something swallowed; treatments; a Flemish consultation; English; chat.
    "Hij slikt sinds kort iets tegen de zenuwen.",
    "Na de nierkatheterisatie blijft ze twee dagen thuis.",
    "Consultatie bij UZ Brussel op maandag.",
    "Torn hamstring during the company run.",
    "ze heeft een epi-aanval gehad bij de kassa",
    "Heeft een gebrooken pols.",
    # The same words with a person.
    "De directeur van het concern heeft kanker.",
    "De verkoop van zijn pijnstillers is niet ons probleem, hij slikt er te veel.",
    "Ze wacht in de hal van de polikliniek op de uitslag.",
    "Stichting Jansen belde: zij heeft diabetes.",
]

ORDINARY = [
    # A care organisation as a business relation.
    "Afdelingsoverleg met de jeugdzorg over de nieuwe locatie.",
    "Verhuisopdracht voor Pro Persona in het voorjaar.",
    "Vier schoonmakers gedetacheerd bij Rivierduinen.",
    "Stand op de opleidingsbeurs van het Erasmus MC.",
    "Offerte Dijklander Ziekenhuis voor de kantine verstuurd.",
    # A room next to a care place; a provider rescheduling her own hours.
    "De kantoorruimte naast de huisartsenpraktijk is verhuurd.",
    "Logopedist heeft haar spreekuur verschoven naar donderdag.",
    # Organisational pain, a company at the bank's intensive care, a plan.
    "De wonden van de fusie zijn nog niet geheeld bij inkoop.",
    "Leverancier zit bij de huisbank op de intensive care.",
    "Het bestuur gaat zwanger van een nieuwe strategie.",
    # Plants with a disease; a tradesperson's diagnosis; a title in quotes.
    "De rozen bij de entree hebben last van sterroetdauw.",
    "De elektricien stelt vandaag een diagnose van de groepenkast.",
    "Webinar 'Werken met reuma' voor leidinggevenden op 12 mei.",
    # Goods sold, delivered, offered to all.
    "Tankstation verkoopt voortaan ook paracetamol.",
    "Koeriers bezorgen de insuline bij de apotheken.",
    "Vitaminepakket wordt in december gegeven aan alle medewerkers.",
    # Counter-words of the new medical rules.
    "Hoofd inkoop is op cursus.",
    "Winkel bedreigd door de komst van een supermarkt.",
    "De omzet is aan het kwakkelen.",
    "Het systeem is geveld door een virus.",
    "Uitleg over volledige arbeidsongeschiktheid in de cao.",
    "Ziekmelding voor 10 uur bij de planner.",
    "ACL wijziging op de router.",
    # An organisation spoken of as if ill; goods in trade; parts of a care place; names.
    "De horeca in Zwolle heeft koorts, de personeelskrapte is groot.",
    "Het concern is herstellende na de overname.",
    "Verkoopprijzen van hoestdrank en neusspray gaan in maart omhoog.",
    "De rolluiken van de apotheek worden vervangen.",
    "Stichting Leven met Diabetes huurt onze vergaderzaal.",
]


test_medical_text_is_refused, test_ordinary_work_text_passes = probes(MEDICAL, ORDINARY)


def test_the_medical_reading_of_the_same_word_with_a_person_still_refuses():
    # Each pair: the work sense passes, the same word with a person is refused.
    assert not check_text("Cateringopdracht bij Arkin.").medical
    assert check_text("Hij is opgenomen bij Arkin.").medical
    assert not check_text("De pijn van de reorganisatie is voelbaar.").medical
    assert check_text("De pijn van zijn rug is voelbaar.").medical
    assert not check_text("Directie gaat zwanger van een fusie.").medical
    assert check_text("Ze gaat zwanger van een tweeling.").medical
    assert not check_text("De loodgieter stelt een diagnose.").medical
    assert check_text("De huisarts stelt een diagnose.").medical
    assert not check_text("Drogist verkoopt medicijnen.").medical
    assert check_text("Hij slikt zijn medicijnen niet.").medical
    assert not check_text("De printer ligt in de lappenmand.").medical
    assert check_text("Ze ligt in de lappenmand.").medical
