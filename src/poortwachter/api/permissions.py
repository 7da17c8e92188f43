"""Who may read the API's description (issue 18, finding 6).

Every endpoint is open to a two-factor session (``IsAuthenticated``) and decides in its
policies what the caller sees. Which roles get anything from it, by the access matrix
(docs/access-matrix.md, "/api/v1/" rows): the employee, manager and HR (sick reports,
timeline, text check, statistics), the employer administrator (accounts, employees),
the company doctor (sick reports and timelines of served employers) and the service
administrator (accounts, employers). The assistant works in the medical module only and
the privacy officer in the access log only: the API serves them nothing, so they do not
get its description either (403), nor does anyone without a two-factor session.
The decision is ``accounts.policies.can_read_api_description``.
"""

from rest_framework.permissions import BasePermission

from poortwachter.accounts.policies import can_read_api_description
from poortwachter.api.authentication import api_actor


class UsesTheApi(BasePermission):
    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return can_read_api_description(api_actor(request))
