"""What every app's views and templates share: the current staff user and the capability guard
(`request.py`), the one way a posted form becomes an action and a response (`forms.py`), and the template
library every page loads (`templatetags/huanjie.py`). Apps import this, never `office`, which keeps only its
own pages (home, structure, accounts, audit) and their template helpers."""
