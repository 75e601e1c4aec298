#!/usr/bin/env bash
# LocalStack only: the Secrets Manager secret the read and consumer functions read through DB_SECRET_ARN,
# in the JSON form RDS writes, for the PostgreSQL of compose.yaml (user and password "tourists").
# Prints the ARN to give as DB_SECRET_ARN. Running it again keeps one secret with the same value.
set -euo pipefail

SECRET_NAME="${DB_SECRET_NAME:-tourists/db}"
SECRET_VALUE="{\"username\":\"${DB_USER:-tourists}\",\"password\":\"${DB_PASSWORD:-tourists}\"}"

export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-${AWS_REGION:-us-east-1}}"

if [[ -z "${AWS_ENDPOINT_URL:-}" ]] && command -v awslocal >/dev/null 2>&1; then
  secrets() { awslocal secretsmanager "$@"; }
else
  secrets() { aws --endpoint-url "${AWS_ENDPOINT_URL:-http://localhost:4566}" secretsmanager "$@"; }
fi

if ! arn=$(secrets create-secret --name "$SECRET_NAME" --secret-string "$SECRET_VALUE" --query ARN --output text 2>/dev/null); then
  arn=$(secrets put-secret-value --secret-id "$SECRET_NAME" --secret-string "$SECRET_VALUE" --query ARN --output text)
fi
echo "database secret: $arn"
