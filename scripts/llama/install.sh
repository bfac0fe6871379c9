#!/usr/bin/env bash
# install.sh installs llama.cpp's programs (llama-server, llama-finetune,
# llama-cli, llama-quantize) on Debian 12 from Debian unstable ("sid")
# packages without touching the system's apt setup: a private apt
# configuration in the cache directory fetches sid's llama.cpp packages and
# their runtime libraries (sid's glibc and C++ runtime included), `dpkg -x`
# unpacks them, and the wrappers in <cache>/bin run each program with sid's
# own dynamic loader. A second run finds the stamp and does nothing.
#
#   bash scripts/llama/install.sh    # then run <cache>/bin/llama-server
#
# Settings (environment):
#   LLAMA_CACHE_DIR      where it all goes (default .cache/llama.cpp in the repository root)
#   LLAMA_UPDATE         1: refresh sid's package index and install newer versions, if any
#   LLAMA_DEBIAN_MIRROR  Debian archive URL (default: the one the system's apt sources use
#                        for its own release)
#
# <cache>: apt/ (private apt configuration, lists, cache), debs/ (the packages),
# root/ (them unpacked), lib -> root/usr/lib, bin/ (wrappers), stamp.
#
# ggml (libggml0) ships one CPU backend per x86-64 level in ggml/backends0.
# GGML_BACKEND_PATH loads exactly the one file it names, with no check that it
# is the best for the CPU, and the only other places ggml looks are a compiled-in
# directory, the current directory and the executable's directory. Run through
# the loader, the executable is ld-linux-x86-64.so.2, so the backends are linked
# beside it and ggml scores them and loads the best on whatever machine runs it.
# GGML_BACKEND_PATH stays free to add one more backend.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="${LLAMA_CACHE_DIR:-$root/.cache/llama.cpp}"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
required=(llama-server llama-finetune)
optional=(llama-cli llama-quantize)
start=$SECONDS

die() { echo "install.sh: $*" >&2; exit 1; }

[[ "$(dpkg --print-architecture 2>/dev/null)" == amd64 ]] || die "only amd64 Debian is supported (sid's x86-64 packages)"
command -v apt-get >/dev/null || die "apt-get not found: this script is for Debian"
[[ -r "$keyring" ]] || die "$keyring is missing: install debian-archive-keyring to check sid's signature"
mkdir -p "$cache"
cache="$(cd "$cache" && pwd)"
exec 9>"$cache/lock"
flock 9 || die "cannot lock $cache/lock"

recipe="recipe $(sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1)"
stamp="$cache/stamp"
installed() {
	[[ -f "$stamp" && "$(head -n1 "$stamp")" == "$recipe" ]] || return 1
	local t; for t in "${required[@]}"; do [[ -x "$cache/bin/$t" ]] || return 1; done
}
if [[ "${LLAMA_UPDATE:-0}" != 1 ]] && installed; then
	echo "llama.cpp from sid is already installed in $cache/bin; nothing to do (LLAMA_UPDATE=1 looks for newer packages):"
	tail -n +2 "$stamp" | sed 's/^/  /'
	exit 0
fi

# The private apt configuration: sid main on the system's own Debian mirror,
# signatures checked with the system's Debian archive keyring.
mirror="${LLAMA_DEBIAN_MIRROR:-}"
if [[ -z "$mirror" ]]; then
	codename="$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release 2>/dev/null | tr -d '"')"
	# shellcheck disable=SC2016 # $(...) here is apt's format syntax, not the shell's
	mirror="$(apt-get indextargets --no-release-info 'Identifier: Packages' --format '$(RELEASE) $(SITE)' |
		awk -v c="$codename" '$1 == c { print $2; exit }')"
	[[ -n "$mirror" ]] || die "no Debian mirror for '$codename' in the system's apt sources; set LLAMA_DEBIAN_MIRROR"
