#!/usr/bin/env bash
# Stand-ins for the Dockerfile's base images on a machine that cannot pull from mcr.microsoft.com (no internet,
# only Debian's package mirror): a Debian 12 root file system from debootstrap, plus this machine's .NET, with what
# the Microsoft images provide that the Dockerfile relies on (the "app" user and group, UID/GID 1654, in APP_UID;
# HTTP port 8080). Prints the two image names for the Dockerfile's SDK_IMAGE and RUNTIME_IMAGE build arguments:
#
#   localhost/dotnet-local/sdk:<sdk version>       root file system + the whole .NET SDK
#   localhost/dotnet-local/aspnet:<runtime version> root file system + the .NET and ASP.NET Core runtimes
#   localhost/node-local/node:<node version>        root file system + this machine's Node.js and npm (the dashboard stage)
#
# Images that already exist are kept (delete them to rebuild). Needs root, debootstrap and podman (ENGINE=docker
# works too). Stands in only: images built on them prove the Dockerfile's steps, not Microsoft's base layers.
set -euo pipefail
engine=${ENGINE:-podman}
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
sdk_version=$(dotnet --version)
newest() { basename "$(ls -d "$dotnet_root/shared/$1"/* | sort -V | tail -n 1)"; }
runtime_version=$(newest Microsoft.AspNetCore.App)
netcore_version=$(newest Microsoft.NETCore.App)
sdk_image=localhost/dotnet-local/sdk:$sdk_version
runtime_image=localhost/dotnet-local/aspnet:$runtime_version
node_bin=$(readlink -f "$(command -v node)")
npm_root=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
node_image=localhost/node-local/node:$(node --version | tr -d v)

if "$engine" image exists "$sdk_image" 2>/dev/null && "$engine" image exists "$runtime_image" 2>/dev/null \
   && "$engine" image exists "$node_image" 2>/dev/null; then
  echo "$sdk_image"
  echo "$runtime_image"
  echo "$node_image"
  exit 0
fi

# The mirror apt uses here, so no other address is needed.
mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

# What mcr.microsoft.com/dotnet/runtime-deps:10.0 (Debian 12) installs; the SDK needs ICU (the app does not: InvariantGlobalization).
echo "local-base-images: debootstrap bookworm from $mirror" >&2
debootstrap --variant=minbase --include=ca-certificates,libc6,libgcc-s1,libicu72,libssl3,libstdc++6,tzdata,zlib1g \
  bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
chroot "$rootfs" groupadd --gid 1654 app
chroot "$rootfs" useradd --no-log-init --uid 1654 --gid 1654 --create-home app
ln -s /usr/share/dotnet/dotnet "$rootfs/usr/bin/dotnet"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*

# The image configuration the Dockerfile relies on (as in the Microsoft images).
changes=(--change "ENV APP_UID=1654" --change "ENV ASPNETCORE_HTTP_PORTS=8080" --change "ENV DOTNET_RUNNING_IN_CONTAINER=true"
         --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")

echo "local-base-images: $runtime_image" >&2
tar -C "$rootfs" -c . -C / --transform 's,^usr/share/dotnet,./usr/share/dotnet,' \
    usr/share/dotnet/dotnet usr/share/dotnet/host usr/share/dotnet/LICENSE.txt \
    "usr/share/dotnet/shared/Microsoft.NETCore.App/$netcore_version" "usr/share/dotnet/shared/Microsoft.AspNetCore.App/$runtime_version" \
  | "$engine" import --quiet "${changes[@]}" - "$runtime_image" >/dev/null

echo "local-base-images: $sdk_image" >&2
tar -C "$rootfs" -c . -C / --transform 's,^usr/share/dotnet,./usr/share/dotnet,' usr/share/dotnet \
  | "$engine" import --quiet "${changes[@]}" --change "ENV DOTNET_NOLOGO=true" --change "ENV DOTNET_CLI_TELEMETRY_OPTOUT=1" - "$sdk_image" >/dev/null

# Last, since it adds to the root file system the other two were made from.
echo "local-base-images: $node_image" >&2
cp "$node_bin" "$rootfs/usr/bin/node"
mkdir -p "$rootfs/usr/lib/node_modules"
cp -a "$npm_root" "$rootfs/usr/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/bin/npm"
# Node.js keeps its own CA list: point it at the system's, which image-test.sh mounts from this machine at build time
# (as this machine's own npm does), so npm reaches the registry mirror this machine uses.
tar -C "$rootfs" -c . \
  | "$engine" import --quiet --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
      --change "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt" - "$node_image" >/dev/null

echo "$sdk_image"
echo "$runtime_image"
echo "$node_image"
