package dev.kubeha.bundle;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.KubehaVersion;
import dev.kubeha.model.Node;
import dev.kubeha.plan.Check;
import dev.kubeha.plan.Shell;
import dev.kubeha.plan.Step;
import dev.kubeha.plan.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code nodes/<node>/install.sh}: the node's tasks of the plan, in the plan's order, as a bash
 * script an air-gapped site runs by hand. One round of {@link Rounds} per run; a task that is
 * done (a marker with the task's digest, or its "already done?" probe) is skipped, so running it
 * again is safe. It refuses to run on another host and supports {@code --dry-run}.
 */
final class InstallScript {
    /** Where the script keeps its done-markers on the node. */
    static final String STATE_DIR = "/var/lib/kubeha/bundle-state";

    /**
     * Which plan the script runs. A reset removes /var/lib/kubeha, so its markers live beside it
     * and go once every task of the node is done: nothing of kubeha is left on the node. A node
     * removal resets the removed nodes the same way, so its markers do likewise, on every node.
     */
    enum Kind {
        INSTALL("install.sh", "install", "apply", STATE_DIR, false),
        RESET("reset.sh", "reset", "reset", "/var/lib/kubeha-reset", true),
        REMOVE_NODE("remove-node.sh", "node removal", "remove-node", "/var/lib/kubeha-remove-node", true);

        final String fileName;
        final String what;
        /** The kubeha command that runs the same plan over SSH. */
        final String command;
        final String stateDir;
        final boolean forgetMarkersWhenDone;

        Kind(String fileName, String what, String command, String stateDir, boolean forgetMarkersWhenDone) {
            this.fileName = fileName;
            this.what = what;
            this.command = command;
            this.stateDir = stateDir;
            this.forgetMarkersWhenDone = forgetMarkersWhenDone;
        }
    }

    private final Cluster cluster;
    private final Node node;
    private final Rounds rounds;
    private final Kind kind;
    private final StringBuilder out = new StringBuilder();

    private InstallScript(Cluster cluster, Node node, Rounds rounds, Kind kind) {
        this.cluster = cluster;
        this.node = node;
        this.rounds = rounds;
        this.kind = kind;
    }

    static String render(Cluster cluster, Node node, Rounds rounds) {
        return render(cluster, node, rounds, Kind.INSTALL);
    }

    static String render(Cluster cluster, Node node, Rounds rounds, Kind kind) {
        return new InstallScript(cluster, node, rounds, kind).render();
    }

    private String render() {
        List<Task> tasks = rounds.tasksOf(node.name());
        header();
        for (int t = 0; t < tasks.size(); t++) {
            task(t + 1, tasks.get(t));
        }
        table(tasks);
        out.append("main \"$@\"\n");
        return out.toString();
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    private void header() {
        line("#!/usr/bin/env bash");
        line("# kubeha " + kind.what + " script for node " + node.name() + " of cluster " + cluster.name()
                + " (kubeha " + KubehaVersion.get() + ").");
        line("# Run it as root on " + node.name() + ", in the rounds RUNBOOK.md gives:");
        line("#   sudo ./" + kind.fileName + "             the next round of this node");
        line("#   sudo ./" + kind.fileName + " --round N   round N (the rounds before it must be done)");
        line("#   ./" + kind.fileName + " --dry-run        what it would do, changing nothing");
        line("#   ./" + kind.fileName + " --list           every task of this node, its round and whether it is done");
        line("# Generated from the same plan that `kubeha " + kind.command + "` runs over SSH: do not edit.");
        line("set -euo pipefail");
        line("");
        line("readonly NODE=" + Shell.quote(node.name()));
        line("readonly NODE_ADDRESS=" + Shell.quote(node.privateAddress()));
        line("HERE=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"");
        line("readonly HERE");
        line("readonly ROOT=\"$HERE/root\"");
        line("readonly STATE_DIR=" + Shell.quote(kind.stateDir));
        line("# Packages and the etcd tarball brought along for air-gapped sites (export --include-packages).");
        line("if [ -z \"${KUBEHA_PACKAGES_DIR:-}\" ] && [ -d \"$HERE/../../packages\" ]; then");
        line("  KUBEHA_PACKAGES_DIR=\"$(cd \"$HERE/../../packages\" && pwd)\"");
        line("  export KUBEHA_PACKAGES_DIR");
        line("fi");
        line("# Container images brought along for air-gapped sites (export --images).");
        line("if [ -z \"${KUBEHA_IMAGES_DIR:-}\" ] && [ -d \"$HERE/../../images\" ]; then");
        line("  KUBEHA_IMAGES_DIR=\"$(cd \"$HERE/../../images\" && pwd)\"");
        line("  export KUBEHA_IMAGES_DIR");
        line("fi");
        line("CURRENT=");
        line("trap 'printf \"[%s] error: %s failed (line %s); fix the cause and run " + kind.fileName + " again: done tasks are skipped\\\\n\" \"$NODE\" \"${CURRENT:-" + kind.fileName + "}\" \"$LINENO\" >&2' ERR");
        line("DRY_RUN=0");
        line("ROUND=");
        line("LIST=0");
        line("");
        line("say() { printf '[%s] %s\\n' \"$NODE\" \"$*\"; }");
        line("die() { printf '[%s] error: %s\\n' \"$NODE\" \"$*\" >&2; exit 1; }");
        line("");
        line("usage() {");
        line("  echo \"usage: $0 [--dry-run] [--round N] [--list]\"");
        line("}");
        line("");
        line("# The host check: this node's address on one of its interfaces, or its name as host name.");
        line("on_this_node() {");
        line("  [ \"$(hostname -s 2>/dev/null || hostname)\" = \"$NODE\" ] && return 0");
        line("  ip -o addr show 2>/dev/null | awk '{print $4}' | cut -d/ -f1 | grep -qxF \"$NODE_ADDRESS\"");
        line("}");
        line("");
        line("marker() { printf '%s/%s' \"$STATE_DIR\" \"${1//\\//__}\"; }");
        line("is_done() { [ -f \"$(marker \"$1\")\" ] && [ \"$(cat \"$(marker \"$1\")\")\" = \"$2\" ]; }");
        line("mark_done() {");
        line("  [ \"$DRY_RUN\" = 1 ] && return 0");
        line("  install -d -m 0700 \"$STATE_DIR\"");
        line("  printf '%s\\n' \"$2\" > \"$(marker \"$1\")\"");
        line("}");
        line("");
        line("# put_file PATH MODE USER GROUP: the bundle's root$PATH to PATH, atomically, with its mode.");
        line("put_file() {");
        line("  local src=\"$ROOT$1\" dir tmp");
        line("  if [ \"$DRY_RUN\" = 1 ]; then say \"  would write $1 ($2 $3:$4)\"; return 0; fi");
        line("  [ -f \"$src\" ] || die \"$src is missing from the bundle: copy the whole nodes/$NODE directory\"");
        line("  dir=\"$(dirname \"$1\")\"");
        line("  install -d -m 0755 \"$dir\"");
        line("  tmp=\"$(mktemp \"$dir/.kubeha.XXXXXX\")\"");
        line("  install -m \"$2\" -o \"$3\" -g \"$4\" \"$src\" \"$tmp\"");
        line("  mv -f \"$tmp\" \"$1\"");
        line("}");
        line("");
        line("# run_step DESCRIPTION FUNCTION");
        line("run_step() {");
        line("  say \"  $1\"");
        line("  [ \"$DRY_RUN\" = 1 ] && return 0");
        line("  \"$2\"");
        line("}");
        line("");
        line("# wait_for SECONDS INTERVAL DESCRIPTION CHECK-FUNCTION");
        line("wait_for() {");
        line("  say \"  wait up to $1 s for: $3\"");
        line("  [ \"$DRY_RUN\" = 1 ] && return 0");
        line("  local deadline=$((SECONDS + $1))");
        line("  until \"$4\" >/dev/null 2>&1; do");
        line("    [ \"$SECONDS\" -ge \"$deadline\" ] && die \"gave up after $1 s waiting for: $3\"");
        line("    sleep \"$2\"");
        line("  done");
        line("}");
        line("");
    }

    private void task(int index, Task task) {
        String prefix = "t" + index;
        List<Step> steps = task.steps();
        List<ShellStep> shell = new ArrayList<>();
        for (int s = 0; s < steps.size(); s++) {
            shell.add(steps.get(s).accept(new ShellSteps(prefix, s + 1)));
        }
        for (ShellStep step : shell) {
            if (step.function() != null) {
                function(step.function(), step.body());
            }
        }
        Check probe = task.probe();
        if (probe != null) {
            function(prefix + "_probe", probe.command().line());
        }
        line("# " + task.id() + ": " + oneLine(task.title()));
        line(prefix + "() {");
        for (ShellStep step : shell) {
            line(step.call());
        }
        if (steps.isEmpty()) {
            line("  :");
        }
        line("}");
        line("");
    }

    /** A step in the script: its line in the task's function and, for a command, the function that runs it. */
    private record ShellStep(String function, String body, String call) {
        static ShellStep call(String call) {
            return new ShellStep(null, null, call);
        }
    }

    /** Step number {@code number} of the task whose functions start with {@code prefix}. */
    private record ShellSteps(String prefix, int number) implements Step.Visitor<ShellStep> {
        @Override
        public ShellStep upload(Step.UploadFile up) {
            return ShellStep.call("  put_file " + Shell.quote(up.path()) + " " + up.octalMode() + " "
                    + Shell.quote(up.user()) + " " + Shell.quote(up.group()));
        }

        @Override
        public ShellStep run(Step.RunCommand run) {
            String fn = prefix + "_step" + number;
            return new ShellStep(fn, run.command().line(), "  run_step " + Shell.quote(oneLine(run.describe())) + " " + fn);
        }

        @Override
        public ShellStep waitFor(Step.WaitFor wait) {
            String fn = prefix + "_check" + number;
            return new ShellStep(fn, wait.check().command().line(), "  wait_for " + wait.timeout().toSeconds() + " "
                    + Math.max(1, wait.interval().toSeconds()) + " " + Shell.quote(oneLine(wait.check().command().line()))
                    + " " + fn);
        }

        @Override
        public ShellStep fetch(Step.FetchFile fetch) {
            return ShellStep.call("  say " + Shell.quote("  copy " + fetch.path() + " to your workstation as "
                    + fetch.workspaceName() + " (mode " + String.format("%04o", fetch.mode())
                    + (fetch.secret() ? "; it is a secret" : "") + ")"));
        }
    }

    private void function(String name, String body) {
        line(name + "() {");
        line("  " + body);
        line("}");
    }

    private void table(List<Task> tasks) {
        StringBuilder ids = new StringBuilder("readonly TASK_IDS=(");
        StringBuilder titles = new StringBuilder("readonly TASK_TITLES=(");
        StringBuilder taskRounds = new StringBuilder("readonly TASK_ROUNDS=(");
        StringBuilder digests = new StringBuilder("readonly TASK_DIGESTS=(");
        StringBuilder probes = new StringBuilder("readonly TASK_PROBES=(");
        for (int t = 0; t < tasks.size(); t++) {
            Task task = tasks.get(t);
            String sep = t == 0 ? "" : " ";
            ids.append(sep).append(Shell.quote(task.id()));
            titles.append(sep).append(Shell.quote(oneLine(task.title())));
            taskRounds.append(sep).append(rounds.roundOf(task.id()));
            digests.append(sep).append(task.digest());
            probes.append(sep).append(task.probe() != null ? "t" + (t + 1) + "_probe" : "-");
        }
        for (StringBuilder sb : List.of(ids, titles, taskRounds, digests, probes)) {
            line(sb.append(")").toString());
        }
        line("readonly LAST_ROUND=" + rounds.count());
        line("");
        line("run_task() {");
        line("  local i=$1 id=${TASK_IDS[$1]} digest=${TASK_DIGESTS[$1]} probe=${TASK_PROBES[$1]}");
        line("  if is_done \"$id\" \"$digest\"; then say \"done already: $id\"; return 0; fi");
        line("  if [ \"$probe\" != - ] && [ \"$DRY_RUN\" = 0 ] && \"$probe\" >/dev/null 2>&1; then");
        line("    say \"done already (checked on the node): $id\"; mark_done \"$id\" \"$digest\"; return 0");
        line("  fi");
        line("  say \"$id: ${TASK_TITLES[$i]}\"");
        line("  CURRENT=$id");
        line("  \"t$((i + 1))\"");
        line("  mark_done \"$id\" \"$digest\"");
        line("}");
        line("");
        line("round_done() {");
        line("  local i");
        line("  for i in \"${!TASK_IDS[@]}\"; do");
        line("    [ \"${TASK_ROUNDS[$i]}\" = \"$1\" ] || continue");
        line("    is_done \"${TASK_IDS[$i]}\" \"${TASK_DIGESTS[$i]}\" || return 1");
        line("  done");
        line("}");
        line("");
        line("task_done() {");
        line("  local i");
        line("  for i in \"${!TASK_IDS[@]}\"; do");
        line("    [ \"${TASK_IDS[$i]}\" = \"$1\" ] && { is_done \"$1\" \"${TASK_DIGESTS[$i]}\"; return; }");
        line("  done");
        line("  return 1");
        line("}");
        line("");
        line("# The distribution as the bundle's packages name it: debian-12, ubuntu-24.04, rhel-9.");
        line("distro_label() {");
        line("  local id version");
        line("  id=$(. /etc/os-release && echo \"${ID:-}\")");
        line("  version=$(. /etc/os-release && echo \"${VERSION_ID:-}\")");
        line("  case \"$id\" in");
        line("    rhel|rocky|almalinux|centos) echo \"rhel-${version%%.*}\" ;;");
        line("    *) echo \"$id-$version\" ;;");
        line("  esac");
        line("}");
        line("");
        line("# What this node needs from the bundle, checked before anything changes (kubeha bundle verify");
        line("# checks the whole bundle the same way on the workstation).");
        line("bundle_check() {");
        line("  local missing=() sha file ref want have m");
        line("  if [ -f \"$ROOT" + dev.kubeha.plan.NodePaths.IMAGES_LIST + "\" ] && ! task_done \"$NODE/images\"; then");
        line("    while read -r sha file ref; do");
        line("      case \"$sha\" in ''|'#'*) continue ;; esac");
        line("      [ -f \"${KUBEHA_IMAGES_DIR:-$ROOT/nonexistent}/$file\" ] || missing+=(\"image $ref (images/$file)\")");
        line("    done < \"$ROOT" + dev.kubeha.plan.NodePaths.IMAGES_LIST + "\"");
        line("  fi");
        line("  if [ -n \"${KUBEHA_PACKAGES_DIR:-}\" ] && [ -f \"$KUBEHA_PACKAGES_DIR/packages.json\" ] && [ -f /etc/os-release ]; then");
        line("    want=$(sed -n 's/^ *\"\\(distro\\|distribution\\)\" *: *\"\\([^\"]*\\)\".*/\\2/p' \"$KUBEHA_PACKAGES_DIR/packages.json\" | head -n 1)");
        line("    have=$(distro_label)");
        line("    [ -z \"$want\" ] || [ \"$want\" = \"$have\" ] || missing+=(\"packages for $have (the bundle's are for $want)\")");
        line("  fi");
        line("  [ ${#missing[@]} -eq 0 ] && return 0");
        line("  for m in \"${missing[@]}\"; do say \"missing from the bundle: $m\"; done");
        line("  [ \"$DRY_RUN\" = 1 ] && { say \"(dry run) " + kind.fileName + " would stop here and change nothing\"; return 0; }");
        line("  die \"the bundle lacks ${#missing[@]} things $NODE needs; nothing was changed: copy the whole bundle, or export it with kubeha export --air-gapped\"");
        line("}");
        line("");
        line("main() {");
        line("  while [ $# -gt 0 ]; do");
        line("    case \"$1\" in");
        line("      --dry-run) DRY_RUN=1 ;;");
        line("      --list) LIST=1 ;;");
        line("      --round)");
        line("        [ $# -ge 2 ] || { usage >&2; exit 2; }");
        line("        case \"$2\" in ''|*[!0-9]*) echo \"" + kind.fileName + ": --round takes a number, not '$2'\" >&2; exit 2 ;; esac");
        line("        ROUND=$2; shift ;;");
        line("      -h|--help) usage; exit 0 ;;");
        line("      *) echo \"" + kind.fileName + ": unknown argument '$1'\" >&2; usage >&2; exit 2 ;;");
        line("    esac");
        line("    shift");
        line("  done");
        line("  local i r");
        line("  if [ \"$LIST\" = 1 ]; then");
        line("    for i in \"${!TASK_IDS[@]}\"; do");
        line("      if is_done \"${TASK_IDS[$i]}\" \"${TASK_DIGESTS[$i]}\"; then r='done'; else r=to-do; fi");
        line("      printf 'round %s  %-6s %s: %s\\n' \"${TASK_ROUNDS[$i]}\" \"$r\" \"${TASK_IDS[$i]}\" \"${TASK_TITLES[$i]}\"");
        line("    done");
        line("    return 0");
        line("  fi");
        line("  if [ \"$DRY_RUN\" = 0 ]; then");
        line("    [ \"$(id -u)\" -eq 0 ] || die \"run it as root: sudo $0\"");
        line("    on_this_node || die \"this host is not $NODE (its host name is $(hostname), and no interface has $NODE_ADDRESS):"
                + " run nodes/$NODE/" + kind.fileName + " on $NODE\"");
        line("  elif ! on_this_node; then");
        line("    say \"note: this host is not $NODE; showing what would run there\"");
        line("  fi");
        line("  bundle_check");
        line("  if [ -z \"$ROUND\" ]; then");
        line("    for ((r = 1; r <= LAST_ROUND; r++)); do round_done \"$r\" || { ROUND=$r; break; }; done");
        line("    if [ -z \"$ROUND\" ]; then say \"every task of $NODE is done\"; return 0; fi");
        line("  fi");
        line("  for ((r = 1; r < ROUND; r++)); do");
        line("    round_done \"$r\" || [ \"$DRY_RUN\" = 1 ] || die \"round $r is not done on $NODE: run ./" + kind.fileName + " --round $r first\"");
        line("  done");
        line("  if [ \"$DRY_RUN\" = 1 ]; then say \"round $ROUND of $LAST_ROUND (dry run: nothing changes)\"; else say \"round $ROUND of $LAST_ROUND\"; fi");
        line("  local ran=0");
        line("  for i in \"${!TASK_IDS[@]}\"; do");
        line("    [ \"${TASK_ROUNDS[$i]}\" = \"$ROUND\" ] || continue");
        line("    run_task \"$i\"; ran=1");
        line("  done");
        line("  [ \"$ran\" = 1 ] || say \"$NODE has nothing to do in round $ROUND\"");
        if (kind.forgetMarkersWhenDone) {
            line("  local left=0");
            line("  for i in \"${!TASK_IDS[@]}\"; do is_done \"${TASK_IDS[$i]}\" \"${TASK_DIGESTS[$i]}\" || left=1; done");
            line("  if [ \"$left\" = 0 ] && [ \"$DRY_RUN\" = 0 ]; then");
            line("    rm -rf \"$STATE_DIR\"");
            if (kind == Kind.REMOVE_NODE) {
                // A node that stays keeps its cluster; only the removal's markers go.
                line("    say \"every task of $NODE is done, and the removal's markers are gone"
                        + " (running " + kind.fileName + " again repeats its steps, which then change nothing)\"");
            } else {
                line("    say \"every task of $NODE is done, and its markers are gone: nothing of kubeha is left here"
                        + " (running " + kind.fileName + " again repeats the " + kind.what + ", which then changes nothing)\"");
            }
            line("    return 0");
            line("  fi");
        }
        line("  if [ \"$ROUND\" -lt \"$LAST_ROUND\" ]; then");
        line("    say \"round $ROUND done on $NODE; go on with round $((ROUND + 1)) in RUNBOOK.md\"");
        line("  else");
        line("    say \"round $ROUND done on $NODE: that was the last round\"");
        line("  fi");
        line("}");
        line("");
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
