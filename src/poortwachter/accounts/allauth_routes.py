"""Which allauth views Poortwachter serves without a guard of its own, and why that is
safe (issue 18, finding 1). ``config/allauth_urls.py`` serves the routes; the list lives
here so that ``security.route_table`` (docs/security.md) can read it too.
"""

#: allauth views served without a project guard of their own, and why that is safe.
#: Every signed-in request also passes ``SecondFactorRequiredMiddleware`` and
#: ``SessionTimeoutMiddleware``.
HARMLESS = {
    "account_login": "the password step; it never signs in alone (the factor follows, "
    "AccountAdapter.pre_login refuses accounts without one)",
    "account_logout": "ends the session",
    "account_inactive": "a static page",
    "account_reauthenticate": "AccountAdapter.get_reauthentication_methods offers a factor "
    "holder only their factor, so allauth sends them on to it; only an activated "
    "account without a factor yet confirms by password",
    "account_change_password": "needs the current password and a two-factor session",
    "account_reset_password": "sends a link; the same answer for unknown addresses",
    "account_reset_password_done": "a static page",
    "account_reset_password_from_key": "sets a password from a mailed key; never signs in "
    "and never removes or skips the factor",
    "account_reset_password_from_key_done": "a static page",
    "mfa_index": "lists the holder's own factors",
    "mfa_authenticate": "the second-factor step of signing in",
    "mfa_reauthenticate": "a use of an existing factor (app or recovery code)",
    "mfa_reauthenticate_webauthn": "a use of an existing security key",
    "mfa_list_webauthn": "lists the holder's own keys",
    "mfa_edit_webauthn": "renames one of the holder's own keys (allauth looks it up by "
    "user); needs a recent re-authentication",
}
