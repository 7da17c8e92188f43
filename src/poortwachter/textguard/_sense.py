"""Word sense of the ambiguous medical words, read from the words around them (issue 17).

operatie, diagnose and virus, and the names of care places (kliniek, apotheek, a
hospital's name, a ward's specialty), are health data in "zijn operatie", "de diagnose is
gesteld", "heeft een virus opgelopen", "ligt in het Isala", and work in "de operatie om de
hal leeg te maken", "de diagnose van het netwerkprobleem", "het virus kwam binnen via een
phishingmail", "servers in het datacenter van het Isala". The context rules of
``allow.txt`` describe fixed frames; this module weighs the words of the sentence:

1. a health cue (a possessive just before the word, a body word, words of being ill,
   treated or recovering: ``HEALTH``) keeps the match;
2. otherwise a work cue takes it back: a work noun of its clause (``WORK_NOUNS``, also
   as the last part of a compound: "netwerkprobleem", "phishingmail"), a work verb or
   frame of the word's own kind ("de operatie start, loopt"), "Operatie X" as a name,
   "om ... te";
3. with neither, the match stays (in a sick report the health sense is the likelier one:
   "Operatie gepland, drie weken afwezig").

Only matches whose whole term is one of these words are looked at; "knieoperatie",
"rugklachten" and a care provider met as a patient ("naar de apotheek voor medicijnen")
are decided by the lexicon alone.
"""

import re
from collections.abc import Callable
from functools import lru_cache

