#!/usr/bin/env bash
# Check Schemas/rules.schema.json, plan.schema.json, request-plan.schema.json,
# request.schema.json, status.schema.json, outbox.schema.json, check.schema.json
# and diff.schema.json,
# and SARIF reports against the official SARIF 2.1.0 schema, with a real
# JSON Schema validator
# (check-jsonschema, https://pypi.org/project/check-jsonschema/).
#
#   scripts/check-schemas.sh
#       1. the eight schemas of Schemas/ are valid draft-07 schemas (--check-metaschema;
#          the vendored SARIF schema is taken as published);
#       2. every YAML document of every Rules/**/*.yaml|yml is accepted by
#          rules.schema.json.
#
#   scripts/check-schemas.sh [--valid PATH...] [--invalid PATH...] [--plan FILE...]
#                            [--report FILE...] [--requests PATH...]
#                            [--bad-requests PATH...] [--status FILE...] [--outbox FILE...]
#                            [--check-report FILE...] [--sarif FILE...] [--diff FILE...]
#       1. as above;
#       2. every file given after --valid (or found under a directory given
#          after --valid) is accepted, and every one given after --invalid
#          (or found under a directory given after --invalid) is rejected,
#          by rules.schema.json;
#       3. every plan file given after --plan (JSON written by
#          `tillval compile RULES -o FILE`) is accepted by plan.schema.json;
#       4. every report file given after --report (JSON printed by
#          `tillval plan|apply REQUEST --format json`) is accepted by
#          request-plan.schema.json;
#       5. every request in the files given after --requests (or found under
#          a directory given after --requests: .yaml, .yml, .json, .jsonl) is
#          accepted by request.schema.json, and every file given after
#          --bad-requests is rejected by it.
#       6. every file given after --status (`tillval status [ID] --format json`)
#          is accepted by status.schema.json, and every one given after
#          --outbox (`tillval outbox [--all] --format json`) by outbox.schema.json.
#       7. every file given after --check-report (`tillval check --format json`)
#          is accepted by check.schema.json, and every one given after --sarif
#          (`tillval check --format sarif`) by the official SARIF 2.1.0 schema,
#          Schemas/vendor/sarif-schema-2.1.0.json (draft-04).
#       8. every file given after --diff (`tillval diff ... --format json`)
#          is accepted by diff.schema.json.
#       Rules/ is then not checked unless it is named after --valid.
#
#   scripts/check-schemas.sh --no-metaschema ...  skips step 1 (the tests
#       check the schemas once, and the documents in many runs).
#
#   VERBOSE=1 scripts/check-schemas.sh ...  also shows why each file given
#       after --invalid was rejected.
#
# The validator is .venv/bin/check-jsonschema, made by `make venv`
# (CHECK_JSONSCHEMA=PATH to use another).
#
# check-jsonschema reads one YAML document per file ("expected a single
# document in the stream"), so a file with several documents is cut at its
# `---` / `...` marker lines (a marker in column 0 always ends a document in
# YAML, even inside a block scalar) and each document is checked on its own.
# A file counts as accepted when all of its documents are, and as rejected
# when any one of them is. Empty documents are skipped, as tillval skips them.
# A file that check-jsonschema cannot parse as YAML counts as rejected.
# The validator starts slowly (about half a second), so it runs once for all
# the files of a schema and of an expectation: the eight schemas in one run,
# the files that must be accepted in one run, those that must be rejected in
# one run (read as JSON, `--output-format json`); only when a file is not as
# expected is it checked again on its own, to say which and why.
# A .jsonl request file is cut into its lines the same way (empty lines
# skipped, a failing one named `file.jsonl (line N)`); a .json file is checked
# as it is.
#
# Files are found the way tillval finds them: lower-case .yaml/.yml at any
# depth, names starting with "." skipped below the directory given, symbolic
# links to directories not followed.
#
# Exit status: 0 when everything went as expected, 1 on any surprise,
# 2 on misuse or when the validator cannot run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCHEMA="$ROOT/Schemas/rules.schema.json"
PLAN_SCHEMA="$ROOT/Schemas/plan.schema.json"
REPORT_SCHEMA="$ROOT/Schemas/request-plan.schema.json"
REQUEST_SCHEMA="$ROOT/Schemas/request.schema.json"
STATUS_SCHEMA="$ROOT/Schemas/status.schema.json"
OUTBOX_SCHEMA="$ROOT/Schemas/outbox.schema.json"
CHECK_SCHEMA="$ROOT/Schemas/check.schema.json"
DIFF_SCHEMA="$ROOT/Schemas/diff.schema.json"
SARIF_SCHEMA="$ROOT/Schemas/vendor/sarif-schema-2.1.0.json"

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