fi
apt_dir="$cache/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/sources.list.d" "$apt_dir/preferences.d"
echo "deb [target=Packages signed-by=$keyring] $mirror sid main" >"$apt_dir/sources.list"
: >"$apt_dir/status"
# The system's apt.conf.d still applies (proxies, timeouts); its hooks do not.
printf '#clear %s;\n' APT::Update::Post-Invoke APT::Update::Post-Invoke-Success DPkg::Post-Invoke >"$apt_dir/apt.conf"
apt=(-c "$apt_dir/apt.conf" -o Dir::Etc::SourceList="$apt_dir/sources.list"
	-o Dir::Etc::SourceParts="$apt_dir/sources.list.d" -o Dir::Etc::Preferences="$apt_dir/preferences"
	-o Dir::Etc::PreferencesParts="$apt_dir/preferences.d" -o Dir::State="$apt_dir"
	-o Dir::State::Lists="$apt_dir/lists" -o Dir::State::status="$apt_dir/status" -o Dir::Cache="$apt_dir"
	-o Dir::Cache::pkgcache=pkgcache.bin -o Dir::Cache::srcpkgcache=srcpkgcache.bin
	-o APT::Architecture=amd64 -o APT::Architectures=amd64 -o Acquire::Languages=none)

if [[ "${LLAMA_UPDATE:-0}" == 1 ]] || ! apt-cache "${apt[@]}" show llama.cpp-tools >/dev/null 2>&1; then
	echo "apt-get update: sid main from $mirror, signature checked with $keyring"
	apt-get "${apt[@]}" -q --error-on=any update ||
		die "apt-get update of sid failed: no network to $mirror, or sid's Release signature does not verify with $keyring (a newer debian-archive-keyring from bookworm-updates would help)"
fi
apt-cache "${apt[@]}" show llama.cpp-tools >/dev/null 2>&1 || die "sid has no llama.cpp-tools package"

