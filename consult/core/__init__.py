"""Shared pieces every domain uses: i18n, translatable content, security, database helpers."""
