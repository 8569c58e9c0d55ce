#!/usr/bin/env bash
# Installs the system packages the tests need (Chromium, CJK fonts, PostgreSQL 15 + PostGIS, GDAL)
# when they are missing. As root it uses apt-get; otherwise it names the exact command to run.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || missing+=(fonts-noto-cjk)
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)
[ -f /usr/share/postgresql/15/extension/postgis.control ] || missing+=(postgresql-15-postgis-3)
# GDAL writes the Shapefile/KML fixtures of the territory import tests, as bureaus' tools do; PROJ's
# cs2cs produced the committed projection control points (src/domain/chinaCoords/crs.test.ts).
command -v ogr2ogr >/dev/null 2>&1 || missing+=(gdal-bin)
command -v cs2cs >/dev/null 2>&1 || missing+=(proj-bin)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The Debian postgresql package starts a cluster of its own; the tests start their own
  # throw-away server and do not need it.
  exit 0
fi

echo "Missing system packages: ${missing[*]}" >&2
echo "Install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
exit 1
