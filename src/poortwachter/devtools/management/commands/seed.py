import time

from django.core.management.base import BaseCommand, CommandError

from poortwachter.devtools.synthetic import generate


class Command(BaseCommand):
    help = (
        "Generate synthetic (dummy) employers, departments, employees and employments. "
        "Deterministic for a seed; every row is marked synthetic. Development and tests use "
        "only such data, never personal data from a live system (R-DEV-1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--employers", type=int, default=3)
        parser.add_argument("--employees", type=int, default=150)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, employers, employees, years, seed, **options):
        if employers < 1 or employees < employers:
            raise CommandError("Give at least one employer and one employee per employer.")
        if years < 1:
            raise CommandError("--years must be at least 1.")
        started = time.perf_counter()
        state = generate(seed=seed, employers=employers, employees=employees, years=years)
        seconds = time.perf_counter() - started
        counts = ", ".join(f"{n} {name}" for name, n in state.counts.items())
        self.stdout.write(f"Generated {counts} in {seconds:.1f} s (seed {seed}).")
