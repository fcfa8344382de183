// Deletes a consumer group the observer no longer reads with (a saga removed from the
// definitions). Observers sharing the group leave it one by one: while another is still in it the
// broker answers NON_EMPTY_GROUP, and that one deletes it when it leaves, so this one gives up.
import type { Kafka } from "kafkajs";
import { sleep } from "../../kit/retry";

type GroupError = { groupId: string; error?: { type?: string } };
const groupErrors = (err: unknown): GroupError[] => (err as { groups?: GroupError[] }).groups ?? [];

/** True when the group is gone (deleted now, or already); false when others still read with it. */
export async function deleteConsumerGroup(kafka: Kafka, groupId: string, attempts = 5): Promise<boolean> {
  const admin = kafka.admin({ retry: { retries: 2 } });
  await admin.connect();
  try {
    for (let i = 1; ; i++) {
      try {
        await admin.deleteGroups([groupId]);
        return true;
      } catch (err) {
        const types = groupErrors(err).map((g) => g.error?.type);
        if (types.includes("GROUP_ID_NOT_FOUND")) return true;
        if (!types.includes("NON_EMPTY_GROUP")) throw err;
        // The member this observer was may still be on the coordinator's books for a moment.
        if (i >= attempts) return false;
        await sleep(200 * 2 ** i);
      }
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
