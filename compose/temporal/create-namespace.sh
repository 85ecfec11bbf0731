#!/bin/sh
# One-shot job for docker-compose.yml (service temporal-namespace, image temporalio/admin-tools):
# once the server answers, registers the namespace the worker uses and the custom search
# attributes its runs carry (docs/production-stack.md#search-attributes). Safe to run again.
set -eu

address="${TEMPORAL_ADDRESS}"
namespace="${TEMPORAL_NAMESPACE:-default}"

tries=0
until temporal operator cluster health --address "$address" >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "The Temporal server at $address did not become healthy in 5 minutes" >&2
    exit 1
  fi
  sleep 5
done

if temporal operator namespace describe --address "$address" --namespace "$namespace" >/dev/null 2>&1; then
  echo "Namespace $namespace exists"
else
  temporal operator namespace create --address "$address" --namespace "$namespace" \
    --retention "${NAMESPACE_RETENTION:-30d}"
fi

temporal operator search-attribute create --address "$address" --namespace "$namespace" \
  --name LightsailProcedure --type Keyword \
  --name LightsailRegions --type KeywordList \
  --name LightsailResources --type KeywordList \
  --name LightsailTrigger --type Keyword
echo "Namespace $namespace is ready"
