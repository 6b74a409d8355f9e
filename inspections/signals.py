"""What the inspections app announces, for apps above it to act on without being imported here."""

from django.dispatch import Signal

# Sent inside the transaction that concludes a visit: `visit`, `actor`.
visit_concluded = Signal()
