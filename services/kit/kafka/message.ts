// What a handler is told about the Kafka record it handles, apart from its envelope: shared by
// the runner (consumer.ts), the dispatch of envelopes to handlers and the use cases, so none of
// them imports the runner for its types.
import type { TopicName } from "../../../contracts";

export type MessageContext = {
  topic: TopicName;
  partition: number;
  offset: string;
  key: string | null;
  timestamp: Date; // the broker's (or the producer's create) timestamp of the record
  receivedAt: Date; // when the handler was called for this message
  headers: Record<string, string>;
  /** With tracing on: the traceparent of this event's handler span, stored with the events it causes. */
  traceparent?: string;
};
