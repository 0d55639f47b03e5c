"""Test data made straight in the tables, shared by the packages' fixtures."""