# ---- the validator --------------------------------------------------------
# The pinned check-jsonschema that `make venv` (run by `make test`) installs
# into .venv/; CHECK_JSONSCHEMA names another one.
CJ=("${CHECK_JSONSCHEMA:-$ROOT/.venv/bin/check-jsonschema}")
# Starting it only to ask its version costs half a second a run: a validator
# that is missing or not executable is caught here, one that fails to run
# below (its output then says neither "validation errors" nor "parse").
if ! command -v "${CJ[0]}" >/dev/null 2>&1; then
    echo "check-schemas: ${CJ[0]} cannot run; run 'make venv' to install the test tools into .venv/" >&2
    exit 2
fi

# ---- arguments --------------------------------------------------------------
valid_args=()
invalid_args=()
plan_args=()
report_args=()
requests_args=()
bad_requests_args=()
status_args=()
outbox_args=()
check_args=()
sarif_args=()
diff_args=()
mode=""
metaschema=1
given=""   # the options given, each once, e.g. " valid plan"
for arg in "$@"; do
    case "$arg" in
        -h|--help) usage; exit 0 ;;
        --no-metaschema) metaschema=0 ;;
        --valid|--invalid|--plan|--report|--requests|--bad-requests|--status|--outbox|--check-report|--sarif|--diff)
            mode=${arg#--}
            [[ " $given " == *" $mode "* ]] || given="$given $mode" ;;
        -*) echo "check-schemas: unknown option: $arg" >&2; usage >&2; exit 2 ;;
        *)
            case "$mode" in
                valid) valid_args+=("$arg") ;;
                invalid) invalid_args+=("$arg") ;;
                plan) plan_args+=("$arg") ;;
                report) report_args+=("$arg") ;;
                requests) requests_args+=("$arg") ;;
                bad-requests) bad_requests_args+=("$arg") ;;
                status) status_args+=("$arg") ;;
                outbox) outbox_args+=("$arg") ;;
                check-report) check_args+=("$arg") ;;
                sarif) sarif_args+=("$arg") ;;
                diff) diff_args+=("$arg") ;;
                *) echo "check-schemas: say --valid, --invalid, --plan, --report, --requests, --bad-requests, --status, --outbox, --check-report, --sarif or --diff before $arg" >&2; exit 2 ;;
            esac
            ;;
    esac
