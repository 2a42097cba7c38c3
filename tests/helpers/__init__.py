"""Helpers the tests import: the app and its pages, a served app, browsers, hostile text, test data."""
