#!/usr/bin/env bash
# The end-to-end API server: a fresh SQLite database, the operators the dashboard tests log in
# as (password from E2E_OPS_PASSWORD, made up per run by playwright.config.ts), then serve.
set -euo pipefail
server=$1 port=$2 dir=$3 host_school=$4 seller_product=$5 host_lodging=$6
rm -rf "$dir" && mkdir -p "$dir"
store=(--database-url "sqlite://$dir/portal.db" --data ../public/data)
export PORTAL_OPERATOR_PASSWORD="$E2E_OPS_PASSWORD"
# Every browser test comes from 127.0.0.1 and books, orders and looks tickets up far more than
# one visitor would: the per-address limits on those are raised a thousandfold (logins are not).
export PORTAL_LIMITS_SCALE=1000
"$server" operator add --username e2e.host --role host --name "E2E Host" --listing "schools/$host_school" --listing "lodgings/$host_lodging" "${store[@]}"
"$server" operator add --username e2e.seller --role seller --name "E2E Seller" --listing "products/$seller_product" "${store[@]}"
"$server" operator add --username e2e.finance --role finance --name "E2E Finance" "${store[@]}"
"$server" operator add --username e2e.admin --role admin --name "E2E Admin" "${store[@]}"
exec "$server" serve --addr "127.0.0.1:$port" --dist ../dist --mode api "${store[@]}"
