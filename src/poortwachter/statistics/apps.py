from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "poortwachter.statistics"
    label = "statistics"
    verbose_name = "Verzuimstatistiek"

    def ready(self) -> None:
        # "Configurable upward only" (R-REP-1, R-SICK-5): refuse to start below 5.
        from poortwachter.statistics.suppression import min_group

        min_group()

        # New employees, employments ended, imports: the cached reports go (issue 21).
        from poortwachter.core.aggregates import figures_changed
        from poortwachter.organisations.events import employee_changed

        def on_employee_changed(sender, employer_id: int, **kwargs) -> None:
            figures_changed(employer_id)

        employee_changed.connect(on_employee_changed, weak=False, dispatch_uid="statistics-cache")
