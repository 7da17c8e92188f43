"""Dutch labels for the codes the access log stores, for the people who read it: the
employee ("who viewed my data") and the privacy officer. The log itself keeps codes."""

from django.utils.translation import gettext_lazy as _

#: NEN 7513 PurposeOfUse: why the data was processed.
PURPOSE_LABELS = {
    "own_data": _("eigen gegevens"),
    "own_data_export": _("eigen gegevens downloaden"),
    "own_access_log": _("eigen inzageoverzicht"),
    "absence_management": _("verzuimbegeleiding"),
    "team_overview": _("teamoverzicht"),
    "team_absence": _("verzuim in het team"),
    "hr_overview": _("personeelsoverzicht"),
    "employee_page": _("pagina van de werknemer"),
    "absence_statistics": _("verzuimstatistiek"),
    "cause_statistics": _("oorzakenstatistiek"),
    "absence_case_timeline": _("tijdlijn van het verzuim"),
    "advice_to_employer": _("advies aan de werkgever"),
    "employee_copy": _("afschrift voor de werknemer"),
    "security_report": _("beveiligingsrapport"),
    "hr_absence_overview": _("verzuimoverzicht"),
    "sick_report_form": _("ziekmelding doen"),
    "leave_administration": _("verlofadministratie"),
    "consent_emergency_info": _("noodinformatie met toestemming"),
    "consent_withdrawn": _("toestemming ingetrokken"),
    "caseload": _("werkvoorraad bedrijfsarts"),
    "occupational_health": _("bedrijfsgezondheidszorg"),
    "account_management": _("accountbeheer"),
    "access_log_review": _("controle van het toegangslog"),
    "api_sick_report_list": _("ziekmeldingen via de koppeling"),
    "api_employee_list": _("werknemers via de koppeling"),
    "api_advice_list": _("adviezen van de bedrijfsarts via de koppeling"),
    "legal_hold": _("juridische blokkade"),
    "retention_status": _("bewaartermijnen"),
    "retention": _("verwijderen na de bewaartermijn"),
    "system": _("automatische verwerking"),
    "reintegration": _("re-integratie (Wet verbetering poortwachter)"),
    "reintegration_report": _("re-integratieverslag"),
    "reintegration_tasks": _("takenoverzicht re-integratie"),
    "uwv_notification": _("melding aan UWV"),
}

#: What kind of record an event was about.
TARGET_LABELS = {
    "organisations.employee": _("persoonsgegevens"),
    "organisations.employment": _("dienstverband"),
    "absences.sickreport": _("ziekmelding"),
    "absences.absencecase": _("verzuimgeval"),
    "absences.partialrecovery": _("gedeeltelijk herstel"),
    "absences.leaveperiod": _("verlof"),
    "absences.emergencyinfo": _("noodinformatie"),
    "absences.servicequeueitem": _("melding bij de arbodienst"),
    "absences.publishedadvice": _("advies van de bedrijfsarts"),
    "accounts.user": _("account"),
    "accounts.roleassignment": _("rol"),
    "retention.legalhold": _("juridische blokkade"),
    "reintegration.planversion": _("plan van aanpak"),
    "reintegration.evaluation": _("evaluatie"),
    "reintegration.uwvnotification": _("melding aan UWV"),
    "reintegration.thirdpartyreport": _("rapport van een derde"),
    "reintegration.task": _("taak re-integratie"),
}


def purpose_label(code: str) -> str:
    return str(PURPOSE_LABELS.get(code, code))


def target_label(target_type: str, shown_in_list: bool) -> str:
    if target_type in TARGET_LABELS:
        return str(TARGET_LABELS[target_type])
    return str(_("overzicht") if shown_in_list else _("gegevens"))
