#!/usr/bin/env bash
# Deploys the current build to every host named in hosts.txt.
set -euo pipefail

. "$(dirname "$0")/lib.sh"

TARGET=${1:-staging}
RETRIES=3

deploy_host() {
  local host=$1 attempt=0
  while (( attempt < RETRIES )); do
    if ssh "$host" "deploy --target $TARGET"; then
      log info "deployed to $host"
      return 0
    fi
    attempt=$((attempt + 1))
    log debug "retry $attempt on $host"
  done
  die "giving up on $host"
}

trap cleanup EXIT

while read -r host; do
  add_host "$host"
done < hosts.txt

for host in "${HOSTS[@]}"; do
  deploy_host "$host" &
done
wait

export -f log
log info "deployed to ${#HOSTS[@]} hosts ($TARGET)"
