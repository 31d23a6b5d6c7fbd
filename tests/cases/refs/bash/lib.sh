#!/usr/bin/env bash
# Helpers shared by the deploy scripts.

LOG_LEVEL=${LOG_LEVEL:-info}
declare -a HOSTS=()

log() {
  local level=$1
  shift
  [[ $level == debug && $LOG_LEVEL != debug ]] && return 0
  printf '%s [%s] %s\n' "$(date +%H:%M:%S)" "$level" "$*" >&2
}

die() {
  log error "$@"
  exit 1
}

add_host() {
  local host=$1
  if [[ -z $host ]]; then
    die "add_host: empty host"
  fi
  HOSTS+=("$host")
  log debug "host $host added (${#HOSTS[@]} in all)"
}

cleanup() {
  log info "cleaning up ${TMPDIR:-/tmp}/deploy.$$"
  rm -rf "${TMPDIR:-/tmp}/deploy.$$"
}
