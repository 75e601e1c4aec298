# Sourced by .ci/run and bin/*: exports JAVA_HOME as a JDK >= 21, keeping the caller's when it is one.
# Candidates, in order: $JAVA_HOME, the `java` on PATH, then /usr/lib/jvm/* newest first.

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

pick_jdk() {
  local candidates=() home dir
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  while IFS= read -r dir; do candidates+=("$dir"); done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV)
  for home in "${candidates[@]}"; do
    home="${home%/}"
    if [[ -x "$home/bin/javac" ]] && (( $(java_major "$home") >= 21 )); then
      echo "$home"
      return 0
    fi
  done
  return 1
}

if ! JAVA_HOME="$(pick_jdk)"; then
  echo "this needs a JDK >= 21 (set JAVA_HOME); none was found" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
