"""What every app's views share: the current staff user and the capability guard (`request.py`), and the
one way a posted form becomes an action and a response (`forms.py`). Apps import this, never `office`,
which keeps only its own pages (home, structure, accounts, audit)."""
