#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh: the database into DATABASE_URL (pg_restore --clean
# --if-exists: what the backup holds replaces what is there) and the files into MEDIA_ROOT and
# PRIVATE_MEDIA_ROOT (extracted over them; files uploaded after the backup stay, unreferenced).
#
#   DATABASE_URL=postgres://… MEDIA_ROOT=… PRIVATE_MEDIA_ROOT=… scripts/restore.sh --yes backups/2026-11-25_210000
#
# Stop the portal (or at least its writers) first. The target database must exist (an empty one
# made with createdb, or the live one); objects are owned by DATABASE_URL's role. After a restore
# into a new place run `python manage.py migrate` if the code is newer than the backup.
set -euo pipefail

die() { echo "restore: $*" >&2; exit 1; }
yes=0
if [ "${1:-}" = "--yes" ]; then yes=1; shift; fi
[ $# -eq 1 ] || die "usage: restore.sh [--yes] BACKUP_FOLDER"
folder="$1"
: "${DATABASE_URL:?restore: DATABASE_URL is required}"
case "$DATABASE_URL" in postgres://* | postgresql://*) ;; *) die "DATABASE_URL must be a PostgreSQL URL" ;; esac
here="$(cd "$(dirname "$0")/.." && pwd)"
media="${MEDIA_ROOT:-$here/media}"
private="${PRIVATE_MEDIA_ROOT:-$here/private}"

[ -f "$folder/SHA256SUMS" ] || die "$folder is not a complete backup (no SHA256SUMS)"
(cd "$folder" && sha256sum --check --quiet SHA256SUMS) || die "$folder is damaged: checksums differ"
target="$(printf '%s' "$DATABASE_URL" | sed -E 's#://[^@/]*@#://#; s#\?.*##')"
if [ "$yes" != 1 ]; then
  [ -t 0 ] || die "replace $target and the files in $media and $private? Add --yes to confirm."
  read -r -p "Replace the database $target and the files in $media and $private? [y/N] " answer
  case "$answer" in y | Y | yes | co | có) ;; *) die "cancelled" ;; esac
fi

pg_restore --clean --if-exists --no-owner --no-acl --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$folder/database.dump"
for part in media private; do
  root="$media"; [ "$part" = private ] && root="$private"
  mkdir -p "$root"
  tar --extract --gzip --file="$folder/$part.tar.gz" --directory="$root"
done
echo "restore: $folder -> $target, $media, $private"
