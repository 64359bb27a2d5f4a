#!/usr/bin/env bash
# A clone with nothing beside it builds and passes `dotnet test` (no test reads ../shared or anything
# outside the repository). Clones the committed HEAD into an empty temporary directory, builds the whole
# solution there and runs `dotnet test` on it. .ci/run runs this last and counts it as one test.
#
#   ALB_CLONE_TEST=quick (default in .ci/run): the test projects that read repository files (unit tests:
#     docs, schema, desync cases, logging table; Testing.Tests: documented commands; the functional desync
#     replay), which keeps CI under 30 minutes.
#   ALB_CLONE_TEST=full: `dotnet test AlbEmulator.sln`, every test, in the clone.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${ALB_CLONE_TEST:-quick}"
head="$(git rev-parse HEAD)"
common="$(cd "$(git rev-parse --git-common-dir)" && pwd)"
workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT

git clone -q --no-checkout "$common" "$workdir/AlbEmulator"
git -C "$workdir/AlbEmulator" checkout -q "$head"
echo "clone of $head in $workdir/AlbEmulator (nothing beside it: $(ls -A "$workdir" | tr '\n' ' '))"
cd "$workdir/AlbEmulator"
if [ -n "$(git status --porcelain)" ] || [ -e ../shared ]; then
  echo "FAIL: the clone is not clean or has something beside it"; exit 1
fi

dotnet build AlbEmulator.sln -c Release --nologo -v q -clp:ErrorsOnly
if [ "$mode" = full ]; then
  dotnet test AlbEmulator.sln -c Release --no-build --nologo --logger "console;verbosity=minimal"
else
  dotnet test tests/AlbEmulator.Tests -c Release --no-build --nologo --logger "console;verbosity=minimal"
  dotnet test tests/AlbEmulator.Testing.Tests -c Release --no-build --nologo --logger "console;verbosity=minimal"
  dotnet test tests/AlbEmulator.FunctionalTests -c Release --no-build --nologo --logger "console;verbosity=minimal" \
    --filter "FullyQualifiedName~DesyncMitigationTests|FullyQualifiedName~ValidateCommandTests"
fi
echo "clone check ($mode): passed"
