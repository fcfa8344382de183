// contracts' INPUT_TOPICS (lag per service, the /modes "must know" tables) must list exactly
// what each service's consumer group reads: both modes' handler maps, as the services build them.
import assert from "node:assert/strict";
import { it } from "node:test";
import type { ServiceName, TopicName } from "../../contracts";
import { INPUT_TOPICS } from "../../contracts/consumed-topics";
import type { TopicHandlers } from "../../services/kit/kafka/dispatch";
import { balanceCommandHandlers } from "../../services/balance/consumers/command-consumer";
import { balanceHandlers } from "../../services/balance/consumers/saga-consumer";
import { notificationCommandHandlers } from "../../services/notification/consumers/command-consumer";
import { notificationHandlers } from "../../services/notification/consumers/saga-consumer";
import { orderHandlers } from "../../services/order/consumers/saga-consumer";
import { stockCommandHandlers } from "../../services/stock/consumers/command-consumer";
import { stockHandlers } from "../../services/stock/consumers/saga-consumer";

// Handlers are only built here, never called: their dependencies are not touched.
const deps = {} as never;
const groups: Record<ServiceName, TopicHandlers> = {
  order: orderHandlers(deps),
  stock: { ...stockHandlers(deps), ...stockCommandHandlers(deps) },
  balance: { ...balanceHandlers(deps), ...balanceCommandHandlers(deps) },
  notification: { ...notificationHandlers(deps), ...notificationCommandHandlers(deps) },
};

it("lists exactly the topics each service's consumer group handles", () => {
  for (const [service, handlers] of Object.entries(groups) as [ServiceName, TopicHandlers][]) {
    assert.deepEqual([...INPUT_TOPICS[service]].sort(), (Object.keys(handlers) as TopicName[]).sort(), service);
  }
});
