"""Members as marketers read them: the searchable list and the profile."""
