# Sourced by every node stand-in of the lab (installed as /etc/kubeha-lab/lib.sh).
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154 # used by the stand-ins; host.conf sets lab_dir
# shellcheck source=/dev/null
. /etc/kubeha-lab/host.conf
state_dir="$lab_dir/state"
# The Node objects of the cluster, one file per node (its roles), as the API servers keep them.
api_nodes="$lab_api/nodes"
# The bootstrap tokens the API servers know, one file per token id: "TOKEN EXPIRES DESCRIPTION".
api_tokens="$lab_api/tokens"

# lab_now: the lab's clock in seconds since the epoch: the machine's, plus the offset a test set
# in the lab's clock-offset file (two days later, say) to let tokens expire.
lab_now() {
    local offset=0
    [ -f "$lab_api/clock-offset" ] && offset=$(cat "$lab_api/clock-offset")
    echo $(($(date +%s) + offset))
}
standin=$(basename "$0")

# record ARGS: one line per call in the host's calls.log, which the tests read; then hold.
record() {
    local line="$standin${*:+ $*}"
    printf '%s\n' "$line" >> "$lab_dir/calls.log"
    hold "$line"
}

# hold LINE: a test stops a call at a known point this way: while the host's file "hold" holds
# a prefix of the call's line, the stand-in writes the line to "held" and waits for "hold" to
# go (at most 60 s).
hold() {
    local prefix end
    [ -f "$lab_dir/hold" ] || return 0
    prefix=$(cat "$lab_dir/hold")
    [[ "$1" == "$prefix"* ]] || return 0
    echo "$1" > "$lab_dir/held"
    end=$((SECONDS + 60))
    while [ -f "$lab_dir/hold" ]; do
        [ "$SECONDS" -lt "$end" ] || die "held for 60 s at: $1"
        sleep 0.05
    done
}

die() {
    echo "$standin (kubeha lab): $*" >&2
    exit 1
}

# yaml_value FILE KIND PATH: the value at the dotted PATH (e.g. discovery.bootstrapToken.token)
# in the document of kind KIND in a multi-document YAML file; list items count as their parent
# (the first scalar item, or the key of a mapping item). Enough for kubeadm's configurations.
yaml_value() {
    awk -v kind="$2" -v want="$3" -v all="${yaml_all:-}" '
        function indent(s) { match(s, /^ */); return RLENGTH }
        function path(   p, i) { p = keys[1]; for (i = 2; i <= n; i++) p = p "." keys[i]; return p }
        /^---/ { doc++; n = 0; next }
        /^[[:space:]]*(#|$)/ { next }
        { lines[doc] = lines[doc] "\n" $0 }
        /^kind:/ { k = $0; sub(/^kind:[ ]*/, "", k); kinds[doc] = k }
        END {
            for (d in lines) {
                if (kinds[d] != kind) continue
                split(lines[d], ls, "\n"); n = 0
                for (j = 1; j in ls; j++) {
                    line = ls[j]; if (line == "") continue
                    ind = indent(line); body = substr(line, ind + 1)
                    item = 0
                    if (body ~ /^- /) { body = substr(body, 3); ind += 2; item = 1 }
                    if (body !~ /^[A-Za-z0-9_.-]+:( |$)/) {
                        while (n > 0 && ind <= inds[n]) n--
                        if (item && path() == want) { gsub(/^"|"$/, "", body); print body; if (!all) exit }
                        continue
                    }
                    key = body; sub(/:.*/, "", key); val = body; sub(/^[^:]*:[ ]*/, "", val)
                    while (n > 0 && ind <= inds[n]) n--
                    n++; keys[n] = key; inds[n] = ind
                    if (path() == want && val != "") { gsub(/^"|"$/, "", val); print val; if (!all) exit }
                }
            }
        }' "$1"
}

# yaml_values FILE KIND PATH: every value at PATH (the items of a list), one a line.
yaml_values() {
    yaml_all=1 yaml_value "$@"
}

# yaml_kinds FILE: "apiVersion kind" of every document, one a line.
yaml_kinds() {
    awk '/^---/ { if (a != "" || k != "") print a, k; a = ""; k = ""; next }
         /^apiVersion:/ { a = $2 } /^kind:/ { k = $2 }
         END { if (a != "" || k != "") print a, k }' "$1"
}
