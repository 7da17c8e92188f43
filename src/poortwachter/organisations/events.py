"""What the organisations services tell others, inside their own transaction (issue 20).

``employee_changed`` is sent when employees are added or their records or employments
change (one by one or by an import); the integrations app (above) listens and records a
webhook event for the employer in the same transaction. Only identifiers travel."""

from django.dispatch import Signal

#: ``employee_changed.send(sender=Employee, employer_id=..., employee_ids=[...])``
employee_changed = Signal()
