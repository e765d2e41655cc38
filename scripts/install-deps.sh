#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and test anjian: the C++ libraries from
# Debian, clang for the fuzzers, and LibreOffice Calc, poppler and a CJK font, with which the tests
# open the bulletin workbook as a spreadsheet program does and the charts draw Chinese, Chromium, which
# prints review documents to PDF (`anjian rules doc -o review.pdf`), and pkg-config
# for the Go consumer of the C ABI (Go, Maven and a JDK are used when present; as root, with
# --no-install-recommends). Prints what is missing when not root.
set -euo pipefail
packages=(cmake ninja-build g++ make libeigen3-dev libboost-date-time-dev libyaml-cpp-dev nlohmann-json3-dev
          libgtest-dev libgmock-dev libbenchmark-dev libreoffice-calc-nogui poppler-utils fonts-noto-cjk
          clang-14 libclang-rt-14-dev pkg-config chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "anjian needs these Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