# The packages: llama.cpp-tools, llama.cpp-examples (llama-finetune) and,
# transitively, every library package they depend on; debconf, wget and
# the like are for installed systems and left out.
queue=(llama.cpp-tools)
if apt-cache "${apt[@]}" show llama.cpp-examples >/dev/null 2>&1; then queue+=(llama.cpp-examples); fi
declare -A seen=()
pkgs=()
while ((${#queue[@]})); do
	for p in "${queue[@]}"; do seen[$p]=1; done
	pkgs+=("${queue[@]}")
	next=()
	while read -r d; do
		[[ -n "${seen[$d]:-}" ]] || { seen[$d]=1; next+=("$d"); }
	done < <(apt-cache "${apt[@]}" depends --important "${queue[@]}" |
		sed -nE 's/^ +\|?(Pre)?Depends: ((lib|zlib)[^ <>:]+).*$/\2/p' | sort -u)
	queue=("${next[@]}")
done
# One "package version architecture size" line each, sorted.
mapfile -t want < <(apt-cache "${apt[@]}" show --no-all-versions "${pkgs[@]}" |
	awk '/^Package:/ { p = $2 } /^Version:/ { v = $2 } /^Architecture:/ { a = $2 }
		/^Size:/ { s = $2 } /^$/ && p { print p, v, a, s; p = "" } END { if (p) print p, v, a, s }' | sort)
body="$(printf '%s\n' "${want[@]}" | cut -d' ' -f1,2)"
if installed && [[ "$(tail -n +2 "$stamp")" == "$body" ]]; then
	echo "llama.cpp from sid in $cache/bin is up to date; nothing to do:"
	tail -n +2 "$stamp" | sed 's/^/  /'
	exit 0
fi

debs="$cache/debs"
mkdir -p "$debs"
files=()
bytes=0
echo "installing into $cache from sid:"
for w in "${want[@]}"; do
	read -r p v a s <<<"$w"
	files+=("${p}_${v//:/%3a}_$a.deb")
	bytes=$((bytes + s))
	printf '  %-28s %-24s %6d KiB\n' "$p" "$v" $((s / 1024))
done
echo "  ${#want[@]} packages, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MiB to download, less what $debs holds"
for f in "$debs"/*.deb; do
	[[ -e "$f" ]] || continue
	[[ " ${files[*]} " == *" ${f##*/} "* ]] || rm -f "$f"
done
sandbox=()
# As root, apt drops to _apt to download, and _apt cannot write into our directory.
[[ "$(id -u)" != 0 ]] || sandbox=(-o APT::Sandbox::User=root)
(cd "$debs" && apt-get "${apt[@]}" "${sandbox[@]}" -q download "${pkgs[@]}") || die "apt-get download failed"

rm -rf "$cache/root.new"
mkdir -p "$cache/root.new"
for f in "${files[@]}"; do
	[[ -f "$debs/$f" ]] || die "apt-get download left no $debs/$f"
	dpkg -x "$debs/$f" "$cache/root.new" || die "dpkg -x $f failed"
done
rm -rf "$cache/root"
mv "$cache/root.new" "$cache/root"
ln -sfn root/usr/lib "$cache/lib"
lib="$cache/lib/x86_64-linux-gnu"
loader="$lib/ld-linux-x86-64.so.2"
[[ -x "$loader" ]] || die "sid's libc6 has no $loader"
backends=("$lib"/ggml/backends*/libggml-cpu-*.so)
[[ -f "${backends[0]}" ]] || die "no ggml CPU backend (libggml-cpu-*.so) in the packages"
for b in "${backends[@]}"; do ln -sfn "${b#"$lib"/}" "$lib/"; done

rm -rf "${cache:?}/bin"
mkdir -p "$cache/bin"
for t in "${required[@]}" "${optional[@]}"; do
	if [[ ! -x "$cache/root/usr/bin/$t" ]]; then
		[[ " ${optional[*]} " == *" $t "* ]] || die "sid's packages have no $t"
		echo "  (sid's packages have no $t; no wrapper)"
		continue
	fi
	cat >"$cache/bin/$t" <<EOF
#!/bin/sh
# $t from Debian sid's llama.cpp, written by scripts/llama/install.sh:
# sid's own loader and libraries run it; ggml loads the best CPU backend
# it finds beside the loader.
d="\$(cd "\$(dirname "\$(readlink -f "\$0")")/.." && pwd)"
lib="\$d/lib/x86_64-linux-gnu"
exec "\$lib/ld-linux-x86-64.so.2" --library-path "\$lib:\$lib/llama" --argv0 "\$0" "\$d/root/usr/bin/$t" "\$@"
EOF
	chmod +x "$cache/bin/$t"
done

# Check: every library resolves inside the cache, the programs run, a CPU backend loads.
for f in "$cache/root/usr/bin/"llama-* "${backends[@]}"; do
	out="$("$loader" --library-path "$lib:$lib/llama" --list "$f" 2>&1)" || die "cannot load ${f##*/}: $out"
	outside="$(grep -v -e linux-vdso -F -e "$cache/" <<<"$out" || true)"
	[[ -z "$outside" ]] || die "${f##*/} needs libraries from outside $cache: $outside"
done
version="$("$cache/bin/llama-server" --version 2>&1)" || die "llama-server --version failed: $version"
help="$("$cache/bin/llama-finetune" --help 2>&1)" || die "llama-finetune --help failed: $(tail -n 5 <<<"$help")"
backend="$("$cache/bin/llama-server" -v --list-devices 2>&1 | grep -o 'loaded CPU backend from .*' || true)"
[[ -n "$backend" ]] || die "llama-server loads no ggml CPU backend on this machine"

rm -f "$apt_dir"/*.bin # apt's binary caches (~100 MB), rebuilt when needed
printf '%s\n%s\n' "$recipe" "$body" >"$stamp.new"
mv "$stamp.new" "$stamp"
echo "llama-server: $(head -n1 <<<"$version")"
echo "ggml: ${backend##*/}"
echo "installed in $((SECONDS - start)) s: $(cd "$cache/bin" && echo *) in $cache/bin"
