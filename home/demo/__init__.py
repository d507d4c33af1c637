"""The demo site (`manage.py load_demo`): it seeds every app, so it lives above them all, in `home`."""