from ._fuzzy import misspelling_targets


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string, a space between."""
    return frozenset(text.split())


_OPERATIE = re.compile(r"^(?:([a-z]+)-?)?operaties?$")
_DIAGNOSE = re.compile(r"^diagnoses?$")
_KLACHT = re.compile(r"^klacht(en)?$")
# A virus, an infection: also a compound whose first part is a work word
# ("ransomware-virus"), checked in kind().
_VIRUS = re.compile(r"^(?:([a-z]+)-?)?(?:virus(?:sen)?|infecties?|besmetting(?:en)?)$")
_PLACE = re.compile(
    r"^(kliniek(en)?|apotheek|apotheken|huisartsen|huisartsenposten|huisartsenpost|poli|polikliniek|cardiologie|neurologie|oncologie|orthopedie"
    r"|urologie|dermatologie|geriatrie|radiologie|psychiatrie|kindergeneeskunde|chirurgie"
    # a practice of any kind ("de fysiotherapiepraktijk huurt de ruimte"); a care sector
    # as a topic of policy or a customer ("de beleidsnota over de ggz")
    r"|[a-z]*praktijk(en)?|ggz|ggz-instellingen?|jeugdzorg|verslavingszorg|thuiszorg)$"
)
# Round 4 (issue 17): words of a treatment or an injury that also name a thing done to
# material, a machine or goods: "de injectie van de vorm in de spuitgietmachine", "de
# hechting van de lijm op het hout", "breuk in de waterleiding", "het fruit was gekneusd",
# "de pillen voor de vaatwasser", "de naald van de naaimachine". Read like operatie: a
# health cue keeps them, a work noun or a material of their clause takes them back.
_THING = re.compile(
    r"^(injecties?|hechting(en)?|breuk(en)?|scheur(en)?|naald(en)?|spuit(en)?|gekneusde?"
    r"|kneuzing(en)?|infuus|infusen|pillen|pil|tabletten|tablet|dosis|doses)$"
)

_SENTENCE_END = re.compile(r"[.!?;\n]")
_TOKEN = re.compile(r"[a-z][a-z'-]*")

POSSESSIVES = _words("zijn haar z'n zn m'n mijn d'r hun his her my")

# Words of being ill, treated, recovering, resting, or of the body.
HEALTH = _words("""
    ziek ziekte zieke ziekmelding ziekgemeld herstel herstellen herstelt hersteld herstelde
    herstellende revalidatie revalideren revalideert geopereerd opereren ingreep narcose
    verdoving hechtingen pijn pijnlijk klachten thuis bed bedrust rust tillen afwezig
    ondergaan ondergaat onderging onderzoek onderzoeken
    uitslag uitslagen arts dokter specialist huisarts ziekenhuis opgenomen opname ligt lag
    behandeld behandeling dagbehandeling afspraak afspraken doorverwezen verwezen intake
    therapie gesprekken controle consult opgelopen besmet koorts griep verkouden moe
    misselijk overgeven ic seh spoed patient patiente geboren zwanger gevallen ongeluk
    knie heup rug schouder been arm hand voet enkel pols nek hart long longen oog ogen
    hoofd buik borst maag darm darmen nier nieren lever blaas galblaas prostaat hersenen
    tumor kanker wacht wachten wachtte goed gegaan gaat
    """)

# Health cues of one kind of word only: a diagnosis is "gesteld", "gekregen".
HEALTH_OF = {
    "diagnose": _words("gesteld stellen gekregen kreeg krijgt bekend"),
    "klacht": _words("last heeft hebben had kampt afgenomen toegenomen erger minder nog"),
}

# Words of the complaint process ("de klacht is afgehandeld, besproken, terecht").
COMPLAINT_WORK = _words("""
    afgehandeld afhandelen besproken bespreken ingediend indienen doorgestuurd doorgezet
    beantwoord beantwoorden terecht gegrond ongegrond rechtgezet geregistreerd behandeld
    behandeling behandelen behandelt afhandeling klachtbehandeling
    klantenservice klant klanten bewoners familie familielid bezoekers burgers huurders
    leverancier leveranciers levering bestelling zending vervoerder bezorger sollicitant
    procedure
    """)

# Work nouns; also the last part of a compound ("netwerkprobleem", "koelcellen"). Not the
# words of the absence note itself (collega, team, rooster, planning, taken): "na de
# operatie neemt een collega de planning over" is about the operation.
WORK_NOUNS = _words(
    """
    fabriek vestiging distributiecentrum magazijn haven terminal locatie organisatie
    bedrijf onderneming project gemeente winkel filiaal hal lijn productielijn site
    kantoor centrale depot hub keten markt regio vloot webshop klantenservice helpdesk
    servicedesk callcenter verhuizing migratie ombouw reorganisatie uitrol overname fusie
    campagne actie piek feestdagen inkoop verkoop export import productie logistiek bouw
    sloop renovatie nieuwbouw verbouwing opening uitverkoop kassa dossiers dossier archief
    schijf accu batterij scherm toetsenbord kabel voeding storing machine machines pomp
    motor installatie netwerk systeem systemen server servers probleem fout foutmelding
    lekkage heftruck printer database applicatie app software code bug defect proces
    processen compressor koeling robot ketel verbinding wifi router laptop laptops
    computer computers website besturing werkstation mailbox mail bijlage link telefoon
    account bestand bestanden vpn cloud datacenter phishing malware ransomware hack ict
    vacature receptionist receptie
    audit contract levering bestelling zending route koppeling leverancier klant klanten
    budget begroting nota tekort rapport rapportage analyse knelpunt subsidie aanvraag
    vergunning cellen gebouw vloer pand airco tekort tekorten digitaliseren werkplek
    werkplekken
    rit ritten vracht bezorging koerier chauffeur raad wethouder beleid kosten
    aanbesteding telefonie vaatwasser lakstraat naaimachine trojan lab laboratorium
    refactor refactoring hotfix release deploy sprint
    offerte offertes inkoper inkopers headset headsets vloeren teamleider facilitair
    pentest pallet pallets lamp lampen muur brug tunnel sluis dak gevel riolering
    alarm verlichting parkeerplaats parkeerterrein schoonmaak onderhoud doos dozen
    spreadsheet excel handschoenen
    reactor bioreactor batch tank tanks tuinplanten kamerplanten gewas gewassen oogst kas
    kassen
    """
)
# Materials and goods: the clause of a _THING word that names one is about the thing.
MATERIALS = _words("""
    lijm verf coating laag lak primer kit tape folie hout staal beton glas metaal
    kunststof plastic vorm mal leiding leidingen waterleiding kabel kabels buis buizen
    fruit appels peren groente tomaten aardappelen bananen eieren vaatwas
    kapitaal geld investering investeringen
    """)
_WORK = WORK_NOUNS
_WORK_SUFFIXES = tuple(sorted((w for w in _WORK if len(w) >= 4), key=len, reverse=True))

# First parts that make an operation surgery though the lexicon has no use for them alone.
MEDICAL_PREFIXES = _words(
    "kijk inkijk bypass her breuk lies geslachts spoed dotter lasik laser ooglid neus "
    "borst buik rug spataderen staar"
)

# Work verbs that make a bare "operatie" a project ("de operatie start, loopt, duurt").
OPERATION_VERBS = _words("""
    start startte gestart loopt liep draait draaide duurt duurde kost kostte verliep
    afgebouwd afgerond opgeschaald geleid leidt coordineert volgens
    """)

# A shift at a care place is work there ("dienst in het Isala is geruild"): only for
# places, since "na de operatie neemt een collega zijn dienst over" is about the operation.
PLACE_WORK = _words("""
    dienst diensten dagdienst avonddienst nachtdienst nachtdiensten weekenddienst
    ingeroosterd roosters vacature vacatures sollicitatie
    bestelt besteld bestellen bestelde betaalt betaald betalen koopt kocht huurt huurde
    factureert gefactureerd
    """)

# Health cues of a place only: staying there.
HEALTH_OF["place"] = _words("zit zat verblijft verblijf verbleef kuur weken")

# Strong technical words that make a virus a computer virus even with a word of
# recovery in the sentence ("het virus heeft drie servers geraakt, herstel duurt tot
# vanavond"); a possessive or a body word still keeps it.
VIRUS_TECH = _words("""
    server servers laptop laptops computer computers pc pc's netwerk mailbox systeem
    systemen bestanden ransomware malware ict helpdesk servicedesk firewall back-up backup
    """)

# The care worker at work (third round, issue 17): an employee whose job is care gives
# treatment and medication to clients, patients, residents, in a shift. "De
# verpleegkundige heeft de medicatieronde gedaan" is her work, not her health. Decided:
# such a sentence is work (the care is given, not received). A sign of the employee's own
# health keeps the match: a possessive before the word, a word of being ill or treated
# (PERSONAL), "heeft/krijgt/doet" just before it ("heeft fysio"), someone going to the
# care provider ("bij de neuroloog"), a pronoun as its object ("diëtist begeleidt haar");
# so do all categories other than treatment, medication and care provider.
# Strong signs: the people cared for and the shifts of care work.
CARE_STRONG = _words("""
    bewoners bewoner clienten client patienten katten honden dieren verpleeghuizen
    koeien varkens kippen paarden schapen vee
    recepten dagdienst avonddienst nachtdienst nachtdiensten weekenddienst medicatieronde
    ok-rooster scholing intakes
    """)
# Weak signs: verbs of doing the care work; they count with a care role beside them.
CARE_VERBS = _words("""
    assisteert assisteren begeleidt begeleiden uitdelen deelt opereert opereren regelt
    regelen neemt werkt werken geeft geven verzorgt verzorgen leidt leiden
    maakt maken controleert controleren prikt prikken bezoekt bezoeken plant plannen
    zet zetten draait draaien doet doen
    """)
# Shifts: signs of care work when a care role stands in the sentence ("verloskundige Anne
# heeft dit weekend dienst"; round 4).
CARE_SHIFTS = _words("dienst diensten ploeg ploegen spreekuur spreekuren")
# A care service named after an illness or a treatment ("de diabeteszorg in wijk Oost",
# "het dialyseteam", "bij de trombosedienst", "de griepprikken"): read as care work too.
_SERVICE = re.compile(
    r"(zorg|team|teams|dienst|poli|spreekuur|prik|prikken|ronde|groep|groepen|foto|foto's"
    r"|scans?|testen|afnames?|vaccinaties?)$"
)
_CARE_ROLE = re.compile(
    r"(kundigen?|verzorgenden?|assistent(e|en)?|ondersteuner|therapeut(en)?|"
    r"loog|logen|hygienist(e)?|dierenarts|evv'er|verpleger|zuster|laborant(e|en)?|apotheker(s)?"
    r"|medewerker(s)?|poh|poh-ggz)$"
)
PERSONAL = _words("""
    zelf ziek ziekgemeld thuis afwezig gehad ondergaat ondergaan onderging krijgt kreeg
    gekregen slikt slikken slikte moet moest ligt lag herstelt hersteld herstellende last
    pijn opgenomen uitgevallen verzuim geopereerd wacht wachten afspraak afspraken
    naar hem hen gebruikt gebruiken voelt revalideert
    """)
_JUST_BEFORE = _words("heeft had heb hebben krijgt kreeg doet deed volgt volgde start begint")
_TO = _words("bij naar met van door via langs")
_SUBJECT = re.compile(r"\s+([a-z]+)")
CARE_CATEGORIES = frozenset({"treatment", "medication", "care_provider"})


@lru_cache(maxsize=4096)
def _care_signals(words: str) -> tuple[int, int, int, int]:
    """Signs of care work in a run of words: (strong, verbs, roles, shifts)."""
    tokens = _TOKEN.findall(words)
    return (
        sum(token in CARE_STRONG for token in tokens),
        sum(token in CARE_VERBS for token in tokens),
        sum(_CARE_ROLE.search(token) is not None for token in tokens),
        sum(token in CARE_SHIFTS for token in tokens),
    )


@lru_cache(maxsize=4096)
def _service_or_role(term: str) -> tuple[bool, bool]:
    """Whether a term names a care service, and whether a care role (cached per term:
    the same words come back in every check; issue 17, speed)."""
    return _SERVICE.search(term) is not None, _CARE_ROLE.search(term) is not None


# A first and last name after a role (round 7): "Fysiotherapeut Joost Verweij geeft ...".
_NAMES_AFTER = re.compile(
    r"(?:[ \t]+(?:(?:van|de|der|den|ter|ten)[ \t]+)*(?-i:[A-Z])[a-z'-]+){1,3}"
)
# A patient's room: "legt het infuus aan bij mevrouw in kamer 4" (round 7).
_ROOM = re.compile(r"(?:in|op|van) kamer \d")


def _after_name(cased: str | None, end: int) -> int:
    if cased is None:
        return end
    names = _NAMES_AFTER.match(cased, end)
    return names.end() if names else end


def care_work(folded: str, start: int, end: int, category: str, cased: str | None = None) -> bool:
    """Whether a treatment, medicine or care provider is the work of a care employee."""
    term = folded[start:end]
    service, care_role = _service_or_role(term)
    if category not in CARE_CATEGORIES and not service and not care_role:
        return False
    low, high = _sentence(folded, start, end)
    # The signs of the sentence without the word itself (cached per sentence: dense
    # medical text has many matches, and most sentences have no sign at all).
    strong, verbs, roles, shifts = _care_signals(folded[low:high])
    own = _care_signals(folded[start:end])
    strong, verbs, roles = strong - own[0], verbs - own[1], roles - own[2]
    if _ROOM.search(folded, low, high):
        strong += 1
    before = _TOKEN.findall(folded[low:start])
    # A shift is a strong sign when a care role works it: another one in the sentence, or
    # the word itself as the subject ("Verloskundige Anne heeft dit weekend dienst", "onze
    # POH-GGZ heeft spreekuur"; round 4).
    visited = len(before) >= 2 and before[-2] in _TO and before[-1] in ("de", "het", "een")
    if shifts - own[3] and not visited and (roles or (own[2] and len(before) <= 1)):
        strong += shifts - own[3]
    if not strong and not verbs and not roles:
        return False
    after = _TOKEN.findall(folded[end:high])
    own_words = POSSESSIVES - {"hun"}  # "hun" is the clients': "geeft de bewoners hun medicijnen"
    if before and (before[-1] in own_words or (len(before) >= 2 and before[-2] in own_words)):
        return False
    # "heeft fysio", "doet fysio"; but a care role with the people cared for "doet de
    # griepvaccinaties bij de bewoners" (round 4).
    doing = _JUST_BEFORE - {"doet", "doen", "deed"} if roles and strong else _JUST_BEFORE
    if any(token in doing for token in before[-3:]):
        return False
    if len(after) == 2 and after[1] in ("haar", "hem"):  # "Diëtist begeleidt haar"
        return False
    # "bezoekt de cliënten thuis": at the clients' home, not the employee's.
    after = [
        t for i, t in enumerate(after) if not (t == "thuis" and i and after[i - 1] in CARE_STRONG)
    ]
    if any(token in PERSONAL for token in before) or any(token in PERSONAL for token in after):
        return False
    if roles and before[-2:] == ["op", "de"]:
        return True  # "anesthesiemedewerker Koen staat woensdag op de OK"
    role = roles > 0
    if (category == "care_provider" or service) and not (before and before[-1] in _TO):
        # The care provider itself is the worker when it is the subject of a care verb
        # ("de mondhygiëniste werkt") or the place of work ("op de poli").
        # Round 7: a name between ("Fysiotherapeut Joost Verweij geeft een tiltraining").
        subject = _SUBJECT.match(folded, _after_name(cased, end))
        if (subject and subject.group(1) in CARE_VERBS) or before[-2:] == ["op", "de"]:
            role = True
        if len(before) >= 2 and before[-2] in _TO and before[-1] in ("de", "het", "een"):
            # visited as a patient, unless another care role works there ("laborante Inge
            # prikt bloed bij de trombosedienst")
            role = False if before[-2:] != ["op", "de"] and not roles else role
    return 2 * strong + (verbs > 0 and role) + role >= 2


# After a medical word (third round of issue 17): up to three more words of the subject,
# then where merchandise lies ("zelftests voor corona liggen bij de kassa") or that it is a
# customer ("de GGZ-instelling is een nieuwe klant"). Matched at the end of a candidate
# only, so it costs nothing where there is none.
_MERCHANDISE = re.compile(
    r"(?:\s+[a-z][\w'-]*){0,3}?\s+(?:ligt|liggen|staat|staan|lag|lagen)\s+"
    r"(?:(?:nu|weer|voortaan|vooraan|achterin)\s+){0,2}(?:bij|in|op|naast)\s+(?:de|het)\s+"
    r"(?:kassa|schap|schappen|magazijn|rek|stelling|winkel|etalage|balie|toonbank|actiefolder"
    r"|folder|webshop|website|catalogus|assortiment|aanbieding)(?![\w'-])"
    # a place between ("de GGZ-instelling in Utrecht wordt een nieuwe opdrachtgever")
    r"|(?:\s+(?:in|uit|te)\s+[a-z][\w'-]*)?"
    r"\s+(?:is|wordt|werd|blijft|was)\s+(?:(?:een|onze|de)\s+)?(?:(?:nieuwe|grote|vaste"
    r"|trouwe|belangrijkste|grootste)\s+)?(?:klant|afnemer|opdrachtgever|huurder|leverancier"
    r"|partner)(?![\w'-])"
)


# Before a medical word: made or sold as a product ("wij maken protheses voor een klant").
_PRODUCT = re.compile(
    r"(?:maken|maakt|maakten|produceren|produceert|produceerden|leveren|levert|leverden"
    r"|verkopen|verkoopt|verkochten|assembleren|ontwerpen|ontwerpt|printen|print) $"
)
_PRODUCT_AFTER = re.compile(r"(?:\s+(?:en|of)\s+[a-z][\w'-]*)?\s+(?:voor|aan|naar|in|uit|per|op)\s")


# After a care provider or place as the subject: a business verb ("de fysiotherapeut huurt
# een ruimte bij ons", "de apotheek verlengt het huurcontract"; round 4).
_CUSTOMER_VERB = re.compile(
    r"\s+(?:huurt|huurde|bestelt|bestelde|betaalt|betaalde|koopt|kocht|factureert|verlengt"
    r"|verlengde|opent|opende|verhuist|verhuisde)\s+(?!(?:hem|haar|zich|zijn|me|mij)(?![\w'-]))[\w'-]"
)
_OWN_BEFORE = re.compile(r"(?:zijn|haar|z'n|d'r|m'n|mijn|hun)\s+$")


def merchandise_or_customer(folded: str, start: int, end: int) -> bool:
    """Whether the words around a match say it is a product, stock in a shop or a
    customer."""
    if _MERCHANDISE.match(folded, end) is not None:
        return True
    if (
        _CUSTOMER_VERB.match(folded, end) is not None
        and _OWN_BEFORE.search(folded, max(0, start - 8), start) is None
    ):
        return True
    return (
        _PRODUCT.search(folded, max(0, start - 14), start) is not None
        and _PRODUCT_AFTER.match(folded, end) is not None
    )


# Doctors: "de diagnose van de arts" is a person's diagnosis.
_DOCTOR = re.compile(r"(arts|dokter|specialist|loog|logen|ist|iater|chirurg|therapeut)$")


def _sentence(folded: str, start: int, end: int) -> tuple[int, int]:
    # The last sentence end before ``start`` (str.rfind runs in C; a loop over the
    # characters cost a visible share of a check of dense medical text).
    # Issue 17, speed (5 December): looked for in the 256 characters before the match
    # first (a mark that does not occur made each rfind run over the whole text before
    # it); the last mark there is the last one before the match.
    near = start - 256 if start > 256 else 0
    low = max(folded.rfind(mark, near, start) for mark in ".!?;\n")
    if low < 0 and near:
        low = max(folded.rfind(mark, 0, near) for mark in ".!?;\n")
    low += 1
    match = _SENTENCE_END.search(folded, end)
    return low, match.start() if match else len(folded)


@lru_cache(maxsize=4096)
def _is_work_word(token: str) -> bool:
    if token.endswith("'s"):  # kassa's
        token = token[:-2]
    return token in _WORK or token.endswith(_WORK_SUFFIXES)


def _care_word(term: str) -> bool:
    """Whether a term is a Dutch word for a care provider or place (not a name)."""
    return term in misspelling_targets() or term.endswith(_CARE_ENDINGS)


_CARE_ENDINGS = ("arts", "artsen", "fysio", "therapeut", "loog", "logen", "ist", "isten", "post")


def _health(tokens: list[str], before: list[str], what: str) -> bool:
    if before and before[-1] in POSSESSIVES:
        return True
    if len(before) >= 2 and before[-2] in POSSESSIVES:
        return True
    if what == "virus" and any(token in VIRUS_TECH for token in tokens):
        tokens = [token for token in tokens if token not in _RECOVERY]
    if what == "thing" and any(token in MATERIALS or _is_work_word(token) for token in tokens):
        tokens = [token for token in tokens if token not in _RECOVERY]
    # Round 4: cues that have a work sense by their neighbours. "gaat" is recovery only
    # in "het gaat goed/beter/slecht" ("de nota gaat naar de raad" is not); "ligt bij"
    # is whose desk it is on; "opgenomen in de rapportage" is included in a document;
    # "behandeld" beside an application or objection is its handling; an appointment
    # with the planner or buyer of a place is a business meeting.
    administrative = any(token.endswith(_ADMIN) for token in tokens)
    tokens = [token for i, token in enumerate(tokens) if not _neutral(tokens, i, administrative)]
    extra = HEALTH_OF.get(what, frozenset())
    if what == "klacht":  # "de behandeling van de klacht" is the complaint process
        tokens = [token for token in tokens if token not in COMPLAINT_WORK]
    # "de operatie ligt stil" is a standstill, not lying in bed.
    if "stil" in tokens:
        tokens = [
            token
            for i, token in enumerate(tokens)
            if not (token in ("ligt", "lag") and tokens[i + 1 : i + 2] == ["stil"])
        ]
    return any(token in HEALTH or token in extra for token in tokens)


_ADMIN = (
    "aanvraag",
    "aanvragen",
    "verzoek",
    "verzoeken",
    "bezwaar",
    "bezwaarschrift",
    "dossier",
    "offerte",
    "factuur",
    "facturen",
    "melding",
    "vergunning",
    "rapportage",
    "rapport",
    "plan",
    "begroting",
    "notulen",
    "agenda",
    "klachten",
    "contract",
)
_TREATED = _words("behandeld behandeling behandelen behandelt")
_BUSINESS_ROLE = re.compile(
    r"(inkoper|inkopers|planner|planners|manager|managers|leider|coordinator|adviseur|directeur"
    r"|directie|medewerker|beheerder|monteur|accountmanager|verkoper|inkoop|facilitair)$"
)
# Complaints named by what they are about ("kwaliteitsklacht", "leveringsklachten").
_COMPLAINT_OF = re.compile(
    r"^(kwaliteit|service|levering|product|prijs|factuur|geluid|overlast|parkeer|bezorg|"
    r"schoonmaak|dienstverlenings?|klantens?|burgers?|huurders?)s?-?klacht(en)?$"
)
# Capitalised words right after a care place's name are the rest of the name.
_NAME_RUN = re.compile(r"(?:[ \t]+(?-i:[A-Z])[\w'-]*)+")

_GOES = _words("gaat")
_LIES = _words("ligt lag")
_ADMITTED = _words("opgenomen opname")
_APPOINTMENT = _words("afspraak afspraken")
_HOW_IT_GOES = (["goed"], ["beter"], ["slecht"], ["niet"])


def _neutral(tokens: list[str], i: int, administrative: bool) -> bool:
    """Whether the health cue ``tokens[i]`` is used in a work sense by its neighbours."""
    token, following = tokens[i], tokens[i + 1 : i + 2]
    if token in _GOES:
        return following not in _HOW_IT_GOES
    if token in _LIES:
        return following == ["bij"]
    if token in _ADMITTED:
        later = tokens[i + 2 : i + 4]
        return following == ["in"] and any(_is_work_word(t) or t.endswith(_ADMIN) for t in later)
    if token in _TREATED:
        return administrative
    if token in _APPOINTMENT:
        later = tokens[i + 2 : i + 4]
        return following == ["met"] and any(_BUSINESS_ROLE.search(t) for t in later)
    return False


# "de diagnose van de <noun>" (round 8).
_OF_THING = re.compile(r"\s+van\s+(?:de|het)\s+([a-z'-]+(?:\s+[a-z'-]+)?)")

_RECOVERY = _words("herstel herstellen herstelt hersteld herstelde gaat goed gegaan wacht wachten")


@lru_cache(maxsize=4096)  # a function of its arguments alone (issue 17, speed)
def kind(term: str, category: str, name: bool) -> str | None:
    """Which ambiguous word ``term`` (folded) is, or None. A care provider written as a
    name (capitalised, not at the start of a sentence) is a hospital or institution ("het
    Isala"), unless it is a Dutch word for a care provider ("de Fysiotherapeut")."""
    if _KLACHT.match(term) or _COMPLAINT_OF.match(term):
        return "klacht"
    if category == "care_provider" and name and not _care_word(term):
        return "place"
    if _DIAGNOSE.match(term):
        return "diagnose"
    if (virus := _VIRUS.match(term)) and (virus.group(1) is None or _is_work_word(virus.group(1))):
        return "virus"
    if _THING.match(term):
        return "thing"
    if _PLACE.match(term):
        return "place"
    if _OPERATIE.match(term):
        return "operatie"
    return None


def work_sense(
    folded: str, cased: str, start: int, end: int, what: str, medical: Callable[[str], bool]
) -> bool:
    """Whether the ambiguous word at ``folded[start:end]`` is used in its work sense.

    ``medical(word)``: whether the lexicon finds a word medical on its own (the first part
    of a compound: "knie" in "knieoperatie" is, "migratie" is not)."""
    if what == "operatie":
        prefix = _OPERATIE.match(folded[start:end])
        first = prefix.group(1) if prefix else None
        if first and (
            first in MEDICAL_PREFIXES or medical(first) or medical(f"zijn {first}")
        ):  # knieoperatie, hartoperatie ("zijn hart"), kijkoperatie
            return False
    low, high = _sentence(folded, start, end)
    before = _TOKEN.findall(folded[low:start])
    after_name = end
    if what == "place" and (tail := _NAME_RUN.match(cased, end)):
        after_name = tail.end()  # "bij het Antonius Ziekenhuis": the name's own words
    after = _TOKEN.findall(folded[after_name:high])
    # Round 7: a virus or an infection named by a work word is one of computers
    # ("ransomware-infectie voorkomen dankzij de back-up"), unless it is someone's.
    if (
        what == "virus"
        and (virus := _VIRUS.match(folded[start:end])) is not None
        and virus.group(1)
        and not (before and before[-1] in POSSESSIVES)
    ):
        return True
    # Round 8: "de diagnose van de versnellingsbak gesteld": a thing named right after
    # it makes "gesteld" a technician's word; a body word or a person keeps it (HEALTH).
    if what == "diagnose" and not (before and before[-1] in POSSESSIVES):
        follow = _OF_THING.match(folded, end, high)
        named = follow.group(1).split() if follow else ["ziek"]
        if not any(word in HEALTH or _DOCTOR.search(word) for word in named):
            what = "diagnose-of-thing"
    if _health(before + after, before, what):
        return False
    if what == "diagnose-of-thing":
        return True
    if what == "klacht":
        return any(token in COMPLAINT_WORK for token in before + after)
    if what == "place" and any(token in PLACE_WORK for token in before + after):
        return True
    # Work nouns count in the word's own clause only: "Operatie volgende week, de
    # servicedesk neemt zijn tickets over" is about the operation.
    clause_low = max(folded.rfind(",", low, start), low)
    clause_high = folded.find(",", end, high)
    clause_high = high if clause_high < 0 else clause_high
    near = _TOKEN.findall(folded[clause_low:start]) + _TOKEN.findall(folded[end:clause_high])
    if any(_is_work_word(token) for token in near):
        return True
    if what == "thing" and any(token in MATERIALS for token in near):
        return True
    if what == "place" and any(_BUSINESS_ROLE.search(token) for token in near):
        return True  # "de transportplanner van het UMCG"
    if before[-2:] in (["na", "de"], ["sinds", "de"], ["voor", "de"], ["na", "een"]):
        return False  # "na de operatie", with no work noun in the sentence
    if what == "operatie":
        if re.match(r"\s+[A-Z][a-z]", cased[end:]):  # Operatie Schoon Schip
            return True
        if re.match(r"\s+om\s.*\ste\s", folded[end:high] + " "):
            return True
        return any(token in OPERATION_VERBS for token in after)
    if what == "diagnose":
        follow = re.match(r"\s+van\s+(?:de|het|een)\s+(?:[a-z'-]+\s+)?([a-z'-]+)", folded[end:high])
        return bool(follow and not _DOCTOR.search(follow.group(1)))
    return False
