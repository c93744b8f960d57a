#!/usr/bin/env bash
# Builds the grpc-go driver client into $1 (default .build/go-client) from Debian's packages alone: Go, grpc-go and
# protobuf-go from /usr/share/gocode (GOPATH mode, nothing fetched), the stubs generated from Protos/service.proto.
# Rebuilds only when the client's source or the proto changed.
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
out=${1:-$root/.build/go-client}
binary=$out/driverclient
if [ -x "$binary" ] && [ "$binary" -nt "$root/Tests/Interop/go/main.go" ] && [ "$binary" -nt "$root/Protos/service.proto" ] \
   && [ "$binary" -nt "$0" ]; then
  exit 0
fi
package=$out/gopath/src/driverclient
rm -rf "$out/gopath"
mkdir -p "$package/v1alpha1"
cp "$root/Tests/Interop/go/main.go" "$package/main.go"
protoc -I "$root/Protos" \
  --go_out="$package/v1alpha1" --go_opt=paths=source_relative --go_opt=Mservice.proto=driverclient/v1alpha1 \
  --go-grpc_out="$package/v1alpha1" --go-grpc_opt=paths=source_relative --go-grpc_opt=Mservice.proto=driverclient/v1alpha1 \
  "$root/Protos/service.proto"
cd "$package"
GO111MODULE=off GOPROXY=off GOFLAGS='' GOPATH="$out/gopath:/usr/share/gocode" GOCACHE="$out/cache" \
  go build -o "$binary" .
