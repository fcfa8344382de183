// How the built-in saga's map is drawn: the only hand-written part of it. Which edges there are,
// who publishes and consumes each and its kind come from the definition (builtInSaga.ts); here,
// per step id, are the bend, the label's place, the words under it, and where a step that no
// service consumes is drawn; and where each node sits. Each mode draws its edges in this order.
import type { SagaMode, ServiceName } from "../../contracts/topics";

/** Map nodes: the four services and the external platform that notification-send reaches. */
export type NodeId = ServiceName | "platform";

export type StepLayout = {
  /** Perpendicular bend of the drawn edge (0 = straight), so parallel edges do not overlap. */
  bend: number;
  /** Where along the curve its label sits (0 at the source, 1 at the target; 0.5 unless given). */
  labelAt?: number;
  description: string;
  /** Only for a step no service consumes (`to: []`): the node its edge ends at. */
  drawnTo?: NodeId;
};

export const STEP_LAYOUT: Record<string, StepLayout> = {
  // Choreography
  "order-create": { bend: 0, description: "order stored as PENDING" },
  "stock-decrease": { bend: 0, description: "stock taken, order priced" },
  "pay-complete": { bend: 0.1, description: "points deducted" },
  "order-complete": { bend: 0.12, description: "order COMPLETED" },
  "stock-decrease-fail": { bend: 0.35, description: "stock could not be taken" },
  "pay-fail": { bend: 0.35, description: "points could not be deducted" },
  "stock-restore": { bend: 0.7, description: "stock put back" },
  "order-cancel": { bend: -0.12, description: "order CANCELLED" },
  "notification-send": { bend: 0, description: "mail / alarm sent", drawnTo: "platform" },
  // Back to the order, where the refund is news; its label near the balance service: halfway it
  // would lie on order-cancel's arrowhead.
  "pay-refund": {
    bend: -0.25,
    labelAt: 0.25,
    description: "points refunded (cancelled after payment)",
    drawnTo: "order",
  },

  // Orchestration: commands out from the orchestrator, replies back on saga-reply. On each spoke
  // the commands bend to one side and the replies to the other (a positive bend is to the left of
  // the edge's direction), the undoing ones further out.
  "stock-command-take": { bend: 0.1, description: "take the stock" },
  "stock-command-restore": { bend: 0.3, description: "put the stock back" },
  "reply-stock-decrease": { bend: 0.1, description: "stock taken, order priced" },
  "reply-stock-decrease-fail": { bend: 0.28, description: "stock could not be taken" },
  "reply-stock-restore": { bend: 0.46, description: "stock put back" },
  "balance-command-charge": { bend: 0.1, description: "deduct the points" },
  "balance-command-refund": { bend: 0.3, description: "refund the points" },
  "reply-pay-complete": { bend: 0.1, description: "points deducted" },
  "reply-pay-fail": { bend: 0.28, description: "points could not be deducted" },
  "reply-pay-refund": { bend: 0.46, description: "points refunded" },
  // The notification spoke is vertical: its labels lie across it, so its edges spread wider and
  // the command's label sits high, the reply's low.
  "notification-command-completed": { bend: 0.2, labelAt: 0.3, description: "tell the platform: COMPLETED" },
  "notification-command-cancelled": { bend: 0.5, description: "tell the platform: CANCELLED" },
  "reply-notification-send": { bend: 0.2, labelAt: 0.3, description: "mail / alarm sent" },
};

/** Where each node sits on each mode's map (top-left corner, pixels). */
export const NODE_POSITIONS: Record<SagaMode, Record<NodeId, { x: number; y: number }>> = {
  choreography: {
    order: { x: 0, y: 170 },
    stock: { x: 380, y: 0 },
    balance: { x: 760, y: 170 },
    notification: { x: 380, y: 360 },
    platform: { x: 760, y: 500 },
  },
  orchestration: {
    order: { x: 420, y: 230 },
    stock: { x: -140, y: 230 },
    balance: { x: 980, y: 230 },
    notification: { x: 420, y: 640 },
    platform: { x: 980, y: 640 },
  },
};
export const NODE_SIZE = { width: 220, height: 112 };
