from django.apps import AppConfig


class AbsencesConfig(AppConfig):
    name = "poortwachter.absences"
    label = "absences"
    verbose_name = "Verzuim"

    def ready(self) -> None:
        # Adds the absence-history step to the synthetic data generator.
        from poortwachter.absences import synthetic  # noqa: F401
