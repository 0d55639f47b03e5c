"""Tags: static ones set by hand or API, and rule tags computed from a rule tree."""
