"""Format modules per language (settings.FORMAT_MODULE_PATH): English pages keep the
Vietnamese way of writing numbers and dates (docs/translation.md)."""
