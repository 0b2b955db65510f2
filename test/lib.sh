# shellcheck shell=bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Helpers for the integration tests, sourced by test/integration/*.sh.
#
# A script defines one function per case and runs each with
#   run_case NAME FUNCTION
# which prints exactly one line: "ok FILE/NAME", "FAIL FILE/NAME: reason" or
# "skip FILE/NAME: reason".  The function runs in a subshell with set -e; its
# output is shown (prefixed with "# ") only when it fails.  After every case,
# whatever its result, the case must have left nothing behind (cgroups,
# processes, runtime files, mounts, network interfaces); leftovers fail the
# case and are then removed, so that later cases start clean.
#
# Inside a case:
#   $CT        a container name unique to the case (use "$CT-2" for more)
#   $CASE_TMP  a scratch directory for the case
#   $LXCPATH   the private container path of the script
# Every container name used by a case must start with $CT: the leftover
# check finds what a case left behind by that name.

set -eu

if [ -z "${BASH_VERSION:-}" ]; then
	echo "lib.sh needs bash" >&2
	exit 1
fi

TEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LXC_BINDIR=${LXC_BINDIR:-$(cd "$TEST_DIR/.." && pwd)}
# The script's name: its path below test/integration/ or test/slow/
# ("lifecycle", "security/attach-fds"), as the runner names it.
TEST_FILE=$(cd "$(dirname "$0")" && pwd)/$(basename "$0" .sh)
TEST_FILE=${TEST_FILE#"$TEST_DIR"/integration/}
TEST_FILE=${TEST_FILE#"$TEST_DIR"/slow/}
# Seconds a case may run before it is killed.
CASE_TIMEOUT=${CASE_TIMEOUT:-60}
# Seconds the leftover check gives asynchronous teardown to finish.
LEFTOVER_GRACE=${LEFTOVER_GRACE:-3}

if [ "$(id -u)" -ne 0 ]; then
	echo "skip $TEST_FILE: needs root"
	exit 0
fi

# A script that sets TEST_NETNS=1 before sourcing this file runs in a network
# namespace of its own, made here: its bridges, host-side interfaces and
# addresses never appear in the machine's namespace, scripts running in
# parallel cannot collide, and the leftover check of interfaces sees only
# what the script's cases made.
if [ "${TEST_NETNS:-}" = 1 ] && [ -z "${_LXC_TEST_IN_NETNS:-}" ]; then
	_LXC_TEST_IN_NETNS=1 exec unshare --net -- bash "$0" "$@"
fi
if [ -n "${_LXC_TEST_IN_NETNS:-}" ]; then
	ip link set lo up
fi

for _tool in lxc-start lxc-stop lxc-info lxc-execute lxc-wait lxc-monitor; do
	if [ ! -x "$LXC_BINDIR/$_tool" ]; then
		echo "FAIL $TEST_FILE: $LXC_BINDIR/$_tool not found (set LXC_BINDIR)"
		exit 1
	fi
done
unset _tool

TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/lxc-test-${TEST_FILE//\//_}.XXXXXX")
LXCPATH=$TEST_TMP/lxcpath
mkdir "$LXCPATH"

# Keep the host's /etc/lxc out of the tests: no default configuration.
export LXC_GLOBAL_CONF=$TEST_TMP/lxc.conf
printf 'lxc.default_config = %s\n' "$TEST_TMP/no-default.conf" >"$LXC_GLOBAL_CONF"

CASE=""
CT=""
CASE_TMP=""
RC=0
JOB_RC=0
OUT=""
ERR=""
_FAILED=0
_PASSED=0
_SKIPPED=0

# --- the tools, on the private container path --------------------------------

lxc_start() { "$LXC_BINDIR/lxc-start" -P "$LXCPATH" "$@"; }
lxc_stop() { "$LXC_BINDIR/lxc-stop" -P "$LXCPATH" "$@"; }
lxc_info() { "$LXC_BINDIR/lxc-info" -P "$LXCPATH" "$@"; }
lxc_execute() { "$LXC_BINDIR/lxc-execute" -P "$LXCPATH" "$@"; }
lxc_wait() { "$LXC_BINDIR/lxc-wait" -P "$LXCPATH" "$@"; }
lxc_monitor() { "$LXC_BINDIR/lxc-monitor" -P "$LXCPATH" "$@"; }
lxc_device() { "$LXC_BINDIR/lxc-device" -P "$LXCPATH" "$@"; }

# The state / init pid of a container, as lxc-info prints them raw.
ct_state() { lxc_info -n "$1" -s -H; }
ct_pid() { lxc_info -n "$1" -p -H; }
# For wait_for: the container is in the state.
state_is() { [ "$(ct_state "$1")" = "$2" ]; }

# --- assertions -----------------------------------------------------------------

# Squash text to one line for a failure reason.
oneline() {
	local s=${1//$'\n'/\\n}
	printf '%s' "${s:0:300}"
}

# Fail the case with a reason (the first reason recorded wins).
fail() {
	[ -e "$CASE_TMP/reason" ] || oneline "$*" >"$CASE_TMP/reason"
	echo "failed: $*" >&2
	exit 1
}

# Skip the rest of the case.
skip_case() {
	oneline "$*" >"$CASE_TMP/skip"
	exit 77
}

# Run a command, keeping its status in RC, its output in OUT and ERR (and the
# raw stderr in $CASE_TMP/err).  stdin is /dev/null.
run_cmd() {
	RC=0
	"$@" </dev/null >"$CASE_TMP/out" 2>"$CASE_TMP/err" || RC=$?
	# shellcheck disable=SC2034 # for the cases
	OUT=$(cat "$CASE_TMP/out")
	ERR=$(cat "$CASE_TMP/err")
	{
		echo "\$ $*  -> $RC"
		sed 's/^/  out: /' "$CASE_TMP/out"
		sed 's/^/  err: /' "$CASE_TMP/err"
	} >&2
}

# assert_exit CODE COMMAND...: run_cmd and check the exit status.
assert_exit() {
	local want=$1
	shift
	run_cmd "$@"
	if [ "$RC" != "$want" ]; then
		fail "\`$*\` exited $RC, expected $want${ERR:+; stderr: $ERR}"
	fi
}

assert_eq() {
	local want=$1 got=$2 what=${3:-value}
	[ "$got" = "$want" ] || fail "$what: expected \"$want\", got \"$got\""
}

assert_ne() {
	local unwanted=$1 got=$2 what=${3:-value}
	[ "$got" != "$unwanted" ] || fail "$what: unexpectedly \"$got\""
}

assert_contains() {
	local haystack=$1 needle=$2 what=${3:-output}
	[[ $haystack == *"$needle"* ]] || fail "$what does not contain \"$needle\": \"$haystack\""
}

assert_not_contains() {
	local haystack=$1 needle=$2 what=${3:-output}
	[[ $haystack != *"$needle"* ]] || fail "$what contains \"$needle\": \"$haystack\""
}

# The text matches an extended regular expression (bash =~).
assert_match() {
	local text=$1 re=$2 what=${3:-output}
	[[ $text =~ $re ]] || fail "$what does not match /$re/: \"$text\""
}

# A file holds exactly one newline-terminated line (default: the stderr of
# the last run_cmd).
assert_one_line() {
	local file=${1:-$CASE_TMP/err} what=${2:-stderr} lines
	lines=$(wc -l <"$file")
	if [ "$lines" -ne 1 ] || [ -n "$(tail -c 1 "$file")" ]; then
		fail "$what is not exactly one line: \"$(cat "$file")\""
	fi
}

assert_empty() {
	local text=$1 what=${2:-output}
	[ -z "$text" ] || fail "$what is not empty: \"$text\""
}

assert_state() {
	local name=$1 want=$2 got
	got=$(ct_state "$name")
	assert_eq "$want" "$got" "state of $name"
}

assert_file_gone() {
	[ ! -e "$1" ] || fail "$1 still exists"
}

# The one stderr line of a failing tool: "PROG: NAME: cause".
assert_error_line() {
	local prog=$1 name=$2
	assert_one_line "$CASE_TMP/err"
	[[ $ERR == "$prog: $name: "* ]] || fail "stderr does not start with \"$prog: $name: \": \"$ERR\""
}

# wait_for [-t SECONDS] COMMAND...: poll until COMMAND succeeds (default
# 10 s); fail the case on timeout.
wait_for() {
	local timeout=10
	if [ "$1" = "-t" ]; then
		timeout=$2
		shift 2
	fi
	local deadline=$(($(now_ms) + timeout * 1000))
	until "$@"; do
		if [ "$(now_ms)" -ge "$deadline" ]; then
			fail "timed out after ${timeout}s waiting for: $*"
		fi
		sleep 0.05
	done
}

now_ms() {
	local us=${EPOCHREALTIME/[.,]/}
	echo $((us / 1000))
}

pid_alive() {
	# A zombie is dead for our purposes.
	local state
	state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
	[[ $state != Z* ]]
}

pid_dead() { ! pid_alive "$1"; }

# catches PID SIGNAL: the process has a handler for SIGNAL (a name such as
# PWR, or a number).  A container's shell is RUNNING once it is executed,
# before its trap is set; and a pid namespace's init drops a signal it has
# no handler for.  So a test that signals such a shell waits for this first.
catches() {
	local num=$2 mask
	[[ $num =~ ^[0-9]+$ ]] || num=$(kill -l "$num") || return 1
	mask=$(sed -n 's/^SigCgt:[[:space:]]*//p' /proc/"$1"/status 2>/dev/null)
	[ -n "$mask" ] && (((0x$mask >> (num - 1)) & 1))
}

# The command lxc-execute's init (lxc-init) runs catches SIGNAL:
# ct_child_catches NAME SIGNAL (for wait_for: looked up on each try).
ct_child_catches() {
	local child
	child=$(pgrep -P "$(ct_pid "$1")" | head -n 1)
	[ -n "$child" ] && catches "$child" "$2"
}

# The process holds a socket (a client connected to a monitor).
has_socket() {
	find /proc/"$1"/fd -lname 'socket:*' 2>/dev/null | grep -q .
}

# The process holds an inotify watch: a watcher is ready.
has_inotify_watch() {
	grep -qs '^inotify wd:' /proc/"$1"/fdinfo/* 2>/dev/null
}

# wait_job PID [SECONDS]: wait (bounded, default 10 s) for a background job
# of the case; its exit status goes to JOB_RC.
wait_job() {
	JOB_RC=0
	wait_for -t "${2:-10}" pid_dead "$1"
	# shellcheck disable=SC2034 # for the cases
	wait "$1" || JOB_RC=$?
}

sha() { sha256sum "$1" | cut -d' ' -f1; }

# write_config FILE LINE...: a configuration file, one argument a line.
write_config() {
	local file=$1
	shift
	printf '%s\n' "$@" >"$file"
}

# --- the system as the tests see it -------------------------------------------

# Mount points of cgroup v1 hierarchies and of the cgroup v2 tree.
cgroup_v1_roots() {
	sed -n 's/^[^ ]* [^ ]* [^ ]* [^ ]* \([^ ]*\) .* - cgroup .*/\1/p' /proc/self/mountinfo
}

cgroup_v2_root() {
	sed -n 's/^[^ ]* [^ ]* [^ ]* [^ ]* \([^ ]*\) .* - cgroup2 .*/\1/p' /proc/self/mountinfo | head -n 1
}

# The cgroup directories of container NAME on the private container path:
# lxc.payload.NAME-XXXXXXXX at any depth.
ct_cgroups() {
	find /sys/fs/cgroup -maxdepth 7 -type d -regextype posix-extended \
		-regex ".*/lxc\.payload\.$1-[0-9a-f]{8}" 2>/dev/null || true
}

# The path of a process in a v1 hierarchy ("pids") or in v2 ("").
proc_cgroup() {
	local pid=$1 controller=$2
	if [ -z "$controller" ]; then
		sed -n 's/^0:://p' /proc/"$pid"/cgroup
	else
		sed -n "s/^[0-9]*:\\([^:]*,\\)\\?$controller\\(,[^:]*\\)\\?:\\(.*\\)/\\3/p" /proc/"$pid"/cgroup
	fi
}

# FNV-1a 64 of a string, as 16 hex digits (bash arithmetic wraps at 64 bits).
fnv1a64() {
	local s=$1 h=$((0xcbf29ce484222325)) i c
	for ((i = 0; i < ${#s}; i++)); do
		printf -v c '%d' "'${s:i:1}"
		h=$(((h ^ (c & 0xff)) * 0x100000001b3))
	done
	printf '%016x\n' "$h"
}

# The runtime directory of the private container path (empty if none yet).
runtime_dir() {
	local f
	for f in /run/lxc/*/lxcpath; do
		if [ -f "$f" ] && grep -qxF "$LXCPATH" "$f"; then
			dirname "$f"
			return 0
		fi
	done
}

links() { ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | sort; }
link_exists() { ip link show "$1" >/dev/null 2>&1; }
link_gone() { ! link_exists "$1"; }

# Host-side interfaces a case makes, removed when the case ends.
CASE_LINKS=""
_del_links() {
	local l
	for l in $CASE_LINKS; do
		ip link del "$l" 2>/dev/null || true
	done
}

# host_link NAME ARGS...: "ip link add NAME ARGS...", removed at the end.
host_link() {
	local name=$1
	shift
	ip link add "$name" "$@"
	CASE_LINKS="$name $CASE_LINKS"
	trap _del_links EXIT
}

# in_ct_netns NAME CMD...: CMD in the container's network namespace.
in_ct_netns() {
	local pid
	pid=$(ct_pid "$1")
	shift
	nsenter -t "$pid" -n "$@"
}

# Build a minimal busybox root file system in DIR [with the APPLETs too].
make_rootfs() {
	local dir=$1 applet
	shift
	[ -x /bin/busybox ] || skip_case "needs /bin/busybox (busybox-static)"
	mkdir -p "$dir"/bin "$dir"/proc "$dir"/tmp "$dir"/dev "$dir"/sys
	cp /bin/busybox "$dir"/bin/busybox
	# The usual applets, and those the caller names.
	for applet in sh ls cat touch ps hostname id env pwd sleep mount "$@"; do
		ln -sf busybox "$dir/bin/$applet"
	done
}

# --- leftovers ----------------------------------------------------------------

_lo_cgroups() {
	find /sys/fs/cgroup -maxdepth 7 -type d -name "*$1*" 2>/dev/null | sort || true
}

# Processes of the case: those started by it (they inherit LXC_TEST_CASE,
# unless they cleared their environment) and those naming its containers or
# the script's private directory.
_lo_processes() {
	local pid args tagged
	tagged=" $(grep -lzxF "LXC_TEST_CASE=$1" /proc/[0-9]*/environ 2>/dev/null |
		cut -d/ -f3 | tr '\n' ' ') "
	ps -eo pid=,args= | while read -r pid args; do
		[ "$pid" = "$$" ] && continue
		[ "$pid" = "$BASHPID" ] && continue
		if [[ $tagged == *" $pid "* ]] || [[ $args == *"$1"* ]] ||
			[[ $args == *"$TEST_TMP"* ]]; then
			echo "$pid $args"
		fi
	done
}

_lo_runtime() {
	local dir
	dir=$(runtime_dir)
	[ -n "$dir" ] || return 0
	find "$dir" -mindepth 1 -maxdepth 1 -name "*$1*" | sort
}

_lo_mounts() {
	awk -v p="$TEST_TMP" 'index($5, p) == 1 { print $5 }' /proc/self/mountinfo
}

_lo_links() {
	comm -13 <(printf '%s\n' "$1") <(links)
}

_leftovers() {
	local prefix=$1 links_before=$2
	{
		_lo_processes "$prefix" | sed 's/^/process: /'
		_lo_cgroups "$prefix" | sed 's/^/cgroup: /'
		_lo_runtime "$prefix" | sed 's/^/runtime file: /'
		_lo_mounts | sed 's/^/mount: /'
		_lo_links "$links_before" | sed 's/^/network interface: /'
	} || true
}

# "process (1), cgroup (10)" from the list of leftovers.
_leftover_summary() {
	cut -d: -f1 | uniq -c | awk '{ c = $1; $1 = ""; printf "%s%s (%d)", sep, substr($0, 2), c; sep = ", " }'
}

# Remove what a case left behind: only things named after the case (or
# under the script's private directory).
_cleanup() {
	local prefix=$1 pid cg m i
	for pid in $(_lo_processes "$prefix" | cut -d' ' -f1); do
		kill -9 "$pid" 2>/dev/null || true
	done
	for cg in $(_lo_cgroups "$prefix" | awk '{ print length($0) " " $0 }' | sort -rn | cut -d' ' -f2-); do
		while read -r pid; do
			kill -9 "$pid" 2>/dev/null || true
		done <"$cg/cgroup.procs" 2>/dev/null || true
		for ((i = 0; i < 40; i++)); do
			rmdir "$cg" 2>/dev/null && break
			[ -d "$cg" ] || break
			sleep 0.05
		done
	done
	for m in $(_lo_mounts | awk '{ print length($0) " " $0 }' | sort -rn | cut -d' ' -f2-); do
		umount -l "$m" 2>/dev/null || true
	done
	_lo_runtime "$prefix" | while read -r f; do rm -f "$f"; done
}

_check_leftovers() {
	local prefix=$1 links_before=$2 deadline found
	deadline=$(($(now_ms) + LEFTOVER_GRACE * 1000))
	while :; do
		found=$(_leftovers "$prefix" "$links_before")
		[ -n "$found" ] || return 0
		[ "$(now_ms)" -lt "$deadline" ] || break
		sleep 0.1
	done
	echo "$found"
	_cleanup "$prefix"
	# Interfaces cannot be told apart from the host's own: they are
	# reported, never removed.
}

# --- running cases ---------------------------------------------------------------

_selected() {
	local f
	[ -n "${LXC_TEST_FILTER:-}" ] || return 0
	while IFS= read -r f; do
		[ -n "$f" ] || continue
		[[ $1 == *"$f"* ]] && return 0
	done <<<"$LXC_TEST_FILTER"
	return 1
}

_err_trap() {
	local rc=$1 line=$2 cmd=$3 where i
	[ ! -e "$CASE_TMP/reason" ] || return 0
	# Where the failing command is, and the calls that led there.
	where="${BASH_SOURCE[1]##*/}:$line"
	for ((i = 2; i < ${#FUNCNAME[@]} - 1; i++)); do
		[[ ${FUNCNAME[i - 1]} != case_* ]] || break
		where="${BASH_SOURCE[i]##*/}:${BASH_LINENO[i - 1]} > $where"
	done
	oneline "$where: \`$cmd\` exited $rc" >"$CASE_TMP/reason"
}

_watchdog() {
	local victim=$1 child i
	for ((i = 0; i < CASE_TIMEOUT * 10; i++)); do
		sleep 0.1
		kill -0 "$victim" 2>/dev/null || exit 0
	done
	echo "timed out after ${CASE_TIMEOUT}s" >"$CASE_TMP/reason"
	for child in $(ps -o pid= --ppid "$victim"); do
		kill -9 "$child" 2>/dev/null || true
	done
	kill -9 "$victim" 2>/dev/null || true
}

_stop_case_containers() {
	local f name
	_lo_runtime "$1" | while read -r f; do
		case $f in
		*.sock)
			name=$(basename "$f" .sock)
			timeout 10 "$LXC_BINDIR/lxc-stop" -P "$LXCPATH" -n "$name" -k >/dev/null 2>&1 || true
			;;
		esac
	done
}

# A case starts with stdin, stdout and stderr only: bash keeps copies of
# redirected fds (10, 251, ...) that its commands would inherit, and
# lxc-start refuses to start with inherited fds (unless -C).
_close_inherited_fds() {
	local fd
	for fd in /proc/"$BASHPID"/fd/*; do
		fd=${fd##*/}
		if [ "$fd" -gt 2 ] && [ "$fd" -ne 255 ]; then
			eval "exec $fd>&-" 2>/dev/null || true
		fi
	done
}

# run_case NAME FUNCTION
run_case() {
	local name=$1 fn=$2 full="$TEST_FILE/$1" links_before rc pid wd left reason
	_selected "$full" || return 0
	if ! [[ $name =~ ^[a-z0-9][a-z0-9-]*$ ]]; then
		echo "FAIL $full: bad case name"
		_FAILED=$((_FAILED + 1))
		return 0
	fi
	# shellcheck disable=SC2034 # for the cases
	CASE=$name
	CT="t-$$-$name"
	CASE_TMP=$TEST_TMP/case-$name
	mkdir -p "$CASE_TMP"
	links_before=$(links)

	set +e
	(
		set -eE
		shopt -s inherit_errexit
		export LXC_TEST_CASE=$CT
		_close_inherited_fds
		trap '_err_trap "$?" "$LINENO" "$BASH_COMMAND"' ERR
		cd "$CASE_TMP"
		"$fn"
	) </dev/null >"$CASE_TMP/log" 2>&1 &
	pid=$!
	_watchdog "$pid" >/dev/null 2>&1 &
	wd=$!
	# (2>/dev/null: no "Killed" notice for a case that timed out)
	{ wait "$pid"; } 2>/dev/null
	rc=$?
	kill "$wd" 2>/dev/null
	wait "$wd" 2>/dev/null
	set -e

	# A failed case may have stopped half-way: stop its containers the
	# normal way first, so that only what the tools fail to clean counts.
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
		_stop_case_containers "$CT"
	fi
	left=$(_check_leftovers "$CT" "$links_before")

	reason=""
	if [ "$rc" -eq 77 ] && [ -e "$CASE_TMP/skip" ]; then
		rc=0
	elif [ "$rc" -ne 0 ]; then
		reason=$(cat "$CASE_TMP/reason" 2>/dev/null || true)
		[ -n "$reason" ] || reason="exited with status $rc"
	fi
	if [ -n "$left" ]; then
		reason="${reason:+$reason; }left behind: $(_leftover_summary <<<"$left")"
		printf 'left behind (now removed): %s\n' "$left" >>"$CASE_TMP/log"
	fi

	if [ -n "$reason" ]; then
		echo "FAIL $full: $reason"
		sed 's/^/# /' "$CASE_TMP/log"
		_FAILED=$((_FAILED + 1))
	elif [ -e "$CASE_TMP/skip" ]; then
		echo "skip $full: $(cat "$CASE_TMP/skip")"
		_SKIPPED=$((_SKIPPED + 1))
	else
		echo "ok $full"
		_PASSED=$((_PASSED + 1))
	fi
}

# End of a script: its exit status says whether every case passed.
finish() {
	[ "$_FAILED" -eq 0 ]
}

_at_exit() {
	local rc=$? dir
	# Whatever a killed case could not clean: everything named after us.
	_cleanup "t-$$-"
	dir=$(runtime_dir)
	if [ -n "$dir" ]; then
		rm -rf "$dir"
	fi
	if [ -z "$(_lo_mounts)" ]; then
		rm -rf --one-file-system "$TEST_TMP"
	else
		echo "# not removing $TEST_TMP: still mounted" >&2
	fi
	exit "$rc"
}
trap _at_exit EXIT
