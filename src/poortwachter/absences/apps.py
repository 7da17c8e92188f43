from django.apps import AppConfig


class AbsencesConfig(AppConfig):
    name = "poortwachter.absences"
    label = "absences"
    verbose_name = "Verzuim"
