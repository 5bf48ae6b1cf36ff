#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump, custom format) and the uploaded files
# (MEDIA_ROOT and PRIVATE_MEDIA_ROOT, each a .tar.gz) into DEST/<date>-<time>/ with SHA256SUMS.
#
#   DATABASE_URL=postgres://… MEDIA_ROOT=… PRIVATE_MEDIA_ROOT=… scripts/backup.sh [DEST]   (DEST: ./backups)
#   docker compose exec portal scripts/backup.sh /backups                                  (in the image)
#
# The database is dumped first, then the files: every file the dump refers to is in the archive
# (a file uploaded in between is only an extra). A backup holds personal data (feedback and its
# attachments, applicants of dossiers): it is written readable by its owner only; keep copies
# off the server and encrypted. Restore with scripts/restore.sh.
set -euo pipefail
umask 077

die() { echo "backup: $*" >&2; exit 1; }
: "${DATABASE_URL:?backup: DATABASE_URL is required}"
case "$DATABASE_URL" in postgres://* | postgresql://*) ;; *) die "DATABASE_URL must be a PostgreSQL URL" ;; esac
here="$(cd "$(dirname "$0")/.." && pwd)"
media="${MEDIA_ROOT:-$here/media}"
private="${PRIVATE_MEDIA_ROOT:-$here/private}"
dest="${1:-${BACKUP_DIR:-./backups}}"

name="$(date +%Y-%m-%d_%H%M%S)"
folder="$dest/$name"
[ -e "$folder" ] && die "$folder exists already"
mkdir -p "$folder.partial"
trap 'rm -rf "$folder.partial"' EXIT

pg_dump --format=custom --compress=6 --file="$folder.partial/database.dump" --dbname="$DATABASE_URL"
for part in media private; do
  root="$media"; [ "$part" = private ] && root="$private"
  mkdir -p "$root"
  tar --create --gzip --file="$folder.partial/$part.tar.gz" --directory="$root" .
done
(cd "$folder.partial" && sha256sum database.dump media.tar.gz private.tar.gz > SHA256SUMS)
mv "$folder.partial" "$folder"   # a folder without ".partial" is a complete backup
trap - EXIT
echo "backup: $folder ($(du -sh "$folder" | cut -f1))"
