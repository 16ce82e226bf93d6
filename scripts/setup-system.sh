#!/usr/bin/env bash
# What this machine must provide beyond Python packages, checked before anything else runs
# (make run, make test, .ci/run all start here).
#
#   scripts/setup-system.sh run   what `make run` needs: Python with venv; Pango, HarfBuzz
#                                 and fonts (Noto, Arabic and Dari, Chinese, emoji) for the
#                                 PDF report and the printed posters and paper sheets
#   scripts/setup-system.sh test  also Chromium (browser tests), Redis (shared rate limits)
#                                 and PostgreSQL (benches, CI's second run of the suite)
#
# Missing pieces are installed when running as root on a Debian-like system (one apt-get
# update first); otherwise the script stops at once and prints the exact command to run.
set -euo pipefail

purpose=${1:-test}
case "$purpose" in
  run | test) ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac
PYTHON=${PYTHON:-python3}
export PATH="$PATH:/usr/sbin:/sbin"

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "No $PYTHON: install Python 3.11 or newer (Debian: apt-get install python3 python3-venv)." >&2
  exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "$PYTHON is $("$PYTHON" -V 2>&1 | cut -d' ' -f2); Consult needs 3.11 or newer" \
    "(make PYTHON=python3.11 ...)." >&2
  exit 1
fi

missing=()
# grep reads from a process substitution: with pipefail, `fc-list | grep -q` fails whenever
# grep stops reading early.
library() { grep -q "$1" < <(ldconfig -p 2>/dev/null); }
font() { command -v fc-list >/dev/null 2>&1 && grep -qi "$1" < <(fc-list 2>/dev/null); }

check() {
  missing=()
  # The virtual environment: Debian ships venv's pip bootstrap apart from Python.
  "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
  # WeasyPrint (the steering committee's PDF) draws text with Pango and subsets fonts with
  # HarfBuzz; it finds them at import time, so every page that may render a PDF needs them.
  library libpangoft2-1.0.so.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
  library libharfbuzz-subset.so.0 || missing+=(libharfbuzz-subset0)
  command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)
  # Families read Arabic and Dari (Noto Sans Arabic has the Persian letters and digits) and
  # Chinese; the children's faces are emoji; the report, the posters and the paper sheets
  # embed whatever fonts are installed, and a missing script prints as empty boxes.
  font "Noto Sans Arabic" || missing+=(fonts-noto-core)
  font "Noto Sans CJK SC" || missing+=(fonts-noto-cjk)
  font "Noto Color Emoji" || missing+=(fonts-noto-color-emoji)
  if [ "$purpose" = test ]; then
    # The browser tests drive Debian's Chromium at this exact path.
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
    # The export test opens the XLSX file in LibreOffice, as a coordinator would.
    command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
  fi
  # Each package once, in the order found.
  if [ ${#missing[@]} -gt 0 ]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | awk '!seen[$0]++')
  fi
}

check
if [ ${#missing[@]} -eq 0 ]; then
  echo "System: everything 'make $purpose' needs is installed."
  exit 0
fi

echo "System: missing for 'make $purpose': ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Install the equivalents of these Debian packages, then run 'make $purpose' again." >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Install them (as root), then run 'make $purpose' again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "Installing with apt-get (as root): ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
check
if [ ${#missing[@]} -gt 0 ]; then
  echo "Still missing after apt-get install: ${missing[*]}" >&2
  exit 1
fi
echo "System: everything 'make $purpose' needs is installed."
