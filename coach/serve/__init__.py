"""The classroom in a browser: ``coach serve`` runs the app for each browser tab with
textual-serve, behind a class code when it is reachable from other machines, and each tab
chooses its trainee profile, protected by a PIN (see ``pins``)."""
