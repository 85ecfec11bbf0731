#!/bin/sh
# One-shot schema job for docker-compose.yml (service temporal-schema, image temporalio/admin-tools):
# creates Temporal's two PostgreSQL databases on first start and brings both schemas up to the
# version this admin-tools image ships, which is the version of the server image beside it.
# Run at every `docker compose up`, so a new image tag migrates the schema before the server starts.
set -eu

sql() {
  # The password comes from SQL_PASSWORD in the environment, never the command line.
  temporal-sql-tool --plugin postgres12 --ep "${POSTGRES_SEEDS}" -p "${DB_PORT}" -u "${POSTGRES_USER}" "$@"
}

schema_dir=/etc/temporal/schema/postgresql/v12

for db in temporal temporal_visibility; do
  case "$db" in
    temporal) versions="$schema_dir/temporal/versioned" ;;
    *) versions="$schema_dir/visibility/versioned" ;;
  esac
  # The base schema only on a database made just now: setting it up again would reset the version.
  if out=$(sql --db "$db" create 2>&1); then
    echo "Created database $db"
    sql --db "$db" setup-schema -v 0.0
  elif printf '%s' "$out" | grep -q 'already exists'; then
    echo "Database $db exists"
  else
    printf '%s\n' "$out" >&2
    exit 1
  fi
  # Applies only the versions above the database's own: a no-op when it is current.
  sql --db "$db" update-schema -d "$versions"
done
echo 'Temporal schemas are current'
