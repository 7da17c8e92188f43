"""What the accounts app tells the apps above it, without importing them (the layers
contract puts notifications above accounts). The receivers only pass the news on: the
rules are in ``accounts.services``, which sends these inside its transaction."""

from django.dispatch import Signal

#: A medical role was requested: ``role_request`` and ``recipients`` (the user ids of
#: those who may decide it).
role_request_filed = Signal()
#: A request was approved or refused: ``role_request``; its requester hears of it.
role_request_decided = Signal()
