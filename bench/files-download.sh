#!/usr/bin/env bash
# Download throughput of a large volume file through the agent, against reading it straight from disk in the same
# run, and the agent's peak RSS during the transfer; then the same file out of a container (Docker's tar of it)
# through the agent against Docker's own archive API on its socket, in 3 rounds alternating.
#   bench/files-download.sh [size-in-MiB, default 1024]
# Prints: direct MB/s, agent MB/s, ratio agent/direct (goal >= 0.8), agent peak RSS; container ratio.
set -euo pipefail
source "$(dirname "$0")/common.sh"

SIZE_MIB="${1:-1024}"
build_agent
VOLUME="bollard-bench-files-$$"
docker volume create --label io.bollard.bench=files "$VOLUME" >/dev/null
CONTAINER="bollard-bench-files-$$"
BENCH_CLEANUP="docker rm -f $CONTAINER >/dev/null 2>&1; docker volume rm -f $VOLUME >/dev/null"
MOUNT=$(docker volume inspect -f '{{.Mountpoint}}' "$VOLUME")
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$MOUNT/big.bin"

start_agent
# Both runs read from the page cache: warm it once, so the ratio measures the agent, not the disk.
cat "$MOUNT/big.bin" > /dev/null

t0=$(date +%s.%N)
cat "$MOUNT/big.bin" > /dev/null
t1=$(date +%s.%N)
direct=$(echo "$SIZE_MIB / ($t1 - $t0)" | bc -l)

rss_before=$(rss_mib "$AGENT_PID")
t0=$(date +%s.%N)
curl -sf -H "Authorization: Bearer $TOKEN" -o /dev/null \
  "$AGENT_URL/agent/docker/files/download?volume=$VOLUME&path=/big.bin"
t1=$(date +%s.%N)
agent=$(echo "$SIZE_MIB / ($t1 - $t0)" | bc -l)
rss_peak=$(peak_rss_mib "$AGENT_PID")

# The file in a (never started) container that mounts the volume: Docker tars it on every read.
bench_image
docker create --name "$CONTAINER" --label io.bollard.bench=files -v "$VOLUME:/data" "$BENCH_IMAGE" true >/dev/null
speed() { curl -sf -o /dev/null -w '%{speed_download}' "$@" | awk '{printf "%.1f", $1 / 1048576}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
cdirect=(); cagent=()
for _ in 1 2 3; do
  cdirect+=("$(speed --unix-socket /var/run/docker.sock "http://localhost/containers/$CONTAINER/archive?path=%2Fdata%2Fbig.bin")")
  cagent+=("$(speed -H "Authorization: Bearer $TOKEN" \
    "$AGENT_URL/agent/docker/files/download?container=$CONTAINER&path=/data/big.bin")")
done
cd_=$(printf '%s\n' "${cdirect[@]}" | median); ca_=$(printf '%s\n' "${cagent[@]}" | median)

printf 'file: %d MiB, machine: %s, %s cores\n' "$SIZE_MIB" "$(uname -m)" "$(nproc)"
printf 'direct read: %8.1f MiB/s\n' "$direct"
printf 'via agent:   %8.1f MiB/s\n' "$agent"
printf 'ratio agent/direct: %.2f (goal >= 0.8)\n' "$(echo "$agent / $direct" | bc -l)"
printf 'agent RSS before: %s MiB, peak during transfer: %s MiB\n' "$rss_before" "$rss_peak"
printf 'container file, Docker archive API: %8.1f MiB/s (rounds %s); via agent: %8.1f MiB/s (rounds %s); ratio %.2f\n' \
  "$cd_" "${cdirect[*]}" "$ca_" "${cagent[*]}" "$(echo "$ca_ / $cd_" | bc -l)"
