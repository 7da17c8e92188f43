from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "poortwachter.statistics"
    label = "statistics"
    verbose_name = "Verzuimstatistiek"

    def ready(self) -> None:
        # "Configurable upward only" (R-REP-1, R-SICK-5): refuse to start below 5.
        from poortwachter.statistics.suppression import min_group

        min_group()
