#!/usr/bin/env bash
# Benchmark (not a test): the full 35-month LLR build against the decompression floor.
#
# Times, in the same run and alternating, (a) `zcat` of the 35 embedded gzipped CSVs piped to
# `wc -l` (the floor: decompress and look at every byte once) and (b) `pcc-spc build` of
# www/data/llr.json from the same files, once with the default threads and once with
# --threads 1. Reports the median wall time of RUNS runs (default 7), user+sys CPU time and
# peak RSS (from /usr/bin/time). Goals: build ≤ 1.5 × the floor, peak RSS ≤ 100 MB.
#
#   benches/build.sh            # or RUNS=11 benches/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (/usr/bin/time)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >/dev/null; else sudo apt-get install -y -qq time >/dev/null; fi
fi

RUNS=${RUNS:-7}
cargo build --release --quiet
BIN=target/release/pcc-spc
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
FILES=(data/llr/street/*.csv.gz)

BUILD=(build --config data/llr/measures.toml --street data/llr/street \
    --lookup data/llr/lsoa11_to_lad_llr.csv \
    --population data/llr/llr_lad_population_mid2011_mid2021.csv \
    --out "$OUT/llr.json")

# One measurement: "wall user sys maxrss_kb" of a command (the build is timed directly, the
# floor's pipeline through bash, whose figure covers its children).
measure() {
  /usr/bin/time -f '%e %U %S %M' -o "$OUT/t" "$@" >/dev/null 2>&1
  cat "$OUT/t"
}

echo "input: ${#FILES[@]} files, $(du -cb "${FILES[@]}" | tail -1 | cut -f1) bytes gzipped, $(zcat "${FILES[@]}" | wc -c) bytes of CSV, $(zcat "${FILES[@]}" | wc -l) lines"
"$BIN" "${BUILD[@]}" 2>/dev/null && cmp -s "$OUT/llr.json" www/data/llr.json && echo "output: identical to www/data/llr.json"

declare -A W U R
for i in $(seq "$RUNS"); do
  for what in floor build build1; do
    case $what in
      floor) cmd=(bash -c 'zcat "$@" | wc -l' zcat "${FILES[@]}") ;;
      build) cmd=("$BIN" "${BUILD[@]}") ;;
      build1) cmd=("$BIN" "${BUILD[@]}" --threads 1) ;;
    esac
    read -r wall user sys rss < <(measure "${cmd[@]}")
    W[$what]+="$wall "
    U[$what]+="$(awk -v a="$user" -v b="$sys" 'BEGIN {print a + b}') "
    R[$what]+="$rss "
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
max() { tr ' ' '\n' | grep -v '^$' | sort -g | tail -1; }

fw=$(echo "${W[floor]}" | median)
printf '\n%-34s %10s %10s %12s %8s\n' "($RUNS runs, medians)" "wall s" "cpu s" "peak RSS MB" "× floor"
for what in floor build build1; do
  w=$(echo "${W[$what]}" | median)
  c=$(echo "${U[$what]}" | median)
  r=$(echo "${R[$what]}" | max)
  case $what in
    floor) label="zcat | wc -l (floor)" ;;
    build) label="pcc-spc build (default threads)" ;;
    build1) label="pcc-spc build --threads 1" ;;
  esac
  printf '%-34s %10s %10s %12.1f %8.2f\n' "$label" "$w" "$c" "$(awk -v r="$r" 'BEGIN {print r / 1024}')" "$(awk -v w="$w" -v f="$fw" 'BEGIN {print w / f}')"
done
echo "(peak RSS of the floor is that of its largest process; cores: $(nproc))"
