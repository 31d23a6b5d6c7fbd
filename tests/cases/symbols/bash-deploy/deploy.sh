#!/usr/bin/env bash
# Deploys a release tarball to the app servers, one at a time.
set -euo pipefail
PATH+=":$HOME/.local/bin"

readonly APP=shop
RELEASE=${RELEASE:-$(git describe --tags --always)}
export DEPLOY_USER=deploy DEPLOY_GROUP=www
declare -A HOSTS=([web1]=10.0.0.11 [web2]=10.0.0.12)
declare -a FAILED
LOG_DIR=/var/log/$APP
SSH_OPTS="-o BatchMode=yes" DRY_RUN=0

if [[ -t 1 ]]; then
  COLOR=1
fi

# Prints a timestamped message on stderr.
log() {
  printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

die() { log "error: $*"; exit 1; }

function upload {
  local host=$1
  log "uploading $RELEASE to $host"
  scp $SSH_OPTS "dist/$APP-$RELEASE.tar.gz" "$DEPLOY_USER@$host:/tmp/"
}

function activate() {
  local host=$1
  # A helper only activate uses.
  restart_service() {
    ssh $SSH_OPTS "$DEPLOY_USER@$1" "sudo systemctl restart $APP"
  }
  ssh $SSH_OPTS "$DEPLOY_USER@$host" "ln -sfn /srv/$APP/$RELEASE /srv/$APP/current"
  restart_service "$host"
}

main() {
  for name in "${!HOSTS[@]}"; do
    if ! upload "${HOSTS[$name]}" || ! activate "${HOSTS[$name]}"; then
      FAILED+=("$name")
    fi
  done
  (( ${#FAILED[@]} == 0 )) || die "failed on: ${FAILED[*]}"
  log "deployed $RELEASE to ${#HOSTS[@]} hosts"
}

LOG_DIR=$LOG_DIR/deploy
main "$@"
