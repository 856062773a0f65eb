# workspace.sh (sourced): lays out the profiles every format is tested on,
# under awkward names that must survive each format's escaping. They are
# made at test time rather than committed, as not every file system or
# checkout takes such names.
#   make_workspace DIR   fills DIR; sets REPORT_FILES (paths relative to DIR)
#   REPORT_OPTIONS       the options every format run uses
REPORT_OPTIONS=(--select MC1,MC2,MC55 --severity placeholder-uuid=info --statistics)

make_workspace() {
  local dir=$1 here
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  mkdir -p "$dir/profiles" "$dir/odd dir"
  cp "$here"/profiles/*.mobileconfig "$dir/profiles/"
  # Another profile made from the same one (a copy would be one profile and
  # not collide): its display name differs, its findings are the same.
  sed 's/Findings in every severity/Findings, second copy/' "$here/profiles/findings.mobileconfig" \
    > "$dir/odd dir/café, 100%: \"q\" <&>.mobileconfig"
  REPORT_FILES=(./profiles/clean.mobileconfig profiles/findings.mobileconfig
                profiles/malformed.mobileconfig "odd dir/café, 100%: \"q\" <&>.mobileconfig"
                missing.mobileconfig)
}
