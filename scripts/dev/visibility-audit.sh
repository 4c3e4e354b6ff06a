#!/usr/bin/env bash
# Review aid for the rule "internal unless another project needs it" (docs/architecture.md, Projects).
# For each production project (Gateway.Transforms, Gateway.Policies, Gateway.Data, Gateway.Proxy) it lists the
# top-level types declared `public` whose name no other project that can see them uses: the other production
# projects and the bench projects that reference it, directly or through another project. Gateway.Tests does not
# count (it sees internals through InternalsVisibleTo), nor does a project the declaring one grants
# InternalsVisibleTo (bench/Components for Gateway.Proxy).
#
#   scripts/dev/visibility-audit.sh [Gateway.X ...]     one line per candidate: project, type, file; then a count
#
# It reads text, not symbols, so treat the list as candidates and let the compiler decide:
# - A listed type may have to stay public because a public member of a type that stays public exposes it (parameter,
#   return, property, base type, constraint): the build says so (CS0050-CS0061). Same for types consumers reach
#   without naming them (var, inference).
# - A static class counts as used when any of its `this` (extension) methods' names appears: callers never name it.
# - A name counts as used wherever it appears as a word outside `//` comments: in a string, as a member or a
#   same-named type of the consumer. Such a type is missed (kept off the list), never wrongly listed.
# - Only `public` declarations at column 0 are read (file-scoped namespaces; nested types follow their parent).
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

production=(Gateway.Transforms Gateway.Policies Gateway.Data Gateway.Proxy)
[[ $# -gt 0 ]] && production=("$@")

mapfile -t projects < <(find . -name '*.csproj' -not -path '*/bin/*' -not -path '*/obj/*' -not -path '*/node_modules/*' \
  | sed 's#^\./##' | sort)

# The assembly name of a project file (AssemblyName, else the file name).
assembly_of() {
  local name
  name="$(grep -o '<AssemblyName>[^<]*' "$1" | head -n 1 | sed 's/<AssemblyName>//' || true)"
  [[ -n "$name" ]] && echo "$name" || basename "$1" .csproj
}

# Every project file $1 references, directly or not (paths relative to the repository).
references_of() {
  local dir ref
  dir="$(dirname "$1")"
  grep -o '<ProjectReference Include="[^"]*"' "$1" | sed 's/.*Include="//; s/"$//; s#\\#/#g' | while read -r ref; do
    ref="$(realpath --relative-to=. "$dir/$ref")"
    echo "$ref"
    references_of "$ref"
  done
}

cs_files() { find "$1" -name '*.cs' -not -path '*/bin/*' -not -path '*/obj/*'; }

total=0
for project in "${production[@]}"; do
  csproj="$project/$project.csproj"
  mapfile -t friends < <(grep -o '<InternalsVisibleTo Include="[^"]*"' "$csproj" | sed 's/.*Include="//; s/"$//')

  # The words the projects that need `public` use, comments left out.
  words="$(mktemp)"
  consumers=()
  for other in "${projects[@]}"; do
    [[ "$other" == "$csproj" || "$other" == Gateway.Tests/* ]] && continue
    grep -qxF "$csproj" <<< "$(references_of "$other")" || continue
    grep -qxF "$(assembly_of "$other")" <<< "$(printf '%s\n' "${friends[@]}")" && continue
    consumers+=("$(dirname "$other")")
  done
  for dir in "${consumers[@]}"; do
    cs_files "$dir" | xargs -r sed 's#//.*##' | grep -oE '[A-Za-z_][A-Za-z0-9_]*'
  done | sort -u > "$words"

  echo "## $project (consumers that need public: ${consumers[*]:-none})"
  while IFS= read -r file; do
    # name of each top-level public type (delegates: the word before the parenthesis)
    grep -E '^public ([a-z]+ )*(class|struct|interface|enum|record|delegate) ' "$file" | awk '
      { line = $0; sub(/[(<:{;].*/, "", line); n = split(line, w, " ")
        for (i = 1; i <= n; i++) if (w[i] == "delegate") { print w[n]; next }
        for (i = 1; i <= n; i++) if (w[i] ~ /^(class|struct|interface|enum|record)$/ && w[i+1] !~ /^(class|struct)$/) { print w[i+1]; next } }' |
    while IFS= read -r type; do
      grep -qxF "$type" "$words" && continue
      if grep -qE "^public static ([a-z]+ )*class $type\b" "$file"; then
        used=0
        for method in $(grep -oE 'static [^=(]* [A-Za-z_][A-Za-z0-9_]*(<[^>]*>)?\(this ' "$file" | sed -E 's/(<[^>]*>)?\(this $//; s/.* //' | sort -u); do
          grep -qxF "$method" "$words" && { used=1; break; }
        done
        [[ $used -eq 1 ]] && continue
      fi
      printf '%s\t%s\t%s\n' "$project" "$type" "$file"
    done
  done < <(cs_files "$project" | sort) > "$words.out"
  cat "$words.out"
  count=$(wc -l < "$words.out")
  total=$((total + count))
  echo "# $project: $count public types no consumer names"
  rm -f "$words" "$words.out"
done
echo "# total: $total"
