#!/usr/bin/env bash
# deploy.sh: build and deploy a release to a list of hosts.
set -euo pipefail

readonly VERSION="${1:?usage: deploy.sh VERSION [HOST...]}"
shift
HOSTS=("$@")
[[ ${#HOSTS[@]} -eq 0 ]] && HOSTS=(web1 web2)
declare -A STATUS=()
LOG_DIR=${LOG_DIR:-/tmp/deploy-$$}

log() {
    printf '%s [%s] %s\n' "$(date +%H:%M:%S)" "$1" "${*:2}" >&2
}

build() {
    local out="dist/app-${VERSION}.tar.gz"
    if [[ -f "$out" ]]; then
        log info "reusing $out"
    else
        make -C src release VERSION="$VERSION" && tar czf "$out" -C build .
    fi
    echo "$out"
}

deploy_one() {
    local host=$1 artifact=$2
    scp -q "$artifact" "deploy@${host}:/srv/releases/" || return 1
    ssh "deploy@${host}" <<REMOTE
cd /srv/releases && tar xzf "$(basename "$artifact")"
ln -sfn "app-${VERSION}" current
REMOTE
}

mkdir -p "$LOG_DIR"
artifact=$(build)
for host in "${HOSTS[@]}"; do
    if deploy_one "$host" "$artifact" >"$LOG_DIR/$host.log" 2>&1; then
        STATUS[$host]=ok
    else
        STATUS[$host]=failed
    fi
done

failed=0
for host in "${!STATUS[@]}"; do
    case "${STATUS[$host]}" in
        ok) log info "$host: deployed $VERSION" ;;
        *) log error "$host: see $LOG_DIR/$host.log"; failed=$((failed + 1)) ;;
    esac
done
echo -e "summary:\t$((${#HOSTS[@]} - failed)) ok, $failed failed"
exit $(( failed > 0 ? 1 : 0 ))
