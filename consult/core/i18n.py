"""Choosing the request's language, and falling back to French per string."""

from babel import support
from flask import current_app, g, has_request_context, request, session, url_for
from flask_babel import Babel, Domain, get_locale
from werkzeug.datastructures import LanguageAccept
from werkzeug.routing import BuildError

from consult.config import BACK_OFFICE_LANGUAGES, DEFAULT_LANGUAGE
from consult.core.languages import (
    ACCEPT_LANGUAGE_ALIASES,
    html_lang,
    native_name,
    text_direction,
)

SESSION_KEY = "lang"
# Blueprints whose pages are written for staff: French and English only.
BACK_OFFICE_BLUEPRINTS = frozenset(
    {
        "diagnostic",
        "accounts",
        "team",
        "audit",
        "territory_audit",
        "consultation",
        "review",
        "outreach",
        "territories",
        "governance",
        "followup",
        "crossing",
    }
)


class FrenchFallbackDomain(Domain):
    """Any string missing from a catalogue is shown in French, never blank nor in English.

    English needs no catalogue: message ids are English.
    """

    def get_translations(self):
        locale = str(get_locale())
        cache_key = ("fallback", locale)
        if cache_key in self.cache:
            return self.cache[cache_key]
        translations = super().get_translations()
        if locale not in (DEFAULT_LANGUAGE, "en"):
            for directory in self.translation_directories:
                french = support.Translations.load(directory, [DEFAULT_LANGUAGE], self.domain[0])
                translations.add_fallback(french)
        self.cache[cache_key] = translations
        return translations


class ConsultBabel(Babel):
    @property
    def domain_instance(self):
        if not hasattr(self, "_fallback_domain"):
            self._fallback_domain = FrenchFallbackDomain(domain=self.domain)
        return self._fallback_domain


def languages_for_request() -> tuple[str, ...]:
    if request.blueprint in BACK_OFFICE_BLUEPRINTS:
        return BACK_OFFICE_LANGUAGES
    # A consultation offers the languages it enabled.
    return g.get("enabled_languages") or tuple(current_app.config["UI_LANGUAGES"])


def select_locale() -> str:
    """``lang`` parameter, then the session, then the browser's preference, then French."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    enabled = languages_for_request()
    asked = request.args.get("lang")
    if asked in current_app.config["UI_LANGUAGES"]:
        session[SESSION_KEY] = asked
    chosen = session.get(SESSION_KEY)
    if chosen in enabled:
        return chosen
    return _browser_preferences().best_match(enabled) or DEFAULT_LANGUAGE


def _browser_preferences() -> LanguageAccept:
    """Accept-Language, with the codes Babel does not know ("prs") put as the app's own, in
    their place in the phone's order."""
    return LanguageAccept(
        [
            (ACCEPT_LANGUAGE_ALIASES.get(tag.lower().replace("_", "-").split("-")[0], tag), quality)
            for tag, quality in request.accept_languages
        ]
    )


def current_language() -> str:
    return str(get_locale() or DEFAULT_LANGUAGE)


def url_for_language(code: str) -> str:
    """This page in another language, keeping its query (but not a one-time notice). A page
    may name another endpoint for it: the QR code's page counts a scan per opening."""
    endpoint = g.get("language_endpoint") or request.endpoint
    if endpoint:
        query = {key: value for key, value in request.args.items() if key != "notice"}
        arguments = {**query, **(request.view_args or {}), "lang": code}
        try:
            return url_for(endpoint, **arguments)
        except BuildError:
            pass
    return f"?lang={code}"


def template_globals() -> dict:
    return {
        "url_for_language": url_for_language,
        "current_language": current_language,
        "text_direction": text_direction,
        "html_lang": html_lang,
        "native_name": native_name,
        "languages_for_request": languages_for_request,
    }