done
for option in $given; do
    case "$option" in
        valid) count=${#valid_args[@]} ;;
        invalid) count=${#invalid_args[@]} ;;
        plan) count=${#plan_args[@]} ;;
        report) count=${#report_args[@]} ;;
        requests) count=${#requests_args[@]} ;;
        bad-requests) count=${#bad_requests_args[@]} ;;
        status) count=${#status_args[@]} ;;
        outbox) count=${#outbox_args[@]} ;;
        check-report) count=${#check_args[@]} ;;
        sarif) count=${#sarif_args[@]} ;;
        diff) count=${#diff_args[@]} ;;
    esac
    if [[ $count -eq 0 ]]; then
        echo "check-schemas: --$option needs at least one path" >&2; exit 2
    fi
done
if [[ -z "$mode" ]]; then
    valid_args=("$ROOT/Rules")
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/check-schemas.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# ---- helpers ----------------------------------------------------------------

# yaml_files PATH: the rule files at PATH (a file, or a directory searched
# like tillval searches a rule set), one per line, in byte order.
yaml_files() {
    local path=$1
    if [[ -d "$path" ]]; then
        find "$path" -mindepth 1 -name '.*' -prune -o -type f \
            \( -name '*.yaml' -o -name '*.yml' \) -print | LC_ALL=C sort
    elif [[ -f "$path" ]]; then
        printf '%s\n' "$path"
    fi
}

# request_files PATH: the request files at PATH (a file, or the .yaml, .yml,
# .json and .jsonl files of a directory, at any depth), one per line.
request_files() {
    local path=$1
    if [[ -d "$path" ]]; then
        find "$path" -mindepth 1 -name '.*' -prune -o -type f \
            \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.jsonl' \) -print | LC_ALL=C sort
    elif [[ -f "$path" ]]; then
        printf '%s\n' "$path"
    fi
}

# split FILE OUTDIR: write each non-empty YAML document of FILE to
# OUTDIR/doc-N.yaml (N counts every document, empty ones too, from 1) and
# print their paths; print SINGLE instead when FILE holds exactly one
# document, so that FILE itself is checked (and named in messages).
split_documents() {
    local file=$1 out=$2
    mkdir -p "$out"
    LC_ALL=C awk -v out="$out" '
        function flush() {
            if (n > 0 || started) {
                docs++
                if (content) { f = out "/doc-" docs ".yaml"; printf "%s", buf > f; close(f); kept[++k] = f }
            }
            buf = ""; n = 0; content = 0; started = 0
        }
        /^---([ \t]|$)/ {
            if (content || started) flush()
            started = 1
            rest = $0; sub(/^---[ \t]*/, "", rest)
            if (rest != "" && rest !~ /^#/) content = 1
            buf = buf $0 "\n"; n++; next
        }
        /^\.\.\.([ \t]|$)/ { buf = buf $0 "\n"; n++; flush(); next }
        {
            buf = buf $0 "\n"; n++
            if ($0 !~ /^[ \t]*(#.*)?$/ && !(!started && $0 ~ /^%/)) content = 1
        }
        END {
            if (content || started) flush()
            if (docs == 1 && k == 1) print "SINGLE"
            else for (i = 1; i <= k; i++) print kept[i]
        }
    ' "$file"
}

# split_lines FILE OUTDIR: write each non-blank line of the JSON Lines FILE
# to OUTDIR/line-N.json (N counts every line, from 1) and print their paths.
split_lines() {
    local file=$1 out=$2
    mkdir -p "$out"
    LC_ALL=C awk -v out="$out" '
        $0 !~ /^[ \t\r]*$/ { f = out "/line-" NR ".json"; print $0 > f; close(f); print f }
    ' "$file"
}

# documents FILE: set DOCS to the files to give the validator for FILE: FILE
# itself, or its documents (its lines, for .jsonl) cut into files named
# doc-N.yaml (line-N.json), from which the validator infers the file type.
documents() {
    local file=$1 n
    n=$(( ${n_split:=0} + 1 )); n_split=$n
    DOCS=()
    case "$file" in
        *.jsonl) mapfile -t DOCS < <(split_lines "$file" "$TMP/split-$n") ;;
        *.json) DOCS=("$file") ;;
        *)
            mapfile -t DOCS < <(split_documents "$file" "$TMP/split-$n")
            if [[ ${#DOCS[@]} -eq 1 && "${DOCS[0]}" == SINGLE ]]; then
                DOCS=("$file")
            fi ;;
    esac
}

# check_file FILE [SCHEMA]: run the validator on every document of FILE
# (every line of a .jsonl file), against SCHEMA (default rules.schema.json).
# Sets CHECK_RESULT to accepted, rejected or unparsable and CHECK_OUTPUT to
# what the validator said. Returns 2 when the validator itself failed.
check_file() {
    local file=$1 schema=${2:-$SCHEMA} docs=() out rc
    documents "$file"
    docs=("${DOCS[@]}")
    if [[ ${#docs[@]} -eq 0 ]]; then
        CHECK_RESULT=accepted; CHECK_OUTPUT="(no documents: skipped, as tillval skips it)"
        return 0
    fi
    set +e
    out=$("${CJ[@]}" --schemafile "$schema" "${docs[@]}" 2>&1)
    rc=$?
    set -e
    # Name the documents of a multi-document file by file and number.
    if [[ "${docs[0]}" != "$file" ]]; then
        local i
        for i in "${!docs[@]}"; do
            local d=${docs[$i]} name=${docs[$i]##*/}
            case "$name" in
                line-*) name=${name#line-}; out=${out//"$d"/"$file (line ${name%.json})"} ;;
                *) name=${name#doc-}; out=${out//"$d"/"$file (document ${name%.yaml})"} ;;
            esac
        done
    fi
    CHECK_OUTPUT=$out
    if [[ $rc -eq 0 ]]; then
        CHECK_RESULT=accepted
    elif grep -q 'Schema validation errors were encountered' <<<"$out"; then
        CHECK_RESULT=rejected
    elif grep -q 'Failed to parse' <<<"$out"; then
        CHECK_RESULT=unparsable
    else
        return 2
    fi
}

indent() { sed 's/^/    /'; }

# ---- 1. the schemas themselves ----------------------------------------------
schemas=("$SCHEMA" "$PLAN_SCHEMA" "$REPORT_SCHEMA" "$REQUEST_SCHEMA" "$STATUS_SCHEMA" "$OUTBOX_SCHEMA" "$CHECK_SCHEMA" "$DIFF_SCHEMA")
for schema in "${schemas[@]}" "$SARIF_SCHEMA"; do
    if [[ ! -f "$schema" ]]; then
        echo "check-schemas: missing $schema" >&2; exit 2
    fi
done
if [[ $metaschema -eq 1 ]]; then
    # All eight in one run; when it fails, one at a time to say which.
    if ! "${CJ[@]}" --check-metaschema "${schemas[@]}" >/dev/null 2>&1; then
        for schema in "${schemas[@]}"; do
            if ! meta=$("${CJ[@]}" --check-metaschema "$schema" 2>&1); then
                if ! grep -q 'Schema validation errors were encountered' <<<"$meta"; then
                    echo "check-schemas: the validator failed on ${schema#"$ROOT"/}:" >&2
                    printf '%s\n' "$meta" | indent >&2
                    exit 2
                fi
                echo "schema: FAIL: ${schema#"$ROOT"/} is not a valid JSON Schema:"
                printf '%s\n' "$meta" | indent
                exit 1
            fi
        done
    fi
    for schema in "${schemas[@]}"; do
        echo "schema: ${schema#"$ROOT"/} is a valid JSON Schema"
    done
fi

# ---- 2. the documents -------------------------------------------------------
accepted=0
rejected=0
surprises=0

# run EXPECT [--requests] PATH...: every file found at PATH must be accepted
# (EXPECT valid) or rejected (EXPECT invalid) by rules.schema.json, or with
# --requests, by request.schema.json.
run() {
    local expect=$1 path file schema=$SCHEMA lister=yaml_files kinds=".yaml or .yml" all_files=()
    shift
    if [[ "${1:-}" == --requests ]]; then
        schema=$REQUEST_SCHEMA; lister=request_files; kinds=".yaml, .yml, .json or .jsonl"
        shift
    fi
    for path in "$@"; do
        local files=()
        if [[ ! -e "$path" ]]; then
            echo "schema: SURPRISE: no such file or directory: $path"
            surprises=$((surprises + 1))
            continue
        fi
        mapfile -t files < <("$lister" "$path")
        if [[ ${#files[@]} -eq 0 ]]; then
            echo "schema: SURPRISE: no $kinds files under $path"
            surprises=$((surprises + 1))
            continue
        fi
        all_files+=("${files[@]}")
    done
    # Files that must be accepted are first checked in one validator run (it
    # starts slowly: one run per file cost minutes); only when that run fails
    # is each file checked on its own, to say which one and why.
    if [[ $expect == valid && ${#all_files[@]} -gt 0 ]]; then
        local all_docs=()
        for file in "${all_files[@]}"; do
            documents "$file"
            all_docs+=("${DOCS[@]}")
        done
        if [[ ${#all_docs[@]} -eq 0 ]] || "${CJ[@]}" --schemafile "$schema" "${all_docs[@]}" >/dev/null 2>&1; then
            accepted=$((accepted + ${#all_files[@]}))
            return 0
        fi
    fi
    # Files that must be rejected are checked in one run too, its report read
    # as JSON: a file is rejected when one of its documents has a schema error
    # or cannot be parsed. A file that run does not show as rejected (or all
    # of them, when its report cannot be read) is checked on its own below.
    if [[ $expect == invalid && ${#all_files[@]} -gt 1 && -z "${VERBOSE:-}" ]]; then
        local all_docs=() line kind doc owner remaining=() out
        local -A owner_of=() result_of=()
        for file in "${all_files[@]}"; do
            documents "$file"
            for doc in "${DOCS[@]}"; do
                all_docs+=("$doc"); owner_of["$doc"]=$file
            done
        done
        set +e
        out=$("${CJ[@]}" --output-format json --schemafile "$schema" "${all_docs[@]}" 2>/dev/null)
        set -e
        while IFS=$'\t' read -r kind doc; do
            owner=${owner_of["$doc"]:-}
            [[ -n "$owner" ]] || continue
            if [[ ${result_of["$owner"]:-} != rejected ]]; then result_of["$owner"]=$kind; fi
        done < <(awk '
            /^  "errors": \[/ { kind = "rejected" }
            /^  "parse_errors": \[/ { kind = "unparsable" }
            /^      "filename": "/ && kind != "" {
                f = $0; sub(/^      "filename": "/, "", f); sub(/",?$/, "", f); print kind "\t" f
            }' <<<"$out")
        for file in "${all_files[@]}"; do
            case "${result_of["$file"]:-}" in
                rejected) rejected=$((rejected + 1)) ;;
                unparsable)
                    rejected=$((rejected + 1))
                    echo "schema: note: $file was rejected as unreadable YAML, not by the schema" ;;
                *) remaining+=("$file") ;;
            esac
        done
        all_files=("${remaining[@]}")
    fi
    for file in "${all_files[@]}"; do
        if ! check_file "$file" "$schema"; then
            echo "check-schemas: the validator failed on $file:" >&2
            printf '%s\n' "$CHECK_OUTPUT" | indent >&2
            exit 2
        fi
        case "$expect/$CHECK_RESULT" in
            valid/accepted)
                accepted=$((accepted + 1)) ;;
            invalid/rejected)
                rejected=$((rejected + 1))
                if [[ -n "${VERBOSE:-}" ]]; then printf '%s\n' "$CHECK_OUTPUT" | indent; fi ;;
            invalid/unparsable)
                rejected=$((rejected + 1))
                echo "schema: note: $file was rejected as unreadable YAML, not by the schema" ;;
            valid/*)
                surprises=$((surprises + 1))
                echo "schema: SURPRISE: $file should be accepted by ${schema#"$ROOT"/}, but is $CHECK_RESULT:"
                printf '%s\n' "$CHECK_OUTPUT" | indent ;;
            invalid/accepted)
                surprises=$((surprises + 1))
                echo "schema: SURPRISE: $file should be rejected by ${schema#"$ROOT"/}, but is accepted" ;;
        esac
    done
}

# run_json WHAT SCHEMA FILE...: every JSON file must be accepted by SCHEMA;
# WHAT (plan, report) names the files in messages. A file that is not JSON
# counts as a surprise, like a rejected one.
run_json() {
    local what=$1 schema=$2 file out rc files=()
    shift 2
    for file in "$@"; do
        if [[ -f "$file" ]]; then files+=("$file"); fi
    done
    # One validator run for all; only when it fails, one run per file to say
    # which and why.
    if [[ ${#files[@]} -gt 0 && ${#files[@]} -eq $# ]] \
        && "${CJ[@]}" --force-filetype json --schemafile "$schema" "${files[@]}" >/dev/null 2>&1; then
        accepted=$((accepted + ${#files[@]}))
        return 0
    fi
    for file in "$@"; do
        if [[ ! -f "$file" ]]; then
            echo "schema: SURPRISE: no such $what file: $file"
            surprises=$((surprises + 1))
            continue
        fi
        set +e
        out=$("${CJ[@]}" --force-filetype json --schemafile "$schema" "$file" 2>&1)
        rc=$?
        set -e
        if [[ $rc -eq 0 ]]; then
            accepted=$((accepted + 1))
        elif grep -q 'Schema validation errors were encountered' <<<"$out"; then
            surprises=$((surprises + 1))
            echo "schema: SURPRISE: $what $file should be accepted by ${schema#"$ROOT"/}, but is rejected:"
            printf '%s\n' "$out" | indent
        elif grep -q 'Failed to parse' <<<"$out"; then
            surprises=$((surprises + 1))
            echo "schema: SURPRISE: $what $file is not readable JSON:"
            printf '%s\n' "$out" | indent
        else
            echo "check-schemas: the validator failed on $file:" >&2
            printf '%s\n' "$out" | indent >&2
            exit 2
        fi
    done
}

if [[ ${#valid_args[@]} -gt 0 ]]; then run valid "${valid_args[@]}"; fi
if [[ ${#invalid_args[@]} -gt 0 ]]; then run invalid "${invalid_args[@]}"; fi
if [[ ${#plan_args[@]} -gt 0 ]]; then run_json plan "$PLAN_SCHEMA" "${plan_args[@]}"; fi
if [[ ${#report_args[@]} -gt 0 ]]; then run_json report "$REPORT_SCHEMA" "${report_args[@]}"; fi
if [[ ${#requests_args[@]} -gt 0 ]]; then run valid --requests "${requests_args[@]}"; fi
if [[ ${#bad_requests_args[@]} -gt 0 ]]; then run invalid --requests "${bad_requests_args[@]}"; fi
if [[ ${#status_args[@]} -gt 0 ]]; then run_json status "$STATUS_SCHEMA" "${status_args[@]}"; fi
if [[ ${#outbox_args[@]} -gt 0 ]]; then run_json outbox "$OUTBOX_SCHEMA" "${outbox_args[@]}"; fi
if [[ ${#check_args[@]} -gt 0 ]]; then run_json "check report" "$CHECK_SCHEMA" "${check_args[@]}"; fi
if [[ ${#diff_args[@]} -gt 0 ]]; then run_json "diff report" "$DIFF_SCHEMA" "${diff_args[@]}"; fi
if [[ ${#sarif_args[@]} -gt 0 ]]; then run_json "SARIF report" "$SARIF_SCHEMA" "${sarif_args[@]}"; fi

summary="schema: $accepted accepted, $rejected rejected as expected"
if [[ $surprises -gt 0 ]]; then
    echo "$summary, $surprises surprise(s)"
    exit 1
fi
echo "$summary"
