"""WTForms for every form; the JSON API validates through the same classes."""
