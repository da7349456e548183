# Shared by the CI scripts: strict mode, one-line failures GitHub shows as errors, the run summary and outputs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Stops the step with one line naming what happened.
fail() { echo "::error::$*" >&2; exit 1; }

# Appends stdin to the run's summary (stderr outside Actions).
summary() { if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat >> "$GITHUB_STEP_SUMMARY"; else cat >&2; fi; }

# Sets a step output (printed outside Actions).
output() { if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1=$2" >> "$GITHUB_OUTPUT"; else echo "$1=$2"; fi; }

# invoke <function> <payload> <response file>: a synchronous invoke with retries off (a retried apply could run
# twice) and no read timeout; fails unless the function ran and answered a JSON body with a 2xx statusCode.
invoke() {
  local function=$1 payload=$2 response=$3 status
  AWS_MAX_ATTEMPTS=1 aws lambda invoke --function-name "$function" --cli-binary-format raw-in-base64-out \
    --cli-read-timeout 0 --cli-connect-timeout 10 --payload "$payload" "$response" > "$response.invoke" \
    || fail "aws lambda invoke $function failed (exit $?)"
  if jq -e '.FunctionError' "$response.invoke" > /dev/null; then
    fail "$function raised $(jq -r '.FunctionError' "$response.invoke"): $(head -c 300 "$response")"
  fi
  status=$(jq -r '.statusCode // empty' "$response" 2> /dev/null) \
    || fail "$function answered something that is not JSON: $(head -c 300 "$response")"
  [ -n "$status" ] || fail "$function answered without a statusCode: $(head -c 300 "$response")"
  if ! [[ "$status" =~ ^[0-9]+$ ]] || [ "$status" -lt 200 ] || [ "$status" -ge 300 ]; then
    fail "$function answered $status: $(jq -r '.error // .message // "no message"' "$response")"
  fi
}

# lambda_release_failure <stack>: for a stack with a CodeDeploy deployment group (the app on Lambda), the latest
# deployment's state and error when it did not succeed; nothing for other stacks. Fails when AWS cannot be asked.
lambda_release_failure() {
  local stack=$1 group app id state
  group=$(aws cloudformation describe-stack-resources --stack-name "$stack" \
    --query "StackResources[?ResourceType=='AWS::CodeDeploy::DeploymentGroup'].PhysicalResourceId | [0]" --output text) || return 1
  if [ -z "$group" ] || [ "$group" = None ]; then return 0; fi
  app=$(aws cloudformation describe-stack-resources --stack-name "$stack" \
    --query "StackResources[?ResourceType=='AWS::CodeDeploy::Application'].PhysicalResourceId | [0]" --output text) || return 1
  id=$(aws deploy list-deployments --application-name "$app" --deployment-group-name "$group" --max-items 1 \
    --query 'deployments[0]' --output text) || return 1
  state=$(aws deploy get-deployment --deployment-id "$id" \
    --query '[deploymentInfo.status, deploymentInfo.errorInformation.message]' --output text) || return 1
  if [ "${state%%$'\t'*}" != Succeeded ]; then echo "the Lambda release $id was rolled back by CodeDeploy (${state//$'\t'/: })"; fi
}

# Every hazard's one definition: what it means, its statements, whether a release may apply it.
HAZARDS="$ROOT/contract/hazards.json"

# The hazards a release may apply.
release_hazards() { jq -c '[.hazards[] | select(.release) | .name]' "$HAZARDS"; }

# image_digest <repository> <tag>: the digest the tag names; fails (non-zero) when the tag is not in the repository.
image_digest() {
  aws ecr describe-images --repository-name "$1" --image-ids "imageTag=$2" --query 'imageDetails[0].imageDigest' --output text
}
