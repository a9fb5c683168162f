#!/usr/bin/env bash
# Creates the platform's topics on the compose cluster, then seeds the local run's admins (docker-compose.yml,
# service kafka-topics). The same topics, partitions and settings as k8s/kafka/topics.yaml (the build checks
# that they agree): name, partitions, cleanup policy, retention in ms (compacted: -1, kept by key).
set -euo pipefail
bootstrap="$1"
bin=/opt/kafka/bin

while read -r name partitions cleanup retention; do
  [ -z "${name}" ] && continue
  "${bin}/kafka-topics.sh" --bootstrap-server "${bootstrap}" --create --if-not-exists --topic "${name}" \
    --partitions "${partitions}" --replication-factor 3 --config min.insync.replicas=2 \
    --config cleanup.policy="${cleanup}" --config retention.ms="${retention}"
done <<'TOPICS'
notification.requested.v1 6 delete 604800000
notification.requested.v1.dlq 1 delete 1209600000
notification.dispatched.v1 6 delete 604800000
notification.dispatched.v1.dlq 1 delete 1209600000
notification.dispatched.urgent.v1 6 delete 604800000
notification.dispatched.urgent.v1.dlq 1 delete 1209600000
notification.fanout.v1 6 delete 86400000
notification.fanout.v1.dlq 1 delete 1209600000
notification.digest.v1 6 delete 604800000
notification.digest.v1.dlq 1 delete 1209600000
notification.state.v1 3 delete 86400000
notification.state.v1.dlq 1 delete 1209600000
admin.directory.v1 3 compact -1
admin.directory.v1.dlq 1 delete 1209600000
notification.preferences.v1 3 compact -1
notification.preferences.v1.dlq 1 delete 1209600000
TOPICS

# The local run's admins (launcher SeededAdmins), as the identity service would publish them: key, then value.
now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
while read -r id kind malls partner roles; do
  headers="ce_id:seed-${id},ce_source:/compose,ce_type:admin.directory.v1,ce_specversion:1.0,ce_time:${now},content-type:application/json"
  printf '%s\t%s\t{"adminId": "%s", "kind": "%s", "mallIds": %s, "partnerId": %s, "roles": %s, "active": true, "locale": "ko-KR", "updatedAt": "%s"}\n' \
    "${headers}" "${id}" "${id}" "${kind}" "${malls}" "${partner}" "${roles}" "${now}"
done <<'ADMINS' | "${bin}/kafka-console-producer.sh" --bootstrap-server "${bootstrap}" --topic admin.directory.v1 \
  --property parse.key=true --property parse.headers=true --property key.separator=$'\t' \
  --property headers.delimiter=$'\t' --property headers.separator=, --property headers.key.separator=:
op-m1 OPERATOR ["m-1"] null ["orders","claims","inquiries"]
op-m2 OPERATOR ["m-2"] null ["orders","claims","inquiries"]
pt-p1 PARTNER [] "p-1" ["products","claims"]
pl-1 PLATFORM [] null ["fraud-reviewer","operations"]
ADMINS
echo "Topics created and local admins seeded."
